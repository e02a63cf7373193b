#pragma once

#include "core/redis/RedisEndpoint.h"
#include "core/redis/RedisTransport.h"

#include <QSslSocket>

namespace tokencache {

/** RedisTransport over TLS: certificate and host name verified unless the endpoint says insecure. */
class SslTransport final : public SocketTransport<QSslSocket>
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SslTransport)

public:
    SslTransport(const RedisEndpoint& endpoint, QObject* parent = nullptr);

    void open() override;
    /** Connected but no handshake: most often a plain-text Redis behind a rediss:// URL. */
    QString whyNotOpenYet() const override;

private:
    QString configure();
    void onSslErrors(const QList<QSslError>& errors);
    void onError(QAbstractSocket::SocketError error);

    RedisEndpoint m_endpoint;
    bool m_reported = false; ///< the first, most specific failure wins
};

} // namespace tokencache
