#include "app/CommandLine.h"

namespace tokencache {

namespace {

struct GlobalOption
{
    QLatin1String name;
    char shortName;
    bool takesValue;
};

constexpr GlobalOption kGlobals[] = {
    {QLatin1String("headless"), 0, false},       {QLatin1String("config"), 0, true},
    {QLatin1String("redis"), 0, true},           {QLatin1String("output"), 0, true},
    {QLatin1String("json"), 0, false},           {QLatin1String("tls-ca"), 0, true},
    {QLatin1String("tls-cert"), 0, true},        {QLatin1String("tls-key"), 0, true},
    {QLatin1String("tls-server-name"), 0, true}, {QLatin1String("tls-insecure"), 0, false},
    {QLatin1String("help"), 'h', false},         {QLatin1String("version"), 'v', false},
    {QLatin1String("connection"), 'C', true},    {QLatin1String("audit-log"), 0, true},
};

const GlobalOption* globalNamed(QStringView argument)
{
    for (const GlobalOption& option : kGlobals) {
        if (argument.startsWith(QLatin1String("--")) && argument.mid(2) == option.name)
            return &option;
        if (option.shortName && argument.size() == 2 && argument[0] == QLatin1Char('-') &&
            argument[1] == QLatin1Char(option.shortName))
            return &option;
    }
    return nullptr;
}

} // namespace

Result<CommandLine> CommandLine::split(const QStringList& arguments)
{
    CommandLine line;
    bool profileSeen = false; // curl: once its PROFILE is there, the rest is curl's
    for (qsizetype i = 0; i < arguments.size(); ++i) {
        const QString& argument = arguments.at(i);
        if (line.m_command == QLatin1String("curl") && profileSeen) {
            line.m_commandArguments += arguments.mid(i);
            break;
        }
        if (argument == QLatin1String("--")) {
            QStringList rest = arguments.mid(i + 1);
            if (line.m_command.isEmpty() && !rest.isEmpty())
                line.m_command = rest.takeFirst();
            line.m_commandArguments += QStringList{argument} + rest;
            break;
        }
        const qsizetype equals =
            argument.startsWith(QLatin1String("--")) ? argument.indexOf(QLatin1Char('=')) : -1;
        const GlobalOption* global = globalNamed(equals > 0 ? QStringView(argument).left(equals) : argument);
        if (global) {
            QString value;
            if (global->takesValue && equals > 0) {
                value = argument.mid(equals + 1);
            } else if (global->takesValue) {
                if (i + 1 >= arguments.size())
                    return Error::usage(QStringLiteral("--%1 needs a value").arg(global->name));
                value = arguments.at(++i);
            } else if (equals > 0) {
                return Error::usage(QStringLiteral("--%1 takes no value").arg(global->name));
            }
            // Two different values (--output json --output jsonl): neither silently wins.
            if (const auto given = line.m_values.constFind(global->name);
                given != line.m_values.cend() && *given != value)
                return Error::usage(
                    QStringLiteral("--%1 given twice: %2 and %3").arg(global->name, *given, value));
            line.m_values.insert(global->name, value);
            continue;
        }
        const bool positional = !argument.startsWith(QLatin1Char('-')) || argument == QLatin1String("-");
        if (positional && line.m_command.isEmpty()) {
            line.m_command = argument;
            continue;
        }
        if (positional && line.m_command == QLatin1String("curl"))
            profileSeen = true;
        line.m_commandArguments.append(argument);
    }
    return line;
}

std::optional<QString> CommandLine::value(const QString& option) const
{
    const auto found = m_values.constFind(option);
    return found == m_values.cend() ? std::nullopt : std::optional(*found);
}

bool CommandLine::opensWindow() const
{
    if (!m_command.isEmpty() || !m_commandArguments.isEmpty())
        return false;
    for (auto it = m_values.cbegin(); it != m_values.cend(); ++it) {
        if (it.key() != QLatin1String("config") && it.key() != QLatin1String("redis") &&
            it.key() != QLatin1String("connection"))
            return false;
    }
    return true;
}

} // namespace tokencache
