#pragma once

#include "app/Command.h"

namespace tokencache {

/**
 * `verify KEY [--profile NAME]`: whether a cached token is signed by its profile's issuer and
 * within its times; exit 7 when it is not shown valid.
 */
class VerifyCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("verify"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
