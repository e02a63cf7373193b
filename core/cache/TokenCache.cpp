#include "core/cache/TokenCache.h"

#include "core/audit/AuditLog.h"
#include "core/cache/CacheScan.h"
#include "core/cache/EntryParser.h"
#include "core/cache/EntryReader.h"
#include "core/cache/LockInfo.h"
#include "core/cache/RedisLock.h"
#include "core/common/Escape.h"
#include "core/common/Guarded.h"
#include "core/common/Humanize.h"
#include "core/config/SecretPrefetch.h"
#include "core/oauth/TokenClient.h"
#include "core/redis/RedisClient.h"

#include <QTimer>

namespace tokencache {

namespace {

constexpr int kFirstPollMs = 25;
constexpr int kMaxPollMs = 400;
constexpr qint64 kWaitSlackMs = 5000;     ///< waiters give a holder its lock TTL plus this
constexpr qint64 kStoreSlackMs = 5000;    ///< a fetch under the lock ends this long before the lock does
constexpr qint64 kSharedFailureMs = 5000; ///< how long a holder's failure answers the processes after it

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
    return QDeadlineTimer(RedisLock::ttlForFetch(profile) + kWaitSlackMs);
}

Error unusableEntry(const CacheEntry& entry, const QString& profileName)
{
    return Error::redis(QStringLiteral("key %1 holds no usable token (%2); `refresh %3` replaces it")
                            .arg(entry.key, entry.reason, profileName));
}

} // namespace

TokenCache::TokenCache(RedisClient& redis, TokenClient& client, QObject* parent)
    : QObject(parent), m_redis(redis), m_client(client), m_parser(std::make_unique<EntryParser>()),
      m_reader(std::make_unique<EntryReader>(redis, *m_parser)), m_lock(std::make_unique<RedisLock>(redis))
{}

TokenCache::~TokenCache()
{
    // The session ends: locks this process holds are given back now (best effort: the release is
    // written before the connection closes) rather than living out their TTL, and every caller
    // still waiting hears that its work was cancelled.
    for (auto lock = m_heldLocks.cbegin(); lock != m_heldLocks.cend(); ++lock)
        m_lock->release(lock.key(), lock.value(), this, [](const Result<bool>&) {});
    const auto flights = std::exchange(m_flights, {});
    const Error aborted = Error::aborted(QStringLiteral("cancelled: the connection to Redis was closed"));
    for (const QList<Waiter>& waiters : flights) {
        for (const Waiter& waiter : waiters) {
            if (waiter.context)
                waiter.handler(aborted);
        }
    }
}

void TokenCache::get(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    const QString flight = getFlight(profile.cacheKey());
    if (joinFlight(flight, context, std::move(handler)))
        return;
    lookUp(profile, waitDeadline(profile),
           [this, flight](const Result<CacheEntry>& result) { landFlight(flight, result); });
}

std::optional<Error> TokenCache::writeBlocked() const
{
    if (!m_writeRefusal.isEmpty())
        return Error::refused(m_writeRefusal);
    if (const auto writable = m_audit ? m_audit->check() : Result<Done>(Done{}); !writable)
        return writable.error();
    return std::nullopt;
}

template <typename Handler>
bool TokenCache::refusedWrite(const AuditEvent& attempt, const Handler& handler) const
{
    const std::optional<Error> blocked = writeBlocked();
    if (blocked && blocked->kind == Error::Kind::Refused)
        auditRefusal(attempt, *blocked);
    if (blocked)
        handler(*blocked);
    return blocked.has_value();
}

void TokenCache::auditRefusal(AuditEvent attempt, const Error& refusal) const
{
    if (!m_audit)
        return;
    attempt.result = refusal.message;
    m_audit->record(attempt); // a log that cannot take it changes nothing: the write was refused anyway
}

void TokenCache::audit(const QString& action, const QString& key, const QString& profile,
                       const Result<CacheEntry>& result) const
{
    if (!m_audit)
        return;
    AuditEvent event{action, key, profile, {}, result ? QString() : result.error().message};
    if (result && result->token)
        event.fingerprint = result->token->fingerprint();
    m_audit->record(event); // checked before the action: a failure now has nowhere better to go
}

void TokenCache::audit(const QString& action, const QString& key, const Result<Done>& result) const
{
    if (m_audit)
        m_audit->record({action, key, {}, {}, result ? QString() : result.error().message});
}

