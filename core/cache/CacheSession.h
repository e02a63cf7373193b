#pragma once

#include "common/Result.h"
#include "config/AppConfig.h"

#include <QObject>

#include <memory>

class RedisConnection;
class TokenCache;
class TokenClient;

/** The services one front end works with on one Redis: connection, token client and cache. */
class CacheSession final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheSession)

public:
    /** Builds a session for @p settings; fails on a bad URL or an unresolvable password reference. */
    static Result<std::shared_ptr<CacheSession>> create(const RedisSettings& settings);
    ~CacheSession() override;

    RedisConnection& redis() { return *m_redis; }
    TokenClient& client() { return *m_client; }
    TokenCache& cache() { return *m_cache; }

private:
    CacheSession();

    std::unique_ptr<RedisConnection> m_redis;
    std::unique_ptr<TokenClient> m_client;
    std::unique_ptr<TokenCache> m_cache;
};
