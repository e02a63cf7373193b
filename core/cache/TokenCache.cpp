#include "cache/TokenCache.h"

#include "cache/LockInfo.h"
#include "common/Humanize.h"
#include "oauth/TokenClient.h"
#include "redis/RedisConnection.h"

#include <QTimer>

namespace {

constexpr int kFirstPollMs = 25;
constexpr int kMaxPollMs = 400;
constexpr qint64 kWaitSlackMs = 5000; ///< waiters give a holder its lock TTL plus this

QString getFlight(const QString& key)
{
    return QStringLiteral("get\n") + key;
}

QString refreshFlight(const QString& key)
{
    return QStringLiteral("refresh\n") + key;
}

QDeadlineTimer waitDeadline(const ProviderProfile& profile)
{
    return QDeadlineTimer(profile.lockTtlMs() + kWaitSlackMs);
}

Error unusableEntry(const CacheEntry& entry, const QString& profileName)
{
    return Error::redis(QStringLiteral("key %1 holds no usable token (%2); `refresh %3` replaces it")
                            .arg(entry.key, entry.reason, profileName));
}

} // namespace

TokenCache::TokenCache(RedisConnection& redis, TokenClient& client, QObject* parent)
    : QObject(parent), m_redis(redis), m_client(client), m_reader(redis, this), m_lock(redis, this)
{}

void TokenCache::get(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    const QString flight = getFlight(profile.cacheKey());
    if (joinFlight(flight, context, std::move(handler)))
        return;
    lookUp(profile, waitDeadline(profile),
           [this, flight](const Result<CacheEntry>& result) { landFlight(flight, result); });
}

void TokenCache::refresh(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    const QString flight = refreshFlight(profile.cacheKey());
    if (joinFlight(flight, context, std::move(handler)))
        return;
    refreshUnderLock(profile, waitDeadline(profile), kFirstPollMs,
                     [this, flight](const Result<CacheEntry>& result) { landFlight(flight, result); });
}

bool TokenCache::joinFlight(const QString& flight, QObject* context, EntryHandler handler)
{
    const bool running = m_flights.contains(flight);
    m_flights[flight].append({context, std::move(handler)});
    return running;
}

void TokenCache::landFlight(const QString& flight, const Result<CacheEntry>& result)
{
    const QList<Waiter> waiters = m_flights.take(flight);
    for (const Waiter& waiter : waiters) {
        if (waiter.context)
            waiter.handler(result);
    }
}

void TokenCache::lookUp(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done)
{
    m_reader.readKey(
        profile.cacheKey(), this,
        [this, profile, deadline, done = std::move(done)](const Result<QList<CacheEntry>>& entries) {
            if (!entries)
                return done(entries.error());
            if (!entries->isEmpty()) {
                CacheEntry entry = entries->first();
                entry.applyProfile(profile);
                if (entry.status == CacheEntry::Status::Unreadable)
                    return done(unusableEntry(entry, profile.name));
                const qint64 marginMs =
                    profile.effectiveMarginSeconds(entry.token->expiresIn.value_or(0)) * 1000;
                if (entry.ttlMs >= 0 && entry.ttlMs < marginMs)
                    refreshAhead(profile);
                return done(entry);
            }
            takeLockOrEntry(profile, deadline, done);
        });
}

void TokenCache::takeLockOrEntry(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done)
{
    // The entry is read again right after SET NX: a holder that stored and released between our
    // first GET and this SET must not make us fetch a second token.
    QByteArray lockValue;
    const QByteArray key = profile.cacheKey().toUtf8();
    const QList<RedisCommand> commands{
        RedisLock::acquireCommand(profile.cacheKey(), profile.lockTtlMs(), &lockValue),
        {"GET", key},
        {"PTTL", key}};
    m_redis.pipeline(
        commands, this,
        [this, profile, deadline, done, commands, lockValue](const Result<QList<RedisReply>>& replies) {
            if (!replies)
                return done(replies.error());
            if (const auto error = m_redis.firstError(commands, *replies))
                return done(*error);
            const bool locked = !replies->at(0).isNil();
            const RedisReply& value = replies->at(1);
            if (value.isNil()) {
                if (locked)
                    return fetchHoldingLock(profile, lockValue, done);
                return waitForEntry(profile, deadline, kFirstPollMs, done);
            }
            const Result<CacheEntry> entry = usableEntry(profile, value.string, replies->at(2).integer);
            if (!locked)
                return done(entry);
            m_lock.release(profile.cacheKey(), lockValue, this,
                           [entry, done](const Result<bool>&) { done(entry); });
        });
}

