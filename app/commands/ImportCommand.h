#pragma once

#include "app/Command.h"

namespace tokencache {

/** `import FILE [--replace]`: adds the connections of an export to the config. */
class ImportCommand final : public Command
{
public:
    QString name() const override { return QStringLiteral("import"); }
    QString synopsis() const override;
    void execute(const QStringList& arguments, CommandContext& context) override;
};

} // namespace tokencache
