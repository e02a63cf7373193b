#pragma once

#include "cache/CacheEntry.h"
#include "cache/CacheScan.h"
#include "cache/EntryReader.h"
#include "cache/ListQuery.h"
#include "common/Result.h"
#include "config/ProviderProfile.h"

#include <QObject>

#include <functional>

class RedisConnection;
class TokenClient;
struct TokenResponse;

/**
 * The token cache, in the format services already use: the key holds the provider's JSON
 * response unchanged, with the token's lifetime as its TTL (set in the same command).
 */
class TokenCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCache)

public:
    using EntryHandler = std::function<void(const Result<CacheEntry>&)>;
    using DoneHandler = std::function<void(const Result<Done>&)>;

    TokenCache(RedisConnection& redis, TokenClient& client, QObject* parent = nullptr);

    /** The cached token (GET and PTTL in one round trip), or on a miss a new one, fetched and stored. */
    void get(const ProviderProfile& profile, QObject* context, EntryHandler handler);
    /** Fetches a new token and overwrites the entry; on failure the old entry stays as it was. */
    void refresh(const ProviderProfile& profile, QObject* context, EntryHandler handler);
    /** One key's entry; NotFound if the key does not exist. */
    void read(const QString& key, QObject* context, EntryHandler handler);
    /** Deletes a key; NotFound if it did not exist. */
    void evict(const QString& key, QObject* context, DoneHandler handler);
    /** Streams the matching entries page by page, then reports how many there were. */
    void list(const ListQuery& query, QObject* context, CacheScan::BatchHandler onBatch,
              CacheScan::DoneHandler onDone);

private:
    void fetchAndStore(const ProviderProfile& profile, QObject* context, EntryHandler handler);
    void store(const ProviderProfile& profile, const TokenResponse& response, QObject* context,
               EntryHandler handler);

    RedisConnection& m_redis;
    TokenClient& m_client;
    EntryReader m_reader;
};
