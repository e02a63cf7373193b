#include "app/ArgumentParser.h"

#include "app/CommandContext.h"

namespace tokencache {

ArgumentParser::ArgumentParser(const QString& command, const QString& usage)
    : m_command(command), m_usage(usage)
{}

void ArgumentParser::addOption(const QCommandLineOption& option)
{
    m_options.append(option);
    QCommandLineParser::addOption(option);
}

void ArgumentParser::addOptions(const QList<QCommandLineOption>& options)
{
    for (const QCommandLineOption& option : options)
        addOption(option);
}

QString ArgumentParser::help() const
{
    QString text = QStringLiteral("Usage: tokencache %1\n").arg(m_usage);
    if (!m_options.isEmpty()) {
        text += QStringLiteral("\nOptions:\n");
        for (const QCommandLineOption& option : m_options) {
            QString names = QStringLiteral("--") + option.names().join(QStringLiteral(", --"));
            if (!option.valueName().isEmpty())
                names += QLatin1Char(' ') + option.valueName();
            text += QStringLiteral("  %1  %2\n").arg(names.leftJustified(28), option.description());
        }
    }
    text += QStringLiteral(
        "\nGlobal options, before or after the command: --config FILE, --redis URL,\n"
        "--connection NAME (-C), --audit-log FILE, --output table|json|jsonl, --json, --tls-ca FILE,\n"
        "--tls-cert FILE, --tls-key FILE, --tls-server-name NAME, --tls-insecure.\n"
        "Exit codes and more: tokencache --help, man tokencache.\n");
    return text;
}

bool ArgumentParser::accept(CommandContext& context, const QStringList& arguments, qsizetype positionalCount)
{
    if (context.helpAsked()) {
        context.out() << help();
        context.finish();
        return false;
    }
    const QString seeHelp = QStringLiteral("see tokencache %1 --help").arg(m_command);
    if (!parse(QStringList{m_command} + arguments)) {
        const QStringList unknown = unknownOptionNames();
        if (!unknown.isEmpty()) {
            const QString& name = unknown.first();
            context.fail(Error::usage(QStringLiteral("%1: unknown option %2%3 (%4)")
                                          .arg(m_command,
                                               name.size() == 1 ? QStringLiteral("-") : QStringLiteral("--"),
                                               name, seeHelp)));
        } else {
            context.fail(Error::usage(QStringLiteral("%1: %2 (%3)").arg(m_command, errorText(), seeHelp)));
        }
        return false;
    }
    if (positionalCount >= 0 && positionalArguments().size() != positionalCount) {
        context.fail(Error::usage(QStringLiteral("%1: expected %2 argument(s), got %3 (%4)")
                                      .arg(m_command)
                                      .arg(positionalCount)
                                      .arg(positionalArguments().size())
                                      .arg(seeHelp)));
        return false;
    }
    return true;
}

Result<int> ArgumentParser::number(const QString& name, int min, int max, int fallback) const
{
    if (!isSet(name))
        return fallback;
    bool ok = false;
    const int parsed = value(name).toInt(&ok);
    if (!ok || parsed < min || parsed > max)
        return Error::usage(QStringLiteral("%1: --%2: expected a whole number from %3 to %4")
                                .arg(m_command, name)
                                .arg(min)
                                .arg(max));
    return parsed;
}

} // namespace tokencache
