#include "RedisServer.h"

#include <QElapsedTimer>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QThread>

namespace {

quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

} // namespace

RedisServer::RedisServer(const QStringList& extraArguments) : m_extraArguments(extraArguments) {}

RedisServer::~RedisServer()
{
    stop();
}

bool RedisServer::start()
{
    // Another test process may take the port between probe and bind: try a few.
    for (int attempt = 0; attempt < 5; ++attempt) {
        m_port = freePort();
        if (launch())
            return true;
    }
    return false;
}

bool RedisServer::restart()
{
    stop();
    for (int attempt = 0; attempt < 20; ++attempt) {
        if (launch())
            return true;
        QThread::msleep(100);
    }
    return false;
}

bool RedisServer::launch()
{
    const QString program = QStandardPaths::findExecutable(QStringLiteral("redis-server"));
    if (program.isEmpty()) {
        m_error = QStringLiteral("redis-server is not installed (scripts/test.sh installs it)");
        return false;
    }
    QStringList arguments{QStringLiteral("--port"),       QString::number(m_port),
                          QStringLiteral("--bind"),       QStringLiteral("127.0.0.1"),
                          QStringLiteral("--save"),       QString(),
                          QStringLiteral("--appendonly"), QStringLiteral("no"),
                          QStringLiteral("--dir"),        m_directory.path()};
    arguments += m_extraArguments;
    m_process.setProcessChannelMode(QProcess::MergedChannels);
    m_process.start(program, arguments);
    if (!m_process.waitForStarted(5000)) {
        m_error = m_process.errorString();
        return false;
    }
    QElapsedTimer clock;
    clock.start();
    while (clock.elapsed() < 5000) {
        if (m_process.state() != QProcess::Running) {
            m_error = QString::fromUtf8(m_process.readAll());
            return false;
        }
        // Any RESP reply (+PONG, or -NOAUTH on a protected server) means it is serving.
        QTcpSocket probe;
        probe.connectToHost(QHostAddress::LocalHost, m_port);
        if (probe.waitForConnected(200)) {
            probe.write("PING\r\n");
            if (probe.waitForReadyRead(500)) {
                const QByteArray reply = probe.readAll();
                if (reply.startsWith('+') || reply.startsWith('-'))
                    return true;
            }
        }
        QThread::msleep(20);
    }
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

QString RedisServer::url(int database) const
{
    return QStringLiteral("redis://127.0.0.1:%1/%2").arg(m_port).arg(database);
}

QByteArray RedisServer::cli(const QStringList& arguments, const QByteArray& input) const
{
    QProcess process;
    process.start(QStringLiteral("redis-cli"),
                  QStringList{QStringLiteral("-p"), QString::number(m_port)} + arguments);
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    process.waitForFinished(10000);
    return process.readAllStandardOutput().trimmed();
}
