#pragma once

#include "core/redis/RedisTransport.h"

#include <QTcpSocket>

namespace tokencache {

/** RedisTransport over plain TCP. */
class TcpTransport final : public SocketTransport<QTcpSocket>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TcpTransport)

public:
    TcpTransport(const QString& host, quint16 port, QObject* parent = nullptr);

    void open() override;

    /** A socket error as a short, specific reason ("connection refused"). */
    static QString describe(QAbstractSocket::SocketError error, const QAbstractSocket& socket);

private:
    void onError(QAbstractSocket::SocketError error);

    QString m_host;
    quint16 m_port;
};

} // namespace tokencache
