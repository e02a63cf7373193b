#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

/**
 * A real redis-server on a free loopback port, without persistence, for one test or fixture.
 * Stopped (and its files removed) when destroyed.
 */
class RedisServer
{
public:
    explicit RedisServer(const QStringList& extraArguments = {});
    ~RedisServer();

    /** Starts the server; false with error() set if it did not come up. */
    bool start();
    void stop();
    /** Starts again on the same port, as after an outage. */
    bool restart();

    quint16 port() const { return m_port; }
    QString url(int database = 0) const;
    QString error() const { return m_error; }

    /** Runs redis-cli against this server, as a person or another service would; returns its stdout, trimmed.
     */
    QByteArray cli(const QStringList& arguments, const QByteArray& input = {}) const;

private:
    bool launch();

    QStringList m_extraArguments;
    QTemporaryDir m_directory;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};
