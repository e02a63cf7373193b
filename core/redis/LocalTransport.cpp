#include "core/redis/LocalTransport.h"

namespace tokencache {

LocalTransport::LocalTransport(const QString& path, QObject* parent) : SocketTransport(parent), m_path(path)
{
    connect(&m_socket, &QLocalSocket::connected, this, &RedisTransport::connected);
    connect(&m_socket, &QLocalSocket::errorOccurred, this, &LocalTransport::onError);
}

void LocalTransport::open()
{
    m_socket.connectToServer(m_path);
}

void LocalTransport::onError(QLocalSocket::LocalSocketError error)
{
    switch (error) {
    case QLocalSocket::ServerNotFoundError:
        emit failed(QStringLiteral("no socket at this path"));
        break;
    case QLocalSocket::ConnectionRefusedError:
        emit failed(QStringLiteral("connection refused"));
        break;
    case QLocalSocket::SocketAccessError:
        emit failed(QStringLiteral("permission denied"));
        break;
    case QLocalSocket::PeerClosedError:
        emit failed(QStringLiteral("connection closed by the server"));
        break;
    default:
        emit failed(m_socket.errorString());
        break;
    }
}

} // namespace tokencache
