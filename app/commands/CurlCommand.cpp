#include "app/commands/CurlCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/commands/GetCommand.h"
#include "core/cache/CacheEntry.h"

#include <QProcess>

#include <csignal>

#include <fcntl.h>
#include <unistd.h>

namespace tokencache {

namespace {

constexpr int kConfigFd = 3; ///< curl reads its config from /dev/fd/3

/** A curl config line; inside double quotes curl reads backslash escapes. */
QByteArray headerConfig(const QString& header)
{
    QByteArray quoted = header.toUtf8();
    quoted.replace('\\', "\\\\").replace('"', "\\\"");
    return "header = \"" + quoted + "\"\n";
}

} // namespace

QString CurlCommand::synopsis() const
{
    return QStringLiteral(
        "curl PROFILE [CURL ARGS...]   runs curl with the token as its Authorization header (never on\n"
        "                              curl's command line); every argument after PROFILE goes to curl");
}

void CurlCommand::execute(const QStringList& arguments, CommandContext& context)
{
    // Only PROFILE is ours: everything after it is curl's, options included, so no parser runs on it.
    if (context.helpAsked()) {
        ArgumentParser(name(), synopsis()).accept(context, {}, 0);
        return;
    }
    if (arguments.isEmpty() || arguments.first().startsWith(QLatin1Char('-')))
        return context.fail(Error::usage(
            QStringLiteral("curl: expected PROFILE, then curl's arguments (see tokencache curl --help)")));
    const QStringList curlArguments = arguments.mid(1);
    if (!context.auditable())
        return;
    GetCommand::getOrFetch(
        context, arguments.first(), [this, &context, curlArguments](const CacheEntry& entry) {
            context.record({name(), entry.key, entry.profile, entry.token->fingerprint(), {}});
            int pipeFds[2];
            if (::pipe2(pipeFds, O_CLOEXEC) != 0)
                return context.fail(Error::usage(QStringLiteral("curl: cannot create a pipe: %1")
                                                     .arg(QString::fromLocal8Bit(strerror(errno)))));
            // A header line is far below the pipe's buffer: written whole before curl starts.
            const QByteArray config = headerConfig(entry.token->authorizationHeader());
            const bool written =
                ::write(pipeFds[1], config.constData(), size_t(config.size())) == config.size();
            ::close(pipeFds[1]);
            if (!written) {
                ::close(pipeFds[0]);
                return context.fail(Error::usage(QStringLiteral("curl: cannot write its config")));
            }
            auto* curl = new QProcess(&context);
            curl->setProcessChannelMode(QProcess::ForwardedChannels);
            curl->setInputChannelMode(QProcess::ForwardedInputChannel);
            const int readFd = pipeFds[0];
            // In the child, between fork and exec: the read end becomes fd 3 (dup2 clears close-on-exec).
            // SIGPIPE back to its default too: curl behaves as when started from a shell.
            curl->setChildProcessModifier([readFd] {
                ::dup2(readFd, kConfigFd);
                std::signal(SIGPIPE, SIG_DFL);
            });
            QObject::connect(
                curl, &QProcess::finished, &context, [&context](int exitCode, QProcess::ExitStatus status) {
                    if (status == QProcess::CrashExit || exitCode != 0) {
                        context.err() << "tokencache: curl "
                                      << (status == QProcess::CrashExit
                                              ? QStringLiteral("was killed")
                                              : QStringLiteral("exited with status %1").arg(exitCode))
                                      << Qt::endl;
                        return GetCommand::finishWhenIdle(context, ExitCode::ChildFailed);
                    }
                    GetCommand::finishWhenIdle(context, ExitCode::Ok);
                });
            QObject::connect(
                curl, &QProcess::errorOccurred, &context, [&context, curl](QProcess::ProcessError error) {
                    if (error != QProcess::FailedToStart)
                        return;
                    context.err() << "tokencache: cannot run curl: " << curl->errorString() << Qt::endl;
                    GetCommand::finishWhenIdle(context, ExitCode::ChildFailed);
                });
            curl->start(QStringLiteral("curl"),
                        QStringList{QStringLiteral("--config"), QStringLiteral("/dev/fd/%1").arg(kConfigFd)} +
                            curlArguments);
            ::close(readFd); // start() has forked: the child holds its own copy, or none was made
        });
}

} // namespace tokencache
