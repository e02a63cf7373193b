#pragma once

#include "app/Command.h"
#include "app/CommandContext.h"

#include <QObject>
#include <QTextStream>

#include <memory>
#include <vector>

namespace tokencache {

class CommandLine;

/**
 * `tokencache [global options] COMMAND ...`: reads the global options, loads the
 * configuration and runs one command on the event loop. Emits finished(exit code) once.
 */
class HeadlessRunner final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HeadlessRunner)

public:
    HeadlessRunner(QTextStream& out, QTextStream& err, QObject* parent = nullptr);
    ~HeadlessRunner() override;

    /** @p arguments as from QCoreApplication::arguments(), program name first. */
    void run(const QStringList& arguments);

    QString usage() const;

signals:
    void finished(int exitCode);

private:
    void finishEarly(ExitCode code, const QString& errorLine = {});
    /** --output, or --json for --output json. */
    static Result<OutputFormat> outputFormat(const CommandLine& line);

    QTextStream& m_out;
    QTextStream& m_err;
    std::vector<std::unique_ptr<Command>> m_commands;
    std::unique_ptr<CommandContext> m_context;
};

} // namespace tokencache
