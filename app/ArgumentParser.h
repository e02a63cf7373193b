#pragma once

#include "core/common/Result.h"

#include <QCommandLineParser>

namespace tokencache {

class CommandContext;

/**
 * A command's own options: parsed with QCommandLineParser, `--help` answered with the command's
 * usage and options, errors turned into one usage line that names the command.
 */
class ArgumentParser : public QCommandLineParser
{
public:
    /** @p command as typed ("list", "profiles add"); @p usage: its synopsis, shown by --help. */
    ArgumentParser(const QString& command, const QString& usage);

    /** Recorded for --help, then added (hides QCommandLineParser's, which --help cannot list). */
    void addOption(const QCommandLineOption& option);
    void addOptions(const QList<QCommandLineOption>& options);

    /**
     * Parses @p arguments; true when the command should run. Otherwise it has finished the
     * context: printed the help (--help) or failed with a usage error.
     * @p positionalCount: how many positional arguments the command takes, or -1 for any.
     */
    bool accept(CommandContext& context, const QStringList& arguments, qsizetype positionalCount);

    QString help() const;
    /** Option @p name as a whole number from @p min to @p max, @p fallback when it is not given; a
     *  usage Error naming the command and the range otherwise. */
    Result<int> number(const QString& name, int min, int max, int fallback) const;

private:
    QString m_command;
    QString m_usage;
    QList<QCommandLineOption> m_options;
};

} // namespace tokencache