void TokenCache::waitForEntry(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                              Continuation done)
{
    QTimer::singleShot(delayMs, this, [this, profile, deadline, delayMs, done] {
        const QByteArray key = profile.cacheKey().toUtf8();
        const QByteArray lockKey = LockInfo::keyFor(profile.cacheKey()).toUtf8();
        const QList<RedisCommand> poll{{"GET", key}, {"PTTL", key}, {"GET", lockKey}, {"PTTL", lockKey}};
        m_redis.pipeline(
            poll, this,
            [this, profile, deadline, delayMs, done, poll](const Result<QList<RedisReply>>& replies) {
                if (!replies)
                    return done(replies.error());
                if (const auto error = m_redis.firstError(poll, *replies))
                    return done(*error);
                const RedisReply& value = replies->at(0);
                if (!value.isNil())
                    return done(usableEntry(profile, value.string, replies->at(1).integer));
                const RedisReply& lockValue = replies->at(2);
                // The holder gave up without storing, or died and its lock expired: take over.
                if (lockValue.isNil())
                    return lookUp(profile, deadline, done);
                if (deadline.hasExpired()) {
                    const LockInfo lock = LockInfo::parse(lockValue.string, replies->at(3).integer);
                    return done(Error::provider(
                        QStringLiteral("Provider %1: waited %2 for %3 to fetch the token (lock %4); it "
                                       "neither stored one "
                                       "nor released the lock")
                            .arg(profile.name, Humanize::duration(profile.lockTtlMs() + kWaitSlackMs),
                                 lock.holder.isEmpty() ? QStringLiteral("another client") : lock.holder,
                                 LockInfo::keyFor(profile.cacheKey()))));
                }
                waitForEntry(profile, deadline, qMin(delayMs * 2, kMaxPollMs), done);
            });
    });
}

void TokenCache::refreshUnderLock(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                                  Continuation done)
{
    m_lock.acquire(
        profile.cacheKey(), profile.lockTtlMs(), this,
        [this, profile, deadline, delayMs, done](const Result<QByteArray>& lock) {
            if (!lock)
                return done(lock.error());
            if (!lock->isEmpty())
                return fetchHoldingLock(profile, *lock, done);
            if (deadline.hasExpired())
                return done(Error::provider(
                    QStringLiteral("Provider %1: the lock %2 stayed taken for %3; see `list` for its holder")
                        .arg(profile.name, LockInfo::keyFor(profile.cacheKey()),
                             Humanize::duration(profile.lockTtlMs() + kWaitSlackMs))));
            // Someone else is fetching: wait for them to finish, then fetch anew as asked.
            QTimer::singleShot(delayMs, this, [this, profile, deadline, delayMs, done] {
                refreshUnderLock(profile, deadline, qMin(delayMs * 2, kMaxPollMs), done);
            });
        });
}

void TokenCache::refreshAhead(const ProviderProfile& profile)
{
    if (m_flights.contains(refreshFlight(profile.cacheKey())))
        return;
    ++m_background;
    const auto finished = [this](const Result<CacheEntry>& result) {
        if (!result)
            emit backgroundRefreshFailed(result.error());
        if (--m_background == 0)
            emit idle();
    };
    m_lock.acquire(profile.cacheKey(), profile.lockTtlMs(), this,
                   [this, profile, finished](const Result<QByteArray>& lock) {
                       if (!lock)
                           return finished(lock.error());
                       if (lock->isEmpty())
                           return finished(CacheEntry{}); // another process is refreshing it already
                       fetchHoldingLock(profile, *lock, finished);
                   });
}

void TokenCache::fetchHoldingLock(const ProviderProfile& profile, const QByteArray& lockValue,
                                  Continuation done)
{
    fetchAndStore(profile, [this, profile, lockValue, done](const Result<CacheEntry>& result) {
        // Released on success and failure alike; if the release itself fails, the lock's TTL ends it.
        m_lock.release(profile.cacheKey(), lockValue, this,
                       [result, done](const Result<bool>&) { done(result); });
    });
}

void TokenCache::fetchAndStore(const ProviderProfile& profile, Continuation done)
{
    auto request = TokenRequest::fromProfile(profile);
    if (!request)
        return done(request.error());
    m_client.fetch(*request, this, [this, profile, done](const Result<TokenResponse>& response) {
        if (!response)
            return done(response.error());
        store(profile, *response, done);
    });
}