void TokenCache::refresh(const ProviderProfile& profile, QObject* context, EntryHandler handler)
{
    if (refusedWrite({QStringLiteral("refresh"), profile.cacheKey(), profile.name, {}, {}, {}}, handler))
        return;
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
    m_reader->readKey(
        profile.cacheKey(), profile.response, this,
        [this, profile, deadline, done = std::move(done)](const Result<QList<CacheEntry>>& entries) {
            if (!entries)
                return done(entries.error());
            if (!entries->isEmpty()) {
                CacheEntry entry = entries->first();
                entry.applyProfile(profile);
                if (entry.status == CacheEntry::Status::Unreadable)
                    return done(unusableEntry(entry, profile.name));
                // A token known to be expired (its JWT's exp passed) is never handed out: a miss.
                if (entry.status == CacheEntry::Status::Expired)
                    return fetchUnlessRefused(profile, deadline, done);
                const qint64 marginMs =
                    profile.effectiveMarginSeconds(entry.token->expiresIn.value_or(0)) * 1000;
                // Another writer's TTL may outlive the token: its JWT's exp, or the response's own
                // expiry time, counts as much as the TTL.
                std::optional<QDateTime> expiry =
                    entry.jwt ? entry.jwt->time(QStringLiteral("exp")) : std::nullopt;
                if (entry.token->expiresAt && (!expiry || *entry.token->expiresAt < *expiry))
                    expiry = entry.token->expiresAt;
                const bool ending =
                    expiry && QDateTime::currentDateTimeUtc().msecsTo(*expiry) < qMax<qint64>(marginMs, 1000);
                if ((entry.ttlMs >= 0 && entry.ttlMs < marginMs) || ending) {
                    if (m_writeRefusal.isEmpty())
                        refreshAhead(profile);
                    else
                        emit refreshAheadRefused(profile.name);
                }
                return done(entry);
            }
            fetchUnlessRefused(profile, deadline, done);
        });
}

void TokenCache::fetchUnlessRefused(const ProviderProfile& profile, QDeadlineTimer deadline,
                                    Continuation done)
{
    if (!m_writeRefusal.isEmpty()) {
        const Error refusal = Error::refused(
            QStringLiteral("%1: profile %2 has no usable token cached, and fetching one would write it")
                .arg(m_writeRefusal, profile.name));
        auditRefusal({QStringLiteral("fetch"), profile.cacheKey(), profile.name, {}, {}, {}}, refusal);
        return done(refusal);
    }
    if (const std::optional<Error> blocked = writeBlocked())
        return done(*blocked);
    takeLockOrEntry(profile, deadline, std::move(done));
}

void TokenCache::takeLockOrEntry(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done)
{
    // The entry is read again right after SET NX: a holder that stored and released between our
    // first GET and this SET must not make us fetch a second token.
    QByteArray lockValue;
    const QByteArray key = Escape::unescape(profile.cacheKey());
    const QList<RedisCommand> commands{
        RedisLock::acquireCommand(profile.cacheKey(), RedisLock::ttlForFetch(profile), &lockValue),
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
            const std::optional<Result<CacheEntry>> entry =
                handOut(profile, replies->at(1), replies->at(2).integer);
            if (!entry) {
                if (locked)
                    return fetchHoldingLock(profile, lockValue, QStringLiteral("fetch"), done);
                return waitForEntry(profile, deadline, kFirstPollMs, done);
            }
            if (!locked)
                return done(*entry);
            m_lock->release(profile.cacheKey(), lockValue, this,
                            [entry = *entry, done](const Result<bool>&) { done(entry); });
        });
}

