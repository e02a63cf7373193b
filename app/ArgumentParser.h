#pragma once

#include "core/common/Result.h"

#include <QCommandLineParser>

namespace tokencache {

/** A subcommand's QCommandLineParser with errors turned into usage Errors. */
class ArgumentParser : public QCommandLineParser
{
public:
    /** @p positionalCount: how many positional arguments the command takes, or -1 for any. */
    Result<Done> parseArguments(const QString& command, const QStringList& arguments,
                                qsizetype positionalCount);
};

} // namespace tokencache
