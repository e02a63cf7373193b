#pragma once

#include "app/Command.h"

namespace tokencache {

/** `list [--pattern GLOB]`: cached entries without their tokens. */
class ListCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("list"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
