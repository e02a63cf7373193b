#pragma once

#include <QByteArray>
#include <QProcess>
#include <QProcessEnvironment>
#include <QStringList>

#include <memory>

namespace tokencache {

/** What one run of `tokencache COMMAND ...` printed and returned. */
struct HeadlessRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool crashed = false;
};

/**
 * Runs the real tokencache binary with a given config file and environment, while the test's
 * event loop keeps serving (the token endpoint lives in the test process).
 */
class HeadlessProcess
{
public:
    explicit HeadlessProcess(const QString& configPath);

    void setEnvironment(const QString& name, const QString& value) { m_environment.insert(name, value); }
    HeadlessRun run(const QStringList& arguments, int timeoutMs = 30000) const;

    /** Starts a run without waiting, for many concurrent processes. */
    std::unique_ptr<QProcess> start(const QStringList& arguments) const;
    /** A run set up but not started, for a test that redirects its output first (see begin()). */
    std::unique_ptr<QProcess> prepare() const;
    static void begin(QProcess& process, const QStringList& arguments);
    /** Waits (serving events) for a started run and collects what it printed. */
    static HeadlessRun finish(QProcess& process, int timeoutMs = 30000);

private:
    QProcessEnvironment m_environment;
};

} // namespace tokencache
