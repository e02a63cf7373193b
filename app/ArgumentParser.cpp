#include "app/ArgumentParser.h"

namespace tokencache {

Result<Done> ArgumentParser::parseArguments(const QString& command, const QStringList& arguments,
                                            qsizetype positionalCount)
{
    if (!parse(QStringList{command} + arguments))
        return Error::usage(QStringLiteral("%1: %2").arg(command, errorText()));
    if (positionalCount >= 0 && positionalArguments().size() != positionalCount)
        return Error::usage(QStringLiteral("%1: expected %2 argument(s), got %3; see --help")
                                .arg(command)
                                .arg(positionalCount)
                                .arg(positionalArguments().size()));
    return Done{};
}

} // namespace tokencache
