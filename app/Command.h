#pragma once

#include <QString>
#include <QStringList>

namespace tokencache {

class CommandContext;

/** One headless subcommand. execute() ends, now or later, with context.finish() or context.fail(). */
class Command
{
public:
    virtual ~Command() = default;

    virtual QString name() const = 0;
    /** The usage lines shown by --help. */
    virtual QString synopsis() const = 0;
    virtual void execute(const QStringList& arguments, CommandContext& context) = 0;
};

} // namespace tokencache