void TokenCache::waitForEntry(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                              Continuation done)
{
    QTimer::singleShot(delayMs, this, [this, profile, deadline, delayMs, done] {
        const QByteArray key = Escape::unescape(profile.cacheKey());
        const QByteArray lockKey = Escape::unescape(LockInfo::keyFor(profile.cacheKey()));
        const QList<RedisCommand> poll{{"GET", key}, {"PTTL", key}, {"GET", lockKey}, {"PTTL", lockKey}};
        m_redis.pipeline(
            poll, this,
            [this, profile, deadline, delayMs, done, poll](const Result<QList<RedisReply>>& replies) {
                if (!replies)
                    return done(replies.error());
                if (const auto error = m_redis.firstError(poll, *replies))
                    return done(*error);
                if (const auto entry = handOut(profile, replies->at(0), replies->at(1).integer))
                    return done(*entry);
                const RedisReply& lockValue = replies->at(2);
                // The holder gave up without storing, or died and its lock expired: take over.
                if (lockValue.isNil())
                    return lookUp(profile, deadline, done);
                const LockInfo lock = LockInfo::parse(lockValue.string, replies->at(3).integer);
                // A failure with other settings (the profile was fixed since) is waited out instead.
                if (lock.failureFor(profile.settingsFingerprint()))
                    return done(sharedFailure(lock));
                if (deadline.hasExpired()) {
                    return done(Error::provider(
                        QStringLiteral("Provider %1: waited %2 for %3 to fetch the token (lock %4); it "
                                       "neither stored one "
                                       "nor released the lock")
                            .arg(profile.name,
                                 Humanize::duration(RedisLock::ttlForFetch(profile) + kWaitSlackMs),
                                 lock.holder.isEmpty() ? QStringLiteral("another client") : lock.holder,
                                 LockInfo::keyFor(profile.cacheKey()))));
                }
                waitForEntry(profile, deadline, qMin(delayMs * 2, kMaxPollMs), done);
            });
    });
}

void TokenCache::refreshUnderLock(const ProviderProfile& profile, QDeadlineTimer deadline, int delayMs,
                                  Continuation done, bool waited)
{
    QByteArray lockValue;
    const QByteArray lockKey = Escape::unescape(LockInfo::keyFor(profile.cacheKey()));
    const QList<RedisCommand> commands{
        RedisLock::acquireCommand(profile.cacheKey(), RedisLock::ttlForFetch(profile), &lockValue),
        {"GET", lockKey},
        {"PTTL", lockKey}};
    m_redis.pipeline(
        commands, this,
        [this, profile, deadline, delayMs, done, commands, lockValue,
         waited](const Result<QList<RedisReply>>& replies) {
            if (!replies)
                return done(replies.error());
            if (const auto error = m_redis.firstError(commands, *replies))
                return done(*error);
            if (!replies->at(0).isNil())
                return fetchHoldingLock(profile, lockValue, QStringLiteral("refresh"), done);
            // Waiting on a fetch that failed: its failure is the answer (a fresh refresh tries anyway
            // once the record expires, a few seconds later).
            const LockInfo holder = LockInfo::parse(replies->at(1).string, replies->at(2).integer);
            if (waited && holder.failureFor(profile.settingsFingerprint()))
                return done(sharedFailure(holder));
            if (deadline.hasExpired())
                return done(Error::provider(
                    QStringLiteral("Provider %1: the lock %2 stayed taken for %3; see `list` for its holder")
                        .arg(profile.name, LockInfo::keyFor(profile.cacheKey()),
                             Humanize::duration(RedisLock::ttlForFetch(profile) + kWaitSlackMs))));
            // Someone else is fetching: wait for them to finish, then fetch anew as asked.
            QTimer::singleShot(delayMs, this, [this, profile, deadline, delayMs, done] {
                refreshUnderLock(profile, deadline, qMin(delayMs * 2, kMaxPollMs), done, true);
            });
        });
}

void TokenCache::refreshAhead(const ProviderProfile& profile)
{
    if (m_flights.contains(refreshFlight(profile.cacheKey())))
        return;
    if (const std::optional<Error> blocked = writeBlocked())
        return emit backgroundRefreshFailed(*blocked);
    ++m_background;
    const auto finished = [this](const Result<CacheEntry>& result) {
        if (!result)
            emit backgroundRefreshFailed(result.error());
        if (--m_background == 0)
            emit idle();
    };
    m_lock->acquire(profile.cacheKey(), RedisLock::ttlForFetch(profile), this,
                    [this, profile, finished](const Result<QByteArray>& lock) {
                        if (!lock)
                            return finished(lock.error());
                        if (lock->isEmpty())
                            return finished(CacheEntry{}); // another process is refreshing it already
                        fetchHoldingLock(profile, *lock, QStringLiteral("refresh-ahead"), finished);
                    });
}

