#include "cache/CacheSession.h"

#include "cache/ServerProbe.h"
#include "cache/TokenCache.h"
#include "oauth/TokenClient.h"
#include "redis/RedisClient.h"

CacheSession::CacheSession() = default;

CacheSession::~CacheSession() = default;

Result<std::shared_ptr<CacheSession>> CacheSession::create(const RedisSettings& settings)
{
    auto endpoint = settings.endpoint();
    if (!endpoint)
        return endpoint.error();
    std::shared_ptr<CacheSession> session(new CacheSession);
    session->m_redis = std::make_unique<RedisClient>(*endpoint);
    session->m_client = std::make_unique<TokenClient>();
    session->m_cache = std::make_unique<TokenCache>(*session->m_redis, *session->m_client);
    return session;
}

void CacheSession::probe(QObject* context, std::function<void(const Result<ServerInfo>&)> handler)
{
    ServerProbe::probe(*m_redis, context, std::move(handler));
}
