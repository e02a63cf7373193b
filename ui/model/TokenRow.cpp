#include "ui/model/TokenRow.h"

#include "core/cache/EntryFilter.h"
#include "core/common/Humanize.h"

namespace tokencache {

TokenRow TokenRow::fromEntry(const CacheEntry& entry, qint64 syncedAtMs, const ProviderProfile* owner)
{
    TokenRow row;
    row.key = entry.key;
    row.profile = entry.profile;
    row.ttlAtSyncMs = entry.ttlMs;
    row.syncedAtMs = syncedAtMs;
    row.sizeBytes = entry.sizeBytes;
    row.status = entry.status;
    row.reason = entry.reason;
    row.warnings = entry.warnings.join(QLatin1Char('\n'));
    row.ageAtSyncMs = entry.ageSeconds ? *entry.ageSeconds * 1000 : -1;
    row.jwtLeftAtSyncMs = entry.jwtLeftMs;
    if (entry.token) {
        row.tokenType = entry.token->tokenType;
        row.scope = entry.token->scope;
        row.fingerprint = entry.token->fingerprint();
        row.expiresIn = entry.token->expiresIn.value_or(-1);
        row.cachedForSeconds = entry.cachedForSeconds;
    }
    row.problems = EntryFilter::problemSet(CacheProblem::of(entry, owner));
    row.foldedKey = EntryFilter::fold(row.key);
    row.foldedProfile = EntryFilter::fold(row.profile);
    row.foldedType = EntryFilter::fold(row.tokenType);
    row.foldedScope = EntryFilter::fold(row.scope);
    if (entry.lock) {
        const QString holder =
            entry.lock->holder.isEmpty() ? QStringLiteral("unknown holder") : entry.lock->holder;
        row.reason = row.reason.isEmpty() ? QStringLiteral("held by %1").arg(holder)
                                          : QStringLiteral("%1; held by %2").arg(row.reason, holder);
    }
    return row;
}

QStringList TokenRow::problemNames(EntryFilter::ProblemSet problems)
{
    QStringList names;
    for (CacheProblem::Kind kind : CacheProblem::kinds()) {
        if (problems & EntryFilter::problemBit(kind))
            names.append(CacheProblem::kindName(kind));
    }
    return names;
}

qint64 TokenRow::remainingMs(qint64 now) const
{
    if (!hasCountdown())
        return ttlAtSyncMs;
    return qMax<qint64>(0, ttlAtSyncMs - (now - syncedAtMs));
}

QString TokenRow::expiryDisagreement(qint64 now) const
{
    qint64 apartMs = 0; // a PTTL and an exp from anywhere: overflow counts as apart
    if (!jwtLeftAtSyncMs || !hasCountdown() ||
        (!qSubOverflow(*jwtLeftAtSyncMs, ttlAtSyncMs, &apartMs) && qAbs(apartMs) <= 1000))
        return {};
    const qint64 jwtLeftMs = *jwtLeftAtSyncMs - (now - syncedAtMs);
    const QString jwt = jwtLeftMs > 0 ? QStringLiteral("in %1").arg(Humanize::timeLeft(jwtLeftMs))
                                      : QStringLiteral("passed %1 ago").arg(Humanize::duration(-jwtLeftMs));
    return QStringLiteral("Redis TTL: %1 left; the JWT's exp: %2")
        .arg(Humanize::timeLeft(remainingMs(now)), jwt);
}

CacheEntry::Status TokenRow::liveStatus(qint64 now) const
{
    if (!isToken() || !hasCountdown() || status == CacheEntry::Status::Expired)
        return status;
    return CacheEntry::statusForRemaining(remainingMs(now),
                                          expiresIn > 0 ? std::optional<qint64>(expiresIn) : std::nullopt);
}

} // namespace tokencache
