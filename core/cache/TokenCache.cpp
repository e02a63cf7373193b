#include "cache/TokenCache.h"

#include "oauth/TokenClient.h"
#include "redis/RedisConnection.h"

#include <QPointer>

TokenCache::TokenCache(RedisConnection& redis, TokenClient& client, QObject* parent)
    : QObject(parent), m_redis(redis), m_client(client), m_reader(redis, this)
{}

void TokenCache::get(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    QPointer<QObject> guard(context);
    m_reader.read({profile.cacheKey()}, this,
                  [this, profile, guard, handler](const Result<QList<CacheEntry>>& entries) {
                      if (!guard)
                          return;
                      if (!entries) {
                          handler(entries.error());
                          return;
                      }
                      if (entries->isEmpty()) {
                          fetchAndStore(profile, guard, handler);
                          return;
                      }
                      CacheEntry entry = entries->first();
                      entry.profile = profile.name;
                      if (entry.status == CacheEntry::Status::Unreadable) {
                          handler(Error::redis(
                              QStringLiteral("key %1 holds no usable token (%2); `refresh %3` replaces it")
                                  .arg(entry.key, entry.reason, profile.name)));
                          return;
                      }
                      handler(entry);
                  });
}

void TokenCache::refresh(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    fetchAndStore(profile, context, std::move(handler));
}

void TokenCache::read(const QString& key, QObject* context, EntryHandler handler)
{
    QPointer<QObject> guard(context);
    m_reader.read({key}, this, [key, guard, handler](const Result<QList<CacheEntry>>& entries) {
        if (!guard)
            return;
        if (!entries)
            handler(entries.error());
        else if (entries->isEmpty())
            handler(Error::notFound(QStringLiteral("key %1 does not exist").arg(key)));
        else
            handler(entries->first());
    });
}

void TokenCache::evict(const QString& key, QObject* context, DoneHandler handler)
{
    const RedisCommand del{QByteArrayLiteral("DEL"), key.toUtf8()};
    QPointer<QObject> guard(context);
    m_redis.command(del, this, [this, key, del, guard, handler](const Result<RedisReply>& reply) {
        if (!guard)
            return;
        if (!reply)
            handler(reply.error());
        else if (reply->isError())
            handler(m_redis.commandError(del, *reply));
        else if (reply->integer == 0)
            handler(Error::notFound(QStringLiteral("key %1 does not exist").arg(key)));
        else
            handler(Done{});
    });
}

void TokenCache::list(const ListQuery& query, QObject* context, CacheScan::BatchHandler onBatch,
                      CacheScan::DoneHandler onDone)
{
    auto* scan = new CacheScan(m_redis, query, context, std::move(onBatch), std::move(onDone), this);
    scan->start();
}

void TokenCache::fetchAndStore(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    auto request = TokenRequest::fromProfile(profile);
    if (!request) {
        handler(request.error());
        return;
    }
    QPointer<QObject> guard(context);
    m_client.fetch(*request, this, [this, profile, guard, handler](const Result<TokenResponse>& response) {
        if (!guard)
            return;
        if (!response)
            handler(response.error());
        else
            store(profile, *response, guard, handler);
    });
}

void TokenCache::store(const ProviderProfile& profile, const TokenResponse& response, QObject* context,
                       EntryHandler handler)
{
    const qint64 ttlSeconds = response.expiresIn.value_or(profile.defaultTtlSeconds);
    if (ttlSeconds <= 0) {
        // As in the plain pattern: a token without a known lifetime is used once, never cached.
        CacheEntry entry = CacheEntry::fromValue(profile.cacheKey(), response.raw, CacheEntry::kGone);
        entry.profile = profile.name;
        entry.stored = false;
        entry.status = CacheEntry::Status::Valid;
        entry.reason.clear();
        entry.warnings.append(QStringLiteral("Provider %1: %2; the token was not cached")
                                  .arg(profile.name, response.expiresInProblem));
        handler(entry);
        return;
    }
    // One command sets value and TTL together, as SETEX does: no window without expiry.
    const RedisCommand set{QByteArrayLiteral("SET"), profile.cacheKey().toUtf8(), response.raw,
                           QByteArrayLiteral("EX"), QByteArray::number(ttlSeconds)};
    QPointer<QObject> guard(context);
    m_redis.command(
        set, this,
        [this, profile, response, ttlSeconds, set, guard, handler](const Result<RedisReply>& reply) {
            if (!guard)
                return;
            if (!reply) {
                handler(reply.error());
                return;
            }
            if (reply->isError()) {
                handler(m_redis.commandError(set, *reply));
                return;
            }
            CacheEntry entry = CacheEntry::fromValue(profile.cacheKey(), response.raw, ttlSeconds * 1000);
            entry.profile = profile.name;
            if (!response.expiresIn)
                entry.warnings.append(
                    QStringLiteral("Provider %1: %2; cached with the profile's default TTL of %3 s")
                        .arg(profile.name, response.expiresInProblem)
                        .arg(ttlSeconds));
            handler(entry);
        });
}
