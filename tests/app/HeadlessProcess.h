#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QStringList>

/** What one run of `tokencache --headless ...` printed and returned. */
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

private:
    QProcessEnvironment m_environment;
};