void TokenCache::fetchHoldingLock(const ProviderProfile& profile, const QByteArray& lockValue,
                                  const QString& action, Continuation done)
{
    // The fetch ends before the lock does, so no second process fetches while this one still receives.
    const QDeadlineTimer fetchDeadline(RedisLock::ttlForFetch(profile) - kStoreSlackMs);
    m_heldLocks.insert(profile.cacheKey(), lockValue);
    fetchAndStore(
        profile, fetchDeadline, [this, profile, lockValue, action, done](const Result<CacheEntry>& result) {
            m_heldLocks.remove(profile.cacheKey());
            audit(action, profile.cacheKey(), profile.name, result);
            const auto report = [result, done](const Result<bool>&) { done(result); };
            // A provider failure stays in the lock for a few seconds, for the processes waiting on it;
            // otherwise the lock is released. If that fails, the lock's TTL ends it.
            if (!result && result.error().kind == Error::Kind::Provider)
                return m_lock->releaseWithFailure(profile.cacheKey(), lockValue, result.error().message,
                                                  profile.settingsFingerprint(), kSharedFailureMs, this,
                                                  report);
            m_lock->release(profile.cacheKey(), lockValue, this, report);
        });
}

void TokenCache::fetchAndStore(const ProviderProfile& profile, QDeadlineTimer deadline, Continuation done)
{
    // Keychain references are read first (asynchronously; only here, so a hit never loads the keychain).
    SecretPrefetch::run(TokenRequest::secretReferences(profile), this, [this, profile, deadline, done] {
        auto request = TokenRequest::fromProfile(profile);
        if (!request)
            return done(request.error());
        request->deadline = deadline;
        m_client.fetch(*request, this, [this, profile, done](const Result<TokenResponse>& response) {
            if (!response)
                return done(response.error());
            store(profile, *response, done);
        });
    });
}

void TokenCache::store(const ProviderProfile& profile, const TokenResponse& response, Continuation done)
{
    qint64 ttlSeconds = profile.defaultTtlSeconds;
    QString notCached = response.expiresInProblem;
    // A lifetime, or the time left until an absolute expiry the profile's mapping found.
    const std::optional<qint64> lifetime = response.lifetimeAt(QDateTime::currentDateTimeUtc());
    if (lifetime)
        ttlSeconds = *lifetime - profile.effectiveMarginSeconds(*lifetime);
    else if (response.expiresAt)
        notCached = QStringLiteral("the response's expiry time %1 has passed")
                        .arg(response.expiresAt->toString(Qt::ISODate));
    // The entry never outlives the token: a JWT's exp bounds the TTL as expires_in does.
    const std::optional<Jwt> jwt = Jwt::decode(response.accessToken.toUtf8());
    if (const auto expiry = jwt ? jwt->time(QStringLiteral("exp")) : std::nullopt) {
        const qint64 leftSeconds = QDateTime::currentDateTimeUtc().secsTo(*expiry);
        const qint64 byExp = leftSeconds - profile.effectiveMarginSeconds(lifetime.value_or(leftSeconds));
        if (byExp < ttlSeconds) {
            ttlSeconds = byExp;
            notCached =
                QStringLiteral("the token's exp leaves %1 s, less than the refresh margin").arg(leftSeconds);
        }
    }
    if (response.raw.size() > CacheEntry::kMaxValueBytes) {
        ttlSeconds = 0;
        notCached = QStringLiteral("the response is %1 bytes, more than a cache entry may hold (%2)")
                        .arg(response.raw.size())
                        .arg(CacheEntry::kMaxValueBytes);
    }
    if (ttlSeconds <= 0) {
        // As in the plain pattern: a token without a known lifetime is used once, never cached.
        CacheEntry entry = entryFor(profile, response.raw, CacheEntry::kNoTtl);
        entry.stored = false;
        entry.fetched = true;
        entry.warnings = {
            QStringLiteral("Provider %1: %2; the token was not cached").arg(profile.name, notCached)};
        return done(entry);
    }
    // One command sets value and TTL together, as SETEX does: no window without expiry.
    const RedisCommand set{"SET", Escape::unescape(profile.cacheKey()), response.raw, "EX",
                           QByteArray::number(ttlSeconds)};
    m_redis.command(
        set, this,
        [this, profile, response, lifetime, ttlSeconds, set, done](const Result<RedisReply>& reply) {
            if (!reply)
                return done(reply.error());
            if (reply->isError())
                return done(m_redis.commandError(set, *reply));
            CacheEntry entry = entryFor(profile, response.raw, ttlSeconds * 1000);
            entry.fetched = true;
            if (!lifetime)
                entry.warnings.append(
                    QStringLiteral("Provider %1: %2; cached with the profile's default TTL of %3 s")
                        .arg(profile.name, response.expiresInProblem, QString::number(ttlSeconds)));
            done(entry);
        });
}

