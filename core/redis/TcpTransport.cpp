#include "redis/TcpTransport.h"

TcpTransport::TcpTransport(const QString& host, quint16 port, QObject* parent)
    : RedisTransport(parent), m_host(host), m_port(port), m_socket(this)
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(&m_socket, &QTcpSocket::connected, this, &RedisTransport::connected);
    connect(&m_socket, &QTcpSocket::readyRead, this, &RedisTransport::readyRead);
    connect(&m_socket, &QTcpSocket::disconnected, this, &RedisTransport::disconnected);
    connect(&m_socket, &QTcpSocket::errorOccurred, this, &TcpTransport::onError);
}

void TcpTransport::open()
{
    m_socket.connectToHost(m_host, m_port);
}

void TcpTransport::abort()
{
    m_socket.abort();
}

void TcpTransport::write(const QByteArray& bytes)
{
    m_socket.write(bytes);
}

QByteArray TcpTransport::readAll()
{
    return m_socket.readAll();
}

void TcpTransport::onError(QAbstractSocket::SocketError error)
{
    switch (error) {
    case QAbstractSocket::ConnectionRefusedError:
        emit failed(QStringLiteral("connection refused"));
        break;
    case QAbstractSocket::HostNotFoundError:
        emit failed(QStringLiteral("host not found"));
        break;
    case QAbstractSocket::RemoteHostClosedError:
        emit failed(QStringLiteral("connection closed by the server"));
        break;
    default:
        emit failed(m_socket.errorString());
        break;
    }
}
