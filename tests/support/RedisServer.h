#pragma once

#include <QByteArray>
#include <QProcess>
#include <QStringList>
#include <QTemporaryDir>

namespace tokencache {

/**
 * A real redis-server on a free loopback port, without persistence, for one test or fixture.
 * Stopped (and its files removed) when destroyed.
 */
class RedisServer
{
public:
    explicit RedisServer(const QStringList& extraArguments = {});
    ~RedisServer();

    /** Before start(): serve TLS only on port(), with these certificates (see TlsMaterial); a sentinel too.
     */
    void useTls(const QString& cert, const QString& key, const QString& ca, bool requireClientCertificates);
    /** Before start(): serve on a Unix socket only, at socketPath(). */
    void useUnixSocket();
    /** Before start(): run as a Sentinel watching the primary at @p primaryPort as @p masterName. */
    void useSentinelFor(quint16 primaryPort, const QString& masterName);
    /** Before start(): run as a Redis Cluster node (on a port below 55536: the bus is port + 10000). */
    void useClusterMode();
    QString socketPath() const { return m_directory.filePath(QStringLiteral("redis.sock")); }

    /** Starts the server; false with error() set if it did not come up. */
    bool start();
    void stop();
    /**
     * Stops the process (SIGSTOP) without ending it: the port stays taken and nothing answers, as
     * a hung host would; no other test's server can take its address meanwhile. stop() ends it.
     */
    void freeze();
    /** Starts again on the same port, as after an outage. */
    bool restart();

    quint16 port() const { return m_port; }
    QString url(int database = 0) const;
    QString error() const { return m_error; }

    /** Runs redis-cli against this server, as a person or another service would; returns its stdout, trimmed.
     */
    QByteArray cli(const QStringList& arguments, const QByteArray& input = {}) const;
    /** How many times the server ran @p command (lower case) since it started or CONFIG RESETSTAT. */
    int commandCalls(const QByteArray& command) const;

private:
    bool launch();

    enum class Mode
    {
        Tcp,
        Unix,
        Sentinel,
        Cluster
    };
    bool isServing();
    bool usesTls() const { return !m_tlsArguments.isEmpty(); }
    QStringList arguments();

    QStringList m_extraArguments;
    Mode m_mode = Mode::Tcp;
    QStringList m_tlsArguments;
    quint16 m_primaryPort = 0;
    QString m_masterName;
    QTemporaryDir m_directory;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

} // namespace tokencache