std::optional<Result<CacheEntry>> TokenCache::handOut(const ProviderProfile& profile, const RedisReply& value,
                                                      qint64 ttlMs) const
{
    if (value.type != RedisReply::Type::String || ttlMs == CacheEntry::kGone)
        return std::nullopt;
    const CacheEntry entry = entryFor(profile, value.string, ttlMs);
    if (entry.status == CacheEntry::Status::Expired)
        return std::nullopt;
    if (entry.status == CacheEntry::Status::Unreadable)
        return Result<CacheEntry>(unusableEntry(entry, profile.name));
    return Result<CacheEntry>(entry);
}

Error TokenCache::sharedFailure(const LockInfo& lock)
{
    return Error::provider(
        QStringLiteral("%1 (the fetch by %2 failed %3 ago; processes waiting on it share the "
                       "failure for %4 s instead of retrying)")
            .arg(lock.failure, lock.holder.isEmpty() ? QStringLiteral("another client") : lock.holder,
                 Humanize::duration(qMax<qint64>(0, lock.ageMs)), QString::number(kSharedFailureMs / 1000)));
}

CacheEntry TokenCache::entryFor(const ProviderProfile& profile, const QByteArray& raw, qint64 ttlMs) const
{
    CacheEntry entry = CacheEntry::fromValue(profile.cacheKey(), raw, ttlMs, QDateTime::currentDateTimeUtc(),
                                             profile.response);
    entry.applyProfile(profile);
    return entry;
}

void TokenCache::read(const QString& key, const ProviderProfile* owner, QObject* context,
                      EntryHandler handler)
{
    const std::optional<ProviderProfile> profile = owner ? std::optional(*owner) : std::nullopt;
    // Read as a listing reads: a huge value costs no more than the largest one accepted.
    const EntryReader::Mappings mappings = profile && !profile->response.isStandard()
                                               ? EntryReader::Mappings{{key, profile->response}}
                                               : EntryReader::Mappings{};
    m_reader->read({key}, mappings, this,
                   guarded(context, [key, profile, handler](const Result<QList<CacheEntry>>& entries) {
                       if (!entries)
                           return handler(entries.error());
                       if (entries->isEmpty())
                           return handler(Error::notFound(QStringLiteral("key %1 does not exist").arg(key)));
                       CacheEntry entry = entries->first();
                       if (profile)
                           entry.applyProfile(*profile);
                       handler(entry);
                   }));
}

void TokenCache::evict(const QString& key, QObject* context, DoneHandler handler)
{
    if (refusedWrite({QStringLiteral("evict"), key, {}, {}, {}, {}}, handler))
        return;
    const RedisCommand del{"DEL", Escape::unescape(key)};
    m_redis.command(
        del, this,
        [this, key, del, handler = guarded(context, handler)](const Result<RedisReply>& reply) mutable {
            Result<Done> done = Done{};
            if (!reply)
                done = reply.error();
            else if (reply->isError())
                done = m_redis.commandError(del, *reply);
            else if (reply->integer == 0)
                done = Error::notFound(QStringLiteral("key %1 does not exist").arg(key));
            audit(QStringLiteral("evict"), key, done); // recorded even when its caller has gone
            handler(done);
        });
}

