#include "core/cache/CacheProblems.h"

#include "core/common/Humanize.h"
#include "core/config/ProviderProfile.h"

#include <algorithm>
#include <iterator>

namespace tokencache {

namespace {

constexpr qint64 kUnknownLifetimeSeconds = 3600;

QString duration(qint64 seconds)
{
    return Humanize::duration(seconds * 1000);
}

} // namespace

const QList<CacheProblem::Kind>& CacheProblem::kinds()
{
    static const QList<Kind> all{Kind::NoTtl,      Kind::TtlOutlivesToken, Kind::ShortLifetime,
                                 Kind::Unreadable, Kind::StaleLock,        Kind::RewriteStorm};
    return all;
}

QString CacheProblem::kindName(Kind kind)
{
    switch (kind) {
    case Kind::NoTtl:
        return QStringLiteral("no-ttl");
    case Kind::TtlOutlivesToken:
        return QStringLiteral("ttl-outlives-token");
    case Kind::ShortLifetime:
        return QStringLiteral("short-lifetime");
    case Kind::Unreadable:
        return QStringLiteral("unreadable");
    case Kind::StaleLock:
        return QStringLiteral("stale-lock");
    case Kind::RewriteStorm:
        break;
    }
    return QStringLiteral("rewrite-storm");
}

QList<CacheProblem> CacheProblem::of(const CacheEntry& entry, const ProviderProfile* owner)
{
    QList<CacheProblem> found;
    const auto add = [&](Kind kind, const QString& detail) {
        found.append({kind, entry.key, entry.profile, detail});
    };
    if (entry.status == CacheEntry::Status::StaleLock)
        add(Kind::StaleLock,
            QStringLiteral("a single-flight lock whose holder is gone: every fetch of its entry "
                           "waits for it (evict --lock)"));
    if (entry.status == CacheEntry::Status::Unreadable)
        add(Kind::Unreadable, entry.reason);
    if (!entry.token)
        return found;
    if (entry.ttlMs == CacheEntry::kNoTtl)
        add(Kind::NoTtl, QStringLiteral("no TTL: the key never expires, and services keep using it after the "
                                        "token has expired"));
    if (entry.ttlMs >= 0 && entry.jwtLeftMs && entry.ttlMs > *entry.jwtLeftMs + 1000)
        add(Kind::TtlOutlivesToken,
            QStringLiteral("TTL %1 outlives the token (exp %2): services get an expired token")
                .arg(Humanize::duration(entry.ttlMs),
                     *entry.jwtLeftMs > 0 ? QStringLiteral("in ") + Humanize::duration(*entry.jwtLeftMs)
                                          : QStringLiteral("passed")));
    const qint64 margin = owner ? owner->refreshMarginSeconds : 0;
    if (entry.token->expiresIn && margin > 0 && *entry.token->expiresIn < 2 * margin)
        add(Kind::ShortLifetime,
            QStringLiteral("lifetime %1 is shorter than twice the %2 margin: it is refreshed "
                           "ahead on nearly every use")
                .arg(duration(*entry.token->expiresIn), duration(margin)));
    return found;
}

void RewriteCounter::record(const QString& key, const QString& profile, const QDateTime& at,
                            qint64 lifetimeSeconds, Seen seen)
{
    Writes& writes = m_writes[key];
    writes.sampled = writes.sampled || seen == Seen::Sampled;
    writes.profile = profile;
    writes.lifetimeSeconds = lifetimeSeconds > 0 ? lifetimeSeconds : kUnknownLifetimeSeconds;
    writes.times.push_back(at);
    // Only the writes within one lifetime of this one count.
    while (writes.times.front().secsTo(at) > writes.lifetimeSeconds)
        writes.times.pop_front();
}

QList<CacheProblem> RewriteCounter::storms(const QDateTime& now) const
{
    QList<CacheProblem> found;
    for (auto it = m_writes.cbegin(); it != m_writes.cend(); ++it) {
        const Writes& writes = it.value();
        const auto recent =
            std::find_if(writes.times.cbegin(), writes.times.cend(),
                         [&](const QDateTime& at) { return at.secsTo(now) <= writes.lifetimeSeconds; });
        const auto count = std::distance(recent, writes.times.cend());
        if (count <= kMaxWritesPerLifetime)
            continue;
        const qint64 spanMs = recent->msecsTo(writes.times.back());
        found.append(
            {CacheProblem::Kind::RewriteStorm, it.key(), writes.profile,
             QStringLiteral("rewritten %1%2 times in %3, lifetime %4: some service is not using the cache "
                            "or the lock")
                 .arg(writes.sampled ? QStringLiteral("at least ") : QString())
                 .arg(count)
                 .arg(Humanize::duration(spanMs), duration(writes.lifetimeSeconds))});
    }
    return found;
}

} // namespace tokencache
