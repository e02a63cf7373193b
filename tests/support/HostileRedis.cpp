#include "tests/support/HostileRedis.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>

#include <optional>

namespace tokencache {

namespace {

// The client sends arrays of bulk strings; decodes one from the front of @p buffer if complete.
std::optional<QList<QByteArray>> takeCommand(QByteArray& buffer)
{
    if (!buffer.startsWith('*'))
        return std::nullopt;
    qsizetype at = buffer.indexOf("\r\n");
    if (at < 0)
        return std::nullopt;
    const int count = buffer.mid(1, at - 1).toInt();
    at += 2;
    QList<QByteArray> command;
    for (int i = 0; i < count; ++i) {
        const qsizetype end = buffer.indexOf("\r\n", at);
        if (end < 0 || buffer.at(at) != '$')
            return std::nullopt;
        const qsizetype length = buffer.mid(at + 1, end - at - 1).toLongLong();
        if (buffer.size() < end + 2 + length + 2)
            return std::nullopt;
        command.append(buffer.mid(end + 2, length));
        at = end + 2 + length + 2;
    }
    buffer.remove(0, at);
    return command;
}

} // namespace

HostileRedis::HostileRedis(QObject* parent) : QObject(parent), m_server(this)
{
    connect(&m_server, &QTcpServer::newConnection, this, &HostileRedis::onConnection);
}

bool HostileRedis::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString HostileRedis::url() const
{
    return QStringLiteral("redis://127.0.0.1:%1/0").arg(port());
}

int HostileRedis::count(const QByteArray& name) const
{
    int found = 0;
    for (const QByteArray& command : m_commands)
        found += command.split(' ').first() == name ? 1 : 0;
    return found;
}

QByteArray HostileRedis::bulk(const QByteArray& text)
{
    return '$' + QByteArray::number(text.size()) + "\r\n" + text + "\r\n";
}

QByteArray HostileRedis::array(const QList<QByteArray>& encodedElements)
{
    return '*' + QByteArray::number(encodedElements.size()) + "\r\n" + encodedElements.join();
}

void HostileRedis::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        ++m_connections;
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            buffer->append(socket->readAll());
            while (const auto command = takeCommand(*buffer))
                answer(socket, *command);
        });
    }
}

void HostileRedis::answer(QTcpSocket* socket, const QList<QByteArray>& command)
{
    QList<QByteArray> shown;
    for (const QByteArray& part : command)
        shown.append(part.left(40));
    m_commands.append(shown.join(' '));
    std::optional<Reply> reply = m_handler ? m_handler(command) : std::nullopt;
    if (!reply) {
        const QByteArray name = command.value(0).toUpper();
        if (name == "PING")
            reply = Reply{"+PONG\r\n"};
        else if (name == "INFO")
            reply = Reply{bulk("# Cluster\r\ncluster_enabled:0\r\n")};
        else if (name == "AUTH" || name == "SELECT")
            reply = Reply{"+OK\r\n"};
        else
            reply = Reply{"-ERR unknown command\r\n"};
    }
    if (reply->bytes.isEmpty())
        return;
    QPointer<QTcpSocket> guard(socket);
    const auto send = [guard, bytes = reply->bytes] {
        if (guard && guard->state() == QAbstractSocket::ConnectedState)
            guard->write(bytes);
    };
    if (reply->delayMs > 0)
        QTimer::singleShot(reply->delayMs, this, send);
    else
        send();
}

} // namespace tokencache
