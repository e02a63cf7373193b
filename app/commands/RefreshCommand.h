#pragma once

#include "app/Command.h"

namespace tokencache {

/** `refresh PROFILE`: a new token now, replacing the cached one only if the fetch succeeds. */
class RefreshCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("refresh"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
