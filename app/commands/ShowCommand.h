#pragma once

#include "app/Command.h"

namespace tokencache {

/** `show KEY [--reveal]`: one entry in full, the token masked unless revealed. */
class ShowCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("show"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
