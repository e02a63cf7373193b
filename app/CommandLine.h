#pragma once

#include "core/common/Result.h"

#include <QHash>
#include <QString>
#include <QStringList>

#include <optional>

namespace tokencache {

/**
 * The command line as both front ends read it: the global options, which may stand before or after
 * the command word, the command word, and the command's own arguments in their order. `curl`
 * passes everything after its PROFILE on untouched; `--` ends the global options.
 */
class CommandLine
{
public:
    /** @p arguments without the program name. Fails on a global option missing its value or given
     *  twice with different values. */
    static Result<CommandLine> split(const QStringList& arguments);

    const QString& command() const { return m_command; }
    const QStringList& commandArguments() const { return m_commandArguments; }
    bool isSet(const QString& option) const { return m_values.contains(option); }
    /** The last value given to @p option, or nullopt when it was not given. */
    std::optional<QString> value(const QString& option) const;

    /** No command, nothing but options the window honours, no --help/--version/--headless. */
    bool opensWindow() const;

private:
    QHash<QString, QString> m_values; ///< global option (long name) → value; flags map to ""
    QString m_command;
    QStringList m_commandArguments;
};

} // namespace tokencache
