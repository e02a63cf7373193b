#pragma once

#include "core/cache/CacheEntry.h"

#include <QDateTime>
#include <QHash>
#include <QList>
#include <QString>

#include <deque>

namespace tokencache {

struct ProviderProfile;

/** One thing wrong with a shared token cache, as ops need to hear it. */
struct CacheProblem
{
    enum class Kind
    {
        NoTtl,            ///< a token key that never expires
        TtlOutlivesToken, ///< the key outlives the JWT's exp: services get an expired token
        ShortLifetime,    ///< a lifetime under twice the margin: refreshed ahead almost always
        Unreadable,       ///< a value no service can use
        StaleLock,        ///< a single-flight lock whose holder is gone
        RewriteStorm      ///< written more often than its lifetime justifies
    };

    Kind kind = Kind::NoTtl;
    QString key;
    QString profile;
    QString detail; ///< says what is wrong in numbers ("rewritten 14 times in 10m 0s, lifetime 1h 0m")

    /** The name filter terms, `audit` and metrics use: no-ttl, ttl-outlives-token, ... */
    static QString kindName(Kind kind);
    static const QList<Kind>& kinds();

    /** What @p entry shows by itself; @p owner (may be null) gives the refresh margin. */
    static QList<CacheProblem> of(const CacheEntry& entry, const ProviderProfile* owner);
};

/**
 * Counts writes per key to find rewrite storms: more than kMaxWritesPerLifetime writes of one key
 * within one token lifetime mean some service is not using the cache or the lock. Writes come
 * from `set` events, or from fingerprints that changed between two reads.
 */
class RewriteCounter
{
public:
    static constexpr int kMaxWritesPerLifetime = 3;

    /** How a write was seen: each one (a set event), or as a token changed since the last look. */
    enum class Seen
    {
        Each,
        Sampled ///< writes between two looks count once: the count is a lower bound
    };
    /** A write of @p key at @p at; @p lifetimeSeconds is its token's (0 when unknown: an hour). */
    void record(const QString& key, const QString& profile, const QDateTime& at, qint64 lifetimeSeconds,
                Seen seen = Seen::Each);
    /** The keys written too often within one lifetime before @p now, as problems: a storm ends
     *  once a lifetime has passed without one. */
    QList<CacheProblem> storms(const QDateTime& now) const;

private:
    struct Writes
    {
        QString profile;
        qint64 lifetimeSeconds = 0;
        std::deque<QDateTime> times; ///< those within one lifetime of the last
        bool sampled = false;        ///< some were seen by sampling: there may have been more
    };
    QHash<QString, Writes> m_writes;
};

} // namespace tokencache
