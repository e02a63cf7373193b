#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/EntryFilter.h"

#include <QString>

#include <optional>

namespace tokencache {

/**
 * One row of the token table: only what the table shows, so 100,000 rows stay small. The
 * full entry (raw JSON, JWT) is read from Redis again when a row is selected. Times are on the
 * model's clock; live values take the current time so a countdown needs no update.
 */
struct TokenRow
{
    QString key;
    QString profile;
    QString tokenType;
    QString scope;
    QString
        fingerprint;   ///< the token's (TokenResponse::fingerprint): matches a service's log, reveals nothing
    QString reason;    ///< why unreadable/expired, or the lock holder
    QString warnings;  ///< joined, for the tooltip
    QString foldedKey; ///< key, profile, type and scope as the filter searches them
    QString foldedProfile;
    QString foldedType;
    QString foldedScope;
    qint64 expiresIn = -1; ///< seconds; -1 when unknown
    qint64 ttlAtSyncMs = CacheEntry::kGone;
    qint64 syncedAtMs = 0;
    qint64 cachedForSeconds = -1;          ///< the TTL it was written with (CacheEntry::cachedForSeconds)
    qint64 ageAtSyncMs = -1;               ///< the token's age at syncedAtMs; -1 when unknown
    std::optional<qint64> jwtLeftAtSyncMs; ///< until the JWT's exp at syncedAtMs, for a JWT with one
    qint64 sizeBytes = 0;
    CacheEntry::Status status = CacheEntry::Status::Unreadable;
    CacheEntry::Status placedAs = CacheEntry::Status::Unreadable; ///< live status when last sorted in
    EntryFilter::ProblemSet problems = 0; ///< CacheProblem::of's, and a rewrite storm the window saw
    quint32 seenInPass = 0;               ///< the last full pass that found this key

    /** @p owner (may be null): the profile whose key it is, for the problems that depend on its margin. */
    static TokenRow fromEntry(const CacheEntry& entry, qint64 syncedAtMs,
                              const ProviderProfile* owner = nullptr);

    bool hasCountdown() const { return ttlAtSyncMs >= 0; }
    bool isToken() const
    {
        return status != CacheEntry::Status::Unreadable && status != CacheEntry::Status::Locked &&
               status != CacheEntry::Status::StaleLock;
    }
    /** The kinds in @p problems, as filter terms name them (no-ttl, rewrite-storm...). */
    static QStringList problemNames(EntryFilter::ProblemSet problems);
    /** Time left at @p now; the TTL as read for keys without a countdown. */
    qint64 remainingMs(qint64 now) const;
    /** Where the JWT's exp and the Redis TTL differ by more than a second, both, for a tooltip. */
    QString expiryDisagreement(qint64 now) const;
    CacheEntry::Status liveStatus(qint64 now) const;
};

} // namespace tokencache

// Only QStrings and plain values: QList moves rows by memcpy when it grows (100,000 rows at once).
Q_DECLARE_TYPEINFO(tokencache::TokenRow, Q_RELOCATABLE_TYPE);