void TokenCache::revokeAndEvict(const ProviderProfile& profile, OnRevokeFailure onFailure, QObject* context,
                                DoneHandler handler)
{
    const QString key = profile.cacheKey();
    if (refusedWrite({QStringLiteral("revoke"), key, profile.name, {}, {}, {}}, handler))
        return;
    read(key, &profile, this,
         [this, profile, key, onFailure,
          handler = DoneHandler(guarded(context, handler))](const Result<CacheEntry>& entry) {
             if (!entry)
                 return handler(entry.error());
             if (!entry->token)
                 return handler(Error::notFound(QStringLiteral("%1 holds no token to revoke").arg(key)));
             const QString fingerprint = entry->token->fingerprint();
             m_client.revoke(
                 profile, entry->token->accessToken.toUtf8(), this,
                 [this, profile, key, fingerprint, onFailure, handler](const Result<Done>& revoked) {
                     if (m_audit)
                         m_audit->record({QStringLiteral("revoke"), key, profile.name, fingerprint,
                                          revoked ? QString() : revoked.error().message});
                     if (!revoked && onFailure == OnRevokeFailure::KeepEntry)
                         return handler(
                             Error{revoked.error().kind,
                                   revoked.error().message + QStringLiteral("; the entry stays cached")});
                     evict(key, this, [revoked, handler](const Result<Done>& evicted) {
                         if (revoked)
                             return handler(evicted);
                         handler(Error{revoked.error().kind,
                                       revoked.error().message +
                                           (evicted ? QStringLiteral("; the entry was deleted anyway")
                                                    : QStringLiteral("; deleting the entry failed too: ") +
                                                          evicted.error().message)});
                     });
                 });
         });
}

void TokenCache::evictLock(const QString& entryKey, bool force, QObject* context, DoneHandler handler)
{
    if (refusedWrite({QStringLiteral("evict-lock"), LockInfo::keyFor(entryKey), {}, {}, {}, {}}, handler))
        return;
    handler = [this, entryKey, handler = std::move(handler)](const Result<Done>& done) {
        audit(QStringLiteral("evict-lock"), LockInfo::keyFor(entryKey), done);
        handler(done);
    };
    const QString lockKey = LockInfo::keyFor(entryKey);
    const QByteArray lockName = Escape::unescape(lockKey);
    m_redis.pipeline(
        {{"GET", lockName}, {"PTTL", lockName}}, this,
        guarded(context, [this, entryKey, lockKey, lockName, force, context,
                          handler](const Result<QList<RedisReply>>& replies) {
            if (!replies)
                return handler(replies.error());
            const RedisReply& value = replies->at(0);
            if (value.isNil())
                return handler(Error::notFound(QStringLiteral("there is no lock %1").arg(lockKey)));
            if (value.isError())
                return handler(m_redis.commandError({"GET", lockName}, value));
            const LockInfo lock = LockInfo::parse(value.string, replies->at(1).integer);
            if (!lock.stale && !force)
                return handler(Error::usage(
                    QStringLiteral(
                        "lock %1 is held by %2 since %3 and is not stale; --force removes it anyway")
                        .arg(lockKey, lock.holder.isEmpty() ? QStringLiteral("another client") : lock.holder,
                             Humanize::duration(lock.ageMs))));
            // Compare-and-delete: if the lock changed hands meanwhile, the new holder keeps it.
            m_lock->release(
                entryKey, value.string, context, [lockKey, handler](const Result<bool>& released) {
                    if (!released)
                        handler(released.error());
                    else if (!*released)
                        handler(Error::notFound(
                            QStringLiteral("lock %1 changed hands meanwhile; it stays").arg(lockKey)));
                    else
                        handler(Done{});
                });
        }));
}

void TokenCache::list(const ListQuery& query, QObject* context, ListQuery::BatchHandler onBatch,
                      ListQuery::DoneHandler onDone)
{
    auto* scan =
        new CacheScan(m_redis, *m_parser, query, context, std::move(onBatch), std::move(onDone), this);
    scan->start();
}

void TokenCache::parseOnOwnThread(qsizetype fromValues)
{
    m_parser->useOwnThread(fromValues);
}

void TokenCache::ttls(const QStringList& keys, QObject* context, TtlHandler handler)
{
    QList<RedisCommand> commands;
    commands.reserve(keys.size());
    for (const QString& key : keys)
        commands.append({"PTTL", Escape::unescape(key)});
    m_redis.pipeline(commands, context, [keys, handler](const Result<QList<RedisReply>>& replies) {
        if (!replies)
            return handler(replies.error());
        QList<QPair<QString, qint64>> ttls;
        for (qsizetype i = 0; i < keys.size(); ++i) {
            const RedisReply& reply = replies->at(i);
            // Checked before use: an error reply or a number below -2 says nothing about the key.
            if (reply.type == RedisReply::Type::Integer && reply.integer >= CacheEntry::kGone)
                ttls.append({keys.at(i), reply.integer});
        }
        handler(ttls);
    });
}

} // namespace tokencache
