#pragma once

#include "app/Command.h"

namespace tokencache {

/**
 * `introspect KEY [--profile NAME]`: asks the provider whether a cached token is active (RFC 7662)
 * and prints what it says; exit 7 when it is not active.
 */
class IntrospectCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("introspect"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
