#pragma once

#include "app/Command.h"

namespace tokencache {

/** `export [--file FILE]`: the connections and their profiles as JSON, secret references only. */
class ExportCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("export"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
