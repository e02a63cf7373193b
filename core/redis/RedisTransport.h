#pragma once

#include <QByteArray>
#include <QObject>
#include <QString>

#include <type_traits>

class QLocalSocket;

namespace tokencache {

/**
 * A byte stream to one Redis server. RedisNode speaks RESP over it; TLS and Unix
 * sockets are other implementations of the same four signals.
 */
class RedisTransport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void open() = 0;
    virtual void abort() = 0;
    /** Ends the stream after what was written: the server runs it, then sees the close. */
    virtual void close() = 0;
    virtual void write(const QByteArray& bytes) = 0;
    virtual QByteArray readAll() = 0;
    /** Why opening has not finished yet, when the transport knows better than "no connection". */
    virtual QString whyNotOpenYet() const { return {}; }

signals:
    void connected();
    void readyRead();
    /** The peer closed the stream, or it broke after it was connected. */
    void disconnected();
    /** Opening failed or the stream broke; the reason is short and specific ("connection refused"). */
    void failed(const QString& reason);
};

/**
 * What the transports share over their Qt socket (QTcpSocket, QSslSocket, QLocalSocket): reading,
 * writing, aborting. Subclasses open it and word its errors.
 */
template <typename Socket> class SocketTransport : public RedisTransport
{
public:
    void abort() override { m_socket.abort(); }

    void close() override
    {
        if constexpr (std::is_same_v<Socket, QLocalSocket>)
            m_socket.disconnectFromServer();
        else
            m_socket.disconnectFromHost();
    }

    void write(const QByteArray& bytes) override
    {
        m_socket.write(bytes);
        m_socket.flush(); // send now, not on the next event-loop pass
    }

    QByteArray readAll() override
    {
        // QIODevice::readAll() allocates a 16 KiB chunk per call and then shrinks it, for 40-byte replies.
        return m_socket.read(m_socket.bytesAvailable());
    }

protected:
    explicit SocketTransport(QObject* parent) : RedisTransport(parent), m_socket(this)
    {
        connect(&m_socket, &Socket::readyRead, this, &RedisTransport::readyRead);
        connect(&m_socket, &Socket::disconnected, this, &RedisTransport::disconnected);
    }

    Socket m_socket;
};

} // namespace tokencache
