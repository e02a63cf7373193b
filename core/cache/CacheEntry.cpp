#include "core/cache/CacheEntry.h"

#include "core/config/ProviderProfile.h"

#include <QLocale>

#include <limits>

namespace tokencache {

namespace {

void checkExpiry(CacheEntry& entry, qint64 leftMs, const QString& expiry)
{
    if (leftMs <= 0 && entry.status != CacheEntry::Status::Expired) {
        entry.status = CacheEntry::Status::Expired;
        entry.reason = QStringLiteral("%1 passed %2 s ago").arg(expiry).arg(-(leftMs / 1000));
    }
    // A PTTL and a clock from anywhere: the difference saturates instead of overflowing.
    qint64 outlivesMs = 0;
    if (qSubOverflow(entry.ttlMs, leftMs, &outlivesMs))
        outlivesMs =
            entry.ttlMs > leftMs ? std::numeric_limits<qint64>::max() : std::numeric_limits<qint64>::min();
    if (entry.ttlMs == CacheEntry::kNoTtl || outlivesMs > 1000) {
        const QString outlives = entry.ttlMs == CacheEntry::kNoTtl
                                     ? QStringLiteral("forever")
                                     : QStringLiteral("by %1 s").arg(outlivesMs / 1000);
        entry.warnings.append(QStringLiteral("the Redis TTL outlives %1 %2").arg(expiry, outlives));
    }
}

void deriveTimes(CacheEntry& entry, const QDateTime& now)
{
    const TokenResponse& token = *entry.token;
    const std::optional<QDateTime> issuedAt =
        entry.jwt ? entry.jwt->time(QStringLiteral("iat")) : std::nullopt;
    if (token.expiresIn)
        entry.cachedForSeconds = *token.expiresIn;
    if (issuedAt)
        entry.ageSeconds = issuedAt->secsTo(now);
    else
        entry.ageFromTtl();

    const std::optional<QDateTime> jwtExpiry =
        entry.jwt ? entry.jwt->time(QStringLiteral("exp")) : std::nullopt;
    // The JWT's exp and the response's own expiry time bound the token alike.
    if (jwtExpiry && entry.ttlMs != CacheEntry::kGone) {
        entry.jwtLeftMs = now.msecsTo(*jwtExpiry);
        checkExpiry(entry, *entry.jwtLeftMs, QStringLiteral("the JWT's exp"));
    }
    if (token.expiresAt && entry.ttlMs != CacheEntry::kGone)
        checkExpiry(entry, now.msecsTo(*token.expiresAt), QStringLiteral("the response's expiry time"));
}

void deriveStatus(CacheEntry& entry)
{
    if (entry.status == CacheEntry::Status::Expired)
        return;
    if (entry.ttlMs == CacheEntry::kGone) {
        entry.status = CacheEntry::Status::Expired;
        entry.reason = QStringLiteral("the key expired while it was read");
        return;
    }
    if (entry.ttlMs == CacheEntry::kNoTtl)
        entry.warnings.append(QStringLiteral("the key has no TTL: it never expires"));
    entry.status = CacheEntry::statusForRemaining(entry.ttlMs, entry.token->expiresIn);
}

/** A token entry with what depends on its PTTL and the clock derived as of @p now. */
CacheEntry timedTokenEntry(const CacheEntry& parsed, qint64 ttlMs, const QDateTime& now)
{
    CacheEntry entry;
    entry.key = parsed.key;
    entry.raw = parsed.raw;
    entry.sizeBytes = parsed.sizeBytes;
    entry.token = parsed.token;
    entry.jwt = parsed.jwt;
    entry.ttlMs = ttlMs;
    deriveTimes(entry, now);
    deriveStatus(entry);
    return entry;
}

} // namespace

CacheEntry CacheEntry::fromValue(const QString& key, const QByteArray& raw, qint64 ttlMs,
                                 const QDateTime& now, const ResponseMapping& mapping)
{
    const auto unusable = [&](const QString& reason, bool keepRaw) {
        CacheEntry entry = unreadable(key, ttlMs, reason);
        entry.sizeBytes = raw.size();
        if (keepRaw)
            entry.raw = raw;
        return entry;
    };
    if (LockInfo::isLockKey(key)) {
        CacheEntry entry;
        entry.key = key;
        entry.ttlMs = ttlMs;
        entry.sizeBytes = raw.size();
        entry.lock = LockInfo::parse(raw, ttlMs, now);
        entry.status = entry.lock->stale ? Status::StaleLock : Status::Locked;
        if (entry.lock->stale)
            entry.reason = ttlMs == kNoTtl ? QStringLiteral("the lock has no TTL")
                                           : QStringLiteral("the lock outlived its TTL");
        return entry;
    }
    if (raw.isEmpty())
        return unusable(QStringLiteral("the value is empty"), false);
    if (raw.size() > kMaxValueBytes)
        return tooLarge(key, raw.size(), ttlMs);
    auto token = TokenResponse::parse(raw, mapping, now);
    if (!token)
        return unusable(QStringLiteral("not a token response: ") + token.error().message, true);
    CacheEntry parsed;
    parsed.key = key;
    parsed.raw = raw;
    parsed.sizeBytes = raw.size();
    parsed.jwt = Jwt::decode(token->accessToken.toUtf8());
    parsed.token = std::move(token).value();
    return timedTokenEntry(parsed, ttlMs, now);
}

CacheEntry CacheEntry::withTtl(qint64 remainingMs, const QDateTime& now) const
{
    Q_ASSERT(token);
    return timedTokenEntry(*this, remainingMs, now);
}

void CacheEntry::ageFromTtl()
{
    if (cachedForSeconds >= 0 && ttlMs >= 0)
        ageSeconds = qMax<qint64>(0, cachedForSeconds - ttlMs / 1000);
}

void CacheEntry::applyProfile(const ProviderProfile& owner)
{
    profile = owner.name;
    if (!token || !token->expiresIn)
        return;
    const qint64 lifetime = *token->expiresIn;
    // tokencache stores a profile's token for its lifetime less the margin: age counts from there.
    cachedForSeconds = lifetime - owner.effectiveMarginSeconds(lifetime);
    if (!(jwt && jwt->time(QStringLiteral("iat"))))
        ageFromTtl();
    if (lifetime < 2 * qint64(owner.refreshMarginSeconds))
        warnings.append(
            QStringLiteral("the token lifetime (%1 s) is shorter than twice the refresh margin (%2 s)")
                .arg(lifetime)
                .arg(owner.refreshMarginSeconds));
}

CacheEntry CacheEntry::unreadable(const QString& key, qint64 ttlMs, const QString& reason)
{
    CacheEntry entry;
    entry.key = key;
    entry.ttlMs = ttlMs;
    entry.status = Status::Unreadable;
    entry.reason = reason;
    return entry;
}

CacheEntry CacheEntry::tooLarge(const QString& key, qint64 sizeBytes, qint64 ttlMs)
{
    CacheEntry entry = unreadable(key, ttlMs,
                                  QStringLiteral("the value is %1, too large for a token response")
                                      .arg(QLocale::c().formattedDataSize(sizeBytes)));
    entry.sizeBytes = sizeBytes;
    return entry;
}

CacheEntry::Status CacheEntry::statusForRemaining(qint64 ttlMs, std::optional<qint64> expiresInSeconds)
{
    if (ttlMs == 0 || ttlMs == kGone)
        return Status::Expired;
    // Short-lived tokens are "expiring" in their last quarter, others in their last minute.
    qint64 soonMs = kExpiringSoonMs;
    if (expiresInSeconds)
        soonMs = qMin(soonMs, *expiresInSeconds * 1000 / 4);
    return (ttlMs > 0 && ttlMs < soonMs) ? Status::Expiring : Status::Valid;
}

QString CacheEntry::binding() const
{
    const QJsonObject confirmation =
        jwt ? jwt->claims.value(QStringLiteral("cnf")).toObject() : QJsonObject();
    if (const QString thumbprint = confirmation.value(QStringLiteral("x5t#S256")).toString();
        !thumbprint.isEmpty())
        return QStringLiteral(
                   "client certificate (mTLS) x5t#S256 %1: a copy works only with that certificate")
            .arg(thumbprint);
    if (const QString thumbprint = confirmation.value(QStringLiteral("jkt")).toString();
        !thumbprint.isEmpty())
        return QStringLiteral("DPoP key jkt %1: a copy works only with proofs signed by that key")
            .arg(thumbprint);
    if (token && token->tokenType.compare(QLatin1String("DPoP"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("DPoP key (token_type DPoP): a copy works only with proofs signed by that key");
    return {};
}

QString CacheEntry::statusName(Status status)
{
    switch (status) {
    case Status::Valid:
        return QStringLiteral("valid");
    case Status::Expiring:
        return QStringLiteral("expiring");
    case Status::Expired:
        return QStringLiteral("expired");
    case Status::Locked:
        return QStringLiteral("lock");
    case Status::StaleLock:
        return QStringLiteral("stale lock");
    case Status::Unreadable:
        break;
    }
    return QStringLiteral("unreadable");
}

} // namespace tokencache
