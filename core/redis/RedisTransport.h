#pragma once

#include <QByteArray>
#include <QIODevice>
#include <QObject>
#include <QString>

/**
 * A byte stream to one Redis server. RedisConnection speaks RESP over it; TLS and Unix
 * sockets are other implementations of the same four signals.
 */
class RedisTransport : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    virtual void open() = 0;
    virtual void abort() = 0;
    virtual void write(const QByteArray& bytes) = 0;
    virtual QByteArray readAll() = 0;

signals:
    void connected();
    void readyRead();
    /** The peer closed the stream, or it broke after it was connected. */
    void disconnected();
    /** Opening failed or the stream broke; the reason is short and specific ("connection refused"). */
    void failed(const QString& reason);

protected:
    /** What has arrived on @p stream, in an array of its size. */
    static QByteArray readArrived(QIODevice& stream)
    {
        // QIODevice::readAll() allocates a 16 KiB chunk per call and then shrinks it, for 40-byte replies.
        return stream.read(stream.bytesAvailable());
    }
};
