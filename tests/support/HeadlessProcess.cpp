#include "tests/support/HeadlessProcess.h"

#include <QFileInfo>
#include <QProcess>
#include <QTest>

namespace tokencache {

HeadlessProcess::HeadlessProcess(const QString& configPath)
    : m_environment(QProcessEnvironment::systemEnvironment())
{
    m_environment.insert(QStringLiteral("TOKENCACHE_CONFIG"), configPath);
    // The audit log goes beside the config: each test reads its own, none reaches the user's.
    m_environment.insert(QStringLiteral("XDG_STATE_HOME"),
                         QFileInfo(configPath).absolutePath() + QStringLiteral("/state"));
    // So does the discovery cache: each test's issuers are its own.
    m_environment.insert(QStringLiteral("XDG_CACHE_HOME"),
                         QFileInfo(configPath).absolutePath() + QStringLiteral("/cache"));
    m_environment.remove(QStringLiteral("TOKENCACHE_REDIS_URL"));
    m_environment.remove(QStringLiteral("TOKENCACHE_CONNECTION"));
    // Headless runs must not need a display.
    m_environment.remove(QStringLiteral("DISPLAY"));
    m_environment.remove(QStringLiteral("WAYLAND_DISPLAY"));
    m_environment.remove(QStringLiteral("QT_QPA_PLATFORM"));
}

HeadlessRun HeadlessProcess::run(const QStringList& arguments, int timeoutMs) const
{
    const std::unique_ptr<QProcess> process = start(arguments);
    return finish(*process, timeoutMs);
}

std::unique_ptr<QProcess> HeadlessProcess::start(const QStringList& arguments) const
{
    auto process = prepare();
    begin(*process, arguments);
    return process;
}

std::unique_ptr<QProcess> HeadlessProcess::prepare() const
{
    auto process = std::make_unique<QProcess>();
    process->setProcessEnvironment(m_environment);
    return process;
}

void HeadlessProcess::begin(QProcess& process, const QStringList& arguments)
{
    // A command word is enough to run headless (no --headless), with no display, as on a server.
    process.start(QStringLiteral(TOKENCACHE_BINARY), arguments);
}

HeadlessRun HeadlessProcess::finish(QProcess& process, int timeoutMs)
{
    // Waiting through the event loop, so the in-process token endpoint can answer meanwhile.
    const bool finished =
        QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, timeoutMs);
    HeadlessRun result;
    if (!finished) {
        process.kill();
        process.waitForFinished();
        result.crashed = true;
    }
    result.crashed = result.crashed || process.exitStatus() == QProcess::CrashExit;
    result.exitCode = process.exitCode();
    result.out = process.readAllStandardOutput();
    result.err = process.readAllStandardError();
    return result;
}

} // namespace tokencache
