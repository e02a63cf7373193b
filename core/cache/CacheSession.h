#pragma once

#include "core/cache/ServerInfo.h"
#include "core/common/Result.h"
#include "core/config/RedisSettings.h"

#include <QObject>

#include <functional>
#include <memory>

namespace tokencache {

class AuditLog;
class RedisClient;
class TokenCache;
class TokenClient;

/**
 * The services one front end works with on one Redis: the token cache and a look at the server.
 * The Redis connection and the token client stay inside: front ends never compose commands.
 */
class CacheSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheSession)

public:
    /**
     * Builds a session for @p settings; fails on a bad URL or an unresolvable password reference. With a
     * @p writeRefusal (a read-only connection's), nothing that writes is ever sent
     * (TokenCache::refuseWrites); with an @p audit log, every write is recorded there
     * (TokenCache::setAuditLog).
     */
    static Result<std::shared_ptr<CacheSession>> create(const RedisSettings& settings,
                                                        const QString& writeRefusal = {},
                                                        std::shared_ptr<const AuditLog> audit = {});
    ~CacheSession() override;

    TokenCache& cache() { return *m_cache; }
    RedisClient& redis() { return *m_redis; }
    /** PING and INFO server in one round trip: whether the server answers, its version and latency. */
    void probe(QObject* context, std::function<void(const Result<ServerInfo>&)> handler);

private:
    CacheSession();

    std::unique_ptr<RedisClient> m_redis;
    std::unique_ptr<TokenClient> m_client;
    std::unique_ptr<TokenCache> m_cache;
};

} // namespace tokencache
