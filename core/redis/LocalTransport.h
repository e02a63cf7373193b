#pragma once

#include "redis/RedisTransport.h"

#include <QLocalSocket>

/** RedisTransport over a Unix domain socket. */
class LocalTransport final : public RedisTransport
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LocalTransport)

public:
    LocalTransport(const QString& path, QObject* parent = nullptr);

    void open() override;
    void abort() override;
    void write(const QByteArray& bytes) override;
    QByteArray readAll() override;

private:
    void onError(QLocalSocket::LocalSocketError error);

    QString m_path;
    QLocalSocket m_socket;
};
