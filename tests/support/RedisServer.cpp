#include "tests/support/RedisServer.h"

#include <csignal>
#include <sys/types.h>

#include <QTest>

#include <QElapsedTimer>
#include <QFile>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>

namespace tokencache {

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

bool isFree(quint16 port)
{
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, port);
}

// Cluster nodes also listen on port + 10000, so both must be free and below 65536.
quint16 freeClusterPort()
{
    for (int attempt = 0; attempt < 100; ++attempt) {
        const auto port = quint16(QRandomGenerator::global()->bounded(20000, 45000));
        if (isFree(port) && isFree(port + 10000))
            return port;
    }
    return 0;
}

} // namespace

RedisServer::RedisServer(const QStringList& extraArguments) : m_extraArguments(extraArguments) {}

RedisServer::~RedisServer()
{
    stop();
}

void RedisServer::useTls(const QString& cert, const QString& key, const QString& ca,
                         bool requireClientCertificates)
{
    m_tlsArguments = {QStringLiteral("--tls-cert-file"),
                      cert,
                      QStringLiteral("--tls-key-file"),
                      key,
                      QStringLiteral("--tls-ca-cert-file"),
                      ca,
                      QStringLiteral("--tls-auth-clients"),
                      requireClientCertificates ? QStringLiteral("yes") : QStringLiteral("no")};
}

void RedisServer::useClusterMode()
{
    m_mode = Mode::Cluster;
}

void RedisServer::useUnixSocket()
{
    m_mode = Mode::Unix;
}

void RedisServer::useSentinelFor(quint16 primaryPort, const QString& masterName)
{
    m_mode = Mode::Sentinel;
    m_primaryPort = primaryPort;
    m_masterName = masterName;
}

bool RedisServer::start()
{
    // Another test process may take the port between probe and bind: try a few.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = m_mode == Mode::Cluster ? freeClusterPort() : freePort();
        if (launch())
            return true;
    }
    return false;
}

bool RedisServer::restart()
{
    stop();
    // The port may still be held for a moment by the old process: try until it is free again.
    return QTest::qWaitFor([this] { return launch(); }, 5000);
}

QStringList RedisServer::arguments()
{
    if (m_mode == Mode::Sentinel) {
        // A sentinel rewrites its configuration file, so it gets one of its own.
        QFile config(m_directory.filePath(QStringLiteral("sentinel.conf")));
        if (!config.open(QIODevice::WriteOnly))
            return {};
        config.write(QStringLiteral("port %1\nbind 127.0.0.1\ndir %2\n"
                                    "sentinel monitor %3 127.0.0.1 %4 1\n"
                                    "sentinel down-after-milliseconds %3 1000\n"
                                    "sentinel failover-timeout %3 5000\n")
                         .arg(usesTls() ? 0 : m_port)
                         .arg(m_directory.path(), m_masterName)
                         .arg(m_primaryPort)
                         .toUtf8());
        if (usesTls()) {
            // The same TLS options as a file's lines; it reaches the primary over TLS too.
            config.write(QStringLiteral("tls-port %1\ntls-replication yes\n").arg(m_port).toUtf8());
            for (qsizetype i = 0; i + 1 < m_tlsArguments.size(); i += 2)
                config.write(
                    (m_tlsArguments.at(i).mid(2) + u' ' + m_tlsArguments.at(i + 1) + u'\n').toUtf8());
        }
        return {config.fileName(), QStringLiteral("--sentinel")};
    }
    QStringList arguments{QStringLiteral("--port"),
                          !usesTls() && (m_mode == Mode::Tcp || m_mode == Mode::Cluster)
                              ? QString::number(m_port)
                              : QStringLiteral("0"),
                          QStringLiteral("--bind"),
                          QStringLiteral("127.0.0.1"),
                          QStringLiteral("--save"),
                          QString(),
                          QStringLiteral("--appendonly"),
                          QStringLiteral("no"),
                          QStringLiteral("--dir"),
                          m_directory.path()};
    if (usesTls())
        arguments += QStringList{QStringLiteral("--tls-port"), QString::number(m_port)} + m_tlsArguments;
    if (m_mode == Mode::Cluster)
        arguments += {QStringLiteral("--cluster-enabled"),
                      QStringLiteral("yes"),
                      QStringLiteral("--cluster-config-file"),
                      m_directory.filePath(QStringLiteral("nodes-%1.conf").arg(m_port)),
                      QStringLiteral("--cluster-node-timeout"),
                      QStringLiteral("2000")};
    if (m_mode == Mode::Unix)
        arguments += {QStringLiteral("--unixsocket"), socketPath(), QStringLiteral("--unixsocketperm"),
                      QStringLiteral("700")};
    return arguments + m_extraArguments;
}

