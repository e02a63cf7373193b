#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/EntryParser.h"
#include "core/cache/ListQuery.h"
#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"

#include <QDeadlineTimer>
#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace tokencache {

class EntryReader;
class RedisClient;
class RedisLock;
struct LockInfo;
struct RedisReply;
class TokenClient;
struct TokenResponse;

/**
 * The token cache, in the format services already use: the key holds the provider's JSON
 * response unchanged, with a TTL no longer than the token's lifetime (set in the same command).
 *
 * Fetches are single-flight across processes: the fetcher holds `{<key>}:lock` (see RedisLock)
 * while the others wait for the entry to appear; within one process, concurrent calls for the
 * same key share one operation. Entries expire the profile's refresh margin before their
 * token does, and a get that finds an entry inside that margin refreshes it in the background.
 */
class TokenCache final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenCache)

public:
    using EntryHandler = std::function<void(const Result<CacheEntry>&)>;
    using DoneHandler = std::function<void(const Result<Done>&)>;
    /** Keys with their PTTL in ms: CacheEntry::kNoTtl without one, kGone when deleted meanwhile. */
    using TtlHandler = std::function<void(const Result<QList<QPair<QString, qint64>>>&)>;

    TokenCache(RedisClient& redis, TokenClient& client, QObject* parent = nullptr);
    /** Cancels what is running: waiting callers get an Aborted error, held locks are released. */
    ~TokenCache() override;

    /** The cached token (GET and PTTL in one round trip), or on a miss a new one, fetched once and stored. */
    void get(const ProviderProfile& profile, QObject* context, EntryHandler handler);
    /** Fetches a new token under the lock and overwrites the entry; on failure the old entry stays. */
    void refresh(const ProviderProfile& profile, QObject* context, EntryHandler handler);
    /**
     * One key's entry, read as its owning profile @p owner says (its response's fields, its margin), or as
     * RFC 6749's response when none owns it (nullptr); NotFound if the key does not exist.
     */
    void read(const QString& key, const ProviderProfile* owner, QObject* context, EntryHandler handler);
    /** Deletes a key; NotFound if it did not exist. */
    void evict(const QString& key, QObject* context, DoneHandler handler);
    /** Deletes the lock of @p entryKey if it is stale, or in any case with @p force. */
    void evictLock(const QString& entryKey, bool force, QObject* context, DoneHandler handler);
    /** Streams the matching entries page by page, then reports how many there were. */
    void list(const ListQuery& query, QObject* context, ListQuery::BatchHandler onBatch,
              ListQuery::DoneHandler onDone);
    /** The time left of @p keys, in one pipelined round trip: a view's countdowns between scans. */
    void ttls(const QStringList& keys, QObject* context, TtlHandler handler);
    /** Listed values parse on a thread of their own from now on, while this one reads on. */
    void parseOnOwnThread(qsizetype fromValues = EntryParser::kOwnThreadFrom);

    /** True while a refresh-ahead started by get() is still running. */
    bool busy() const { return m_background > 0; }

signals:
    /** The last background refresh has finished. */
    void idle();
    /** A refresh-ahead failed; the old entry stays in place. */
    void backgroundRefreshFailed(const Error& error);

private:
    using Continuation = std::function<void(const Result<CacheEntry>&)>;
    struct Waiter
    {
        QPointer<QObject> context;
        EntryHandler handler;
    };

    bool joinFlight(const QString& flight, QObject* context, EntryHandler handler);
    void landFlight(const QString& flight, const Result<CacheEntry>& result);

    void lookUp(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done);
    void takeLockOrEntry(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done);
    void waitForEntry(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                      Continuation done);
    void refreshUnderLock(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                          Continuation done, bool waited = false);
    void refreshAhead(const ProviderProfile& profile);
    void fetchHoldingLock(const ProviderProfile& profile, const QByteArray& lockValue, Continuation done);
    void fetchAndStore(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done);
    void store(const ProviderProfile& profile, const TokenResponse& response, Continuation done);
    /** What a read GET value gives a caller: nothing (absent or expired: fetch), the entry, or why it is
     * unusable. */
    std::optional<Result<CacheEntry>> handOut(const ProviderProfile& profile, const RedisReply& value,
                                              qint64 ttlMs) const;
    static Error sharedFailure(const LockInfo& lock);
    CacheEntry entryFor(const ProviderProfile& profile, const QByteArray& raw, qint64 ttlMs) const;

    RedisClient& m_redis;
    TokenClient& m_client;
    std::unique_ptr<EntryParser> m_parser; ///< outlives m_reader; scans (children) no longer run by then
    std::unique_ptr<EntryReader> m_reader;
    std::unique_ptr<RedisLock> m_lock;
    QHash<QString, QList<Waiter>> m_flights;
    QHash<QString, QByteArray> m_heldLocks; ///< entry key -> the value of the lock this process holds
    int m_background = 0;
};

} // namespace tokencache
