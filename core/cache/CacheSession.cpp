#include "core/cache/CacheSession.h"

#include "core/cache/ServerProbe.h"
#include "core/cache/TokenCache.h"
#include "core/oauth/TokenClient.h"
#include "core/redis/RedisClient.h"

namespace tokencache {

CacheSession::CacheSession() = default;

CacheSession::~CacheSession() = default;

Result<std::shared_ptr<CacheSession>> CacheSession::create(const RedisSettings& settings,
                                                           const QString& writeRefusal,
                                                           std::shared_ptr<const AuditLog> audit)
{
    auto endpoint = settings.endpoint();
    if (!endpoint)
        return endpoint.error();
    std::shared_ptr<CacheSession> session(new CacheSession);
    session->m_redis = std::make_unique<RedisClient>(*endpoint);
    session->m_client = std::make_unique<TokenClient>();
    session->m_cache = std::make_unique<TokenCache>(*session->m_redis, *session->m_client);
    session->m_cache->setAuditLog(std::move(audit));
    if (!writeRefusal.isEmpty()) {
        session->m_cache->refuseWrites(writeRefusal);
        session->m_redis->refuseWrites(writeRefusal); // the last guard, below the cache's own checks
    }
    return session;
}

void CacheSession::probe(QObject* context, std::function<void(const Result<ServerInfo>&)> handler)
{
    ServerProbe::probe(*m_redis, context, std::move(handler));
}

} // namespace tokencache
