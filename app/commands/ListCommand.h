#pragma once

#include "app/Command.h"

namespace tokencache {

/** `list`: cached entries without their tokens, filtered and sorted. */
class ListCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("list"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