bool RedisServer::isServing()
{
    if (m_mode == Mode::Unix)
        return QFile::exists(socketPath()) && cli({QStringLiteral("PING")}) == "PONG";
    QTcpSocket probe;
    probe.connectToHost(QHostAddress::LocalHost, m_port);
    if (!probe.waitForConnected(200))
        return false;
    if (usesTls())
        return true; // it accepts connections; the handshake is what the tests examine
    // Any RESP reply (+PONG, or -NOAUTH on a protected server) means it is serving.
    probe.write("PING\r\n");
    if (!probe.waitForReadyRead(500))
        return false;
    const QByteArray reply = probe.readAll();
    return reply.startsWith('+') || reply.startsWith('-');
}

bool RedisServer::launch()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("redis-server is not installed (scripts/test.sh installs it)");
        return false;
    }
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, arguments());
    if (!m_process.waitForStarted(5000)) {
        m_error = m_process.errorString();
        return false;
    }
    bool exited = false;
    const bool serving = QTest::qWaitFor(
        [this, &exited] {
            exited = m_process.state() != QProcess::Running;
            return exited || isServing();
        },
        5000);
    if (exited) {
        m_error = QString::fromUtf8(m_process.readAll());
        return false;
    }
    if (serving)
        return true;
    m_error = QStringLiteral("redis-server did not answer on port %1").arg(m_port);
    stop();
    return false;
}

void RedisServer::stop()
{
    if (m_process.state() == QProcess::NotRunning)
        return;
    m_process.kill();
    m_process.waitForFinished(5000);
}

void RedisServer::freeze()
{
    if (m_process.state() != QProcess::NotRunning)
        ::kill(pid_t(m_process.processId()), SIGSTOP);
}

QString RedisServer::url(int database) const
{
    return QStringLiteral("redis://127.0.0.1:%1/%2").arg(m_port).arg(database);
}

int RedisServer::commandCalls(const QByteArray& command) const
{
    const QByteArray stats = cli({QStringLiteral("INFO"), QStringLiteral("commandstats")});
    const QByteArray field = "cmdstat_" + command + ":calls=";
    const qsizetype at = stats.indexOf(field);
    return at < 0 ? 0 : stats.mid(at + field.size(), stats.indexOf(',', at) - at - field.size()).toInt();
}

QByteArray RedisServer::cli(const QStringList& arguments, const QByteArray& input) const
{
    QStringList connection{QStringLiteral("-p"), QString::number(m_port)};
    if (m_mode == Mode::Unix)
        connection = {QStringLiteral("-s"), socketPath()};
    if (usesTls())
        connection += {QStringLiteral("--tls"),  QStringLiteral("--cacert"), m_tlsArguments.at(5),
                       QStringLiteral("--cert"), m_tlsArguments.at(1),       QStringLiteral("--key"),
                       m_tlsArguments.at(3)};
    QProcess process;
    process.start(QStringLiteral("redis-cli"), connection + arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(10000);
    return process.readAllStandardOutput().trimmed();
}

} // namespace tokencache
