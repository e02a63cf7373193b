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

class AuditLog;
struct AuditEvent;
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
    /** What revokeAndEvict() does with the entry when the provider does not revoke its token. */
    enum class OnRevokeFailure
    {
        KeepEntry,
        EvictAnyway
    };
    /**
     * Revokes @p profile's cached token at the provider (RFC 7009), then deletes its entry. When the
     * revocation fails the entry stays, or with EvictAnyway is deleted, and the error says which.
     */
    void revokeAndEvict(const ProviderProfile& profile, OnRevokeFailure onFailure, QObject* context,
                        DoneHandler handler);
    /** Deletes the lock of @p entryKey if it is stale, or in any case with @p force. */
    void evictLock(const QString& entryKey, bool force, QObject* context, DoneHandler handler);
    /** Streams the matching entries page by page, then reports how many there were. */
    void list(const ListQuery& query, QObject* context, ListQuery::BatchHandler onBatch,
              ListQuery::DoneHandler onDone);
    /** The time left of @p keys, in one pipelined round trip: a view's countdowns between scans. */
    void ttls(const QStringList& keys, QObject* context, TtlHandler handler);
    /** Listed values parse on a thread of their own from now on, while this one reads on. */
    void parseOnOwnThread(qsizetype fromValues = EntryParser::kOwnThreadFrom);

    /**
     * From now on nothing that writes runs: refresh, evict and a get that would fetch fail with
     * Error::Refused and @p refusal before they send anything; a get that hits never refreshes ahead.
     */
    void refuseWrites(const QString& refusal) { m_writeRefusal = refusal; }
    /**
     * Records every fetch, refresh and eviction in @p log from now on; when the log cannot be written,
     * they fail with its Config error before they send anything.
     */
    void setAuditLog(std::shared_ptr<const AuditLog> log) { m_audit = std::move(log); }

    /** True while a refresh-ahead started by get() is still running. */
    bool busy() const { return m_background > 0; }

signals:
    /** The last background refresh has finished. */
    void idle();
    /** A refresh-ahead failed; the old entry stays in place. */
    void backgroundRefreshFailed(const Error& error);
    /** A get handed out a token inside its margin and did not refresh it: writes are refused. */
    void refreshAheadRefused(const QString& profileName);

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
    /** A miss: fetches under the lock, or on a read-only connection refuses. */
    void fetchUnlessRefused(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done);
    void takeLockOrEntry(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done);
    void waitForEntry(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                      Continuation done);
    void refreshUnderLock(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                          Continuation done, bool waited = false);
    void refreshAhead(const ProviderProfile& profile);
    /** @p action names the fetch in the audit log: fetch (a miss), refresh, refresh-ahead. */
    void fetchHoldingLock(const ProviderProfile& profile, const QByteArray& lockValue, const QString& action,
                          Continuation done);
    void fetchAndStore(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done);
    void store(const ProviderProfile& profile, const TokenResponse& response, Continuation done);
    /** What a read GET value gives a caller: nothing (absent or expired: fetch), the entry, or why it is
     * unusable. */
    std::optional<Result<CacheEntry>> handOut(const ProviderProfile& profile, const RedisReply& value,
                                              qint64 ttlMs) const;
    static Error sharedFailure(const LockInfo& lock);
    /** Why nothing may be written now (a read-only connection, an audit log that cannot be written). */
    std::optional<Error> writeBlocked() const;
    /** When writeBlocked(): hands @p handler the reason and returns true. */
    /** True (and @p handler told why) when no write may run now; a read-only refusal of @p attempt is
     * audited. */
    template <typename Handler> bool refusedWrite(const AuditEvent& attempt, const Handler& handler) const;
    /** A write the read-only connection refused goes in the audit log too: who tried it matters. */
    void auditRefusal(AuditEvent attempt, const Error& refusal) const;
    /** Records a write that was done, or tried, in the audit log (if there is one). */
    void audit(const QString& action, const QString& key, const QString& profile,
               const Result<CacheEntry>& result) const;
    void audit(const QString& action, const QString& key, const Result<Done>& result) const;
    CacheEntry entryFor(const ProviderProfile& profile, const QByteArray& raw, qint64 ttlMs) const;

    RedisClient& m_redis;
    TokenClient& m_client;
    std::unique_ptr<EntryParser> m_parser; ///< outlives m_reader; scans (children) no longer run by then
    std::unique_ptr<EntryReader> m_reader;
    std::unique_ptr<RedisLock> m_lock;
    QHash<QString, QList<Waiter>> m_flights;
    QHash<QString, QByteArray> m_heldLocks; ///< entry key -> the value of the lock this process holds
    int m_background = 0;
    QString m_writeRefusal; ///< set: nothing that writes is sent
    std::shared_ptr<const AuditLog> m_audit;
};

} // namespace tokencache