void TokenCache::store(const ProviderProfile& profile, const TokenResponse& response, Continuation done)
{
    qint64 ttlSeconds = profile.defaultTtlSeconds;
    if (response.expiresIn)
        ttlSeconds = *response.expiresIn - profile.effectiveMarginSeconds(*response.expiresIn);
    if (ttlSeconds <= 0) {
        // As in the plain pattern: a token without a known lifetime is used once, never cached.
        CacheEntry entry = entryFor(profile, response.raw, CacheEntry::kNoTtl);
        entry.stored = false;
        entry.warnings = {QStringLiteral("Provider %1: %2; the token was not cached")
                              .arg(profile.name, response.expiresInProblem)};
        return done(entry);
    }
    // One command sets value and TTL together, as SETEX does: no window without expiry.
    const RedisCommand set{"SET", profile.cacheKey().toUtf8(), response.raw, "EX",
                           QByteArray::number(ttlSeconds)};
    m_redis.command(
        set, this, [this, profile, response, ttlSeconds, set, done](const Result<RedisReply>& reply) {
            if (!reply)
                return done(reply.error());
            if (reply->isError())
                return done(m_redis.commandError(set, *reply));
            CacheEntry entry = entryFor(profile, response.raw, ttlSeconds * 1000);
            if (!response.expiresIn)
                entry.warnings.append(
                    QStringLiteral("Provider %1: %2; cached with the profile's default TTL of %3 s")
                        .arg(profile.name, response.expiresInProblem)
                        .arg(ttlSeconds));
            done(entry);
        });
}

Result<CacheEntry> TokenCache::usableEntry(const ProviderProfile& profile, const QByteArray& raw,
                                           qint64 ttlMs) const
{
    const CacheEntry entry = entryFor(profile, raw, ttlMs);
    if (entry.status == CacheEntry::Status::Unreadable)
        return unusableEntry(entry, profile.name);
    return entry;
}

CacheEntry TokenCache::entryFor(const ProviderProfile& profile, const QByteArray& raw, qint64 ttlMs) const
{
    CacheEntry entry = CacheEntry::fromValue(profile.cacheKey(), raw, ttlMs);
    entry.applyProfile(profile);
    return entry;
}

void TokenCache::read(const QString& key, QObject* context, EntryHandler handler)
{
    QPointer<QObject> guard(context);
    m_reader.readKey(key, this, [key, guard, handler](const Result<QList<CacheEntry>>& entries) {
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
    const RedisCommand del{"DEL", key.toUtf8()};
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

void TokenCache::evictLock(const QString& entryKey, bool force, QObject* context, DoneHandler handler)
{
    const QString lockKey = LockInfo::keyFor(entryKey);
    QPointer<QObject> guard(context);
    m_redis.pipeline(
        {{"GET", lockKey.toUtf8()}, {"PTTL", lockKey.toUtf8()}}, this,
        [this, entryKey, lockKey, force, guard, handler](const Result<QList<RedisReply>>& replies) {
            if (!guard)
                return;
            if (!replies)
                return handler(replies.error());
            const RedisReply& value = replies->at(0);
            if (value.isNil())
                return handler(Error::notFound(QStringLiteral("there is no lock %1").arg(lockKey)));
            if (value.isError())
                return handler(m_redis.commandError({"GET", lockKey.toUtf8()}, value));
            const LockInfo lock = LockInfo::parse(value.string, replies->at(1).integer);
            if (!lock.stale && !force)
                return handler(Error::usage(
                    QStringLiteral(
                        "lock %1 is held by %2 since %3 and is not stale; --force removes it anyway")
                        .arg(lockKey, lock.holder.isEmpty() ? QStringLiteral("another client") : lock.holder,
                             Humanize::duration(lock.ageMs))));
            // Compare-and-delete: if the lock changed hands meanwhile, the new holder keeps it.
            m_lock.release(
                entryKey, value.string, this, [lockKey, guard, handler](const Result<bool>& released) {
                    if (!guard)
                        return;
                    if (!released)
                        handler(released.error());
                    else if (!*released)
                        handler(Error::notFound(
                            QStringLiteral("lock %1 changed hands meanwhile; it stays").arg(lockKey)));
                    else
                        handler(Done{});
                });
        });
}

void TokenCache::list(const ListQuery& query, QObject* context, CacheScan::BatchHandler onBatch,
                      CacheScan::DoneHandler onDone)
{
    auto* scan = new CacheScan(m_redis, query, context, std::move(onBatch), std::move(onDone), this);
    scan->start();
}
