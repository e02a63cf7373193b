#pragma once

#include "core/redis/RedisTransport.h"

#include <QLocalSocket>

namespace tokencache {

/** RedisTransport over a Unix domain socket. */
class LocalTransport final : public SocketTransport<QLocalSocket>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalTransport)

public:
    LocalTransport(const QString& path, QObject* parent = nullptr);

    void open() override;

private:
    void onError(QLocalSocket::LocalSocketError error);

    QString m_path;
};

} // namespace tokencache
