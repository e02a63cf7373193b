#include "core/redis/TcpTransport.h"

namespace tokencache {

TcpTransport::TcpTransport(const QString& host, quint16 port, QObject* parent)
    : SocketTransport(parent), m_host(host), m_port(port)
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(&m_socket, &QTcpSocket::connected, this, &RedisTransport::connected);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &TcpTransport::onError);
}

void TcpTransport::open()
{
    m_socket.connectToHost(m_host, m_port);
}

QString TcpTransport::describe(QAbstractSocket::SocketError error, const QAbstractSocket& socket)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        return QStringLiteral("connection refused");
    case QAbstractSocket::HostNotFoundError:
        return QStringLiteral("host not found");
    case QAbstractSocket::RemoteHostClosedError:
        return QStringLiteral("connection closed by the server");
    default:
        return socket.errorString();
    }
}

void TcpTransport::onError(QAbstractSocket::SocketError error)
{
    emit failed(describe(error, m_socket));
}

} // namespace tokencache
