#pragma once

#include "cache/CacheEntry.h"

#include <QString>

/**
 * One row of the token table: only what the table shows, so 100,000 rows stay small. The
 * full entry (raw JSON, JWT) is read from Redis again when a row is selected.
 */
struct TokenRow
{
    QString key;
    QString profile;
    QString tokenType;
    QString scope;
    QString reason;        ///< why unreadable/expired, or the lock holder
    QString warnings;      ///< joined, for the tooltip
    qint64 expiresIn = -1; ///< seconds; -1 when unknown
    qint64 ttlAtSyncMs = CacheEntry::kGone;
    qint64 syncedAtMs = 0; ///< on the model's clock
    qint64 ageAtSyncS = -1;
    qint64 sizeBytes = 0;
    CacheEntry::Status status = CacheEntry::Status::Unreadable;

    static TokenRow fromEntry(const CacheEntry& entry, qint64 syncedAtMs);

    bool hasCountdown() const { return ttlAtSyncMs >= 0; }
    bool isToken() const
    {
        return status != CacheEntry::Status::Unreadable && status != CacheEntry::Status::Locked &&
               status != CacheEntry::Status::StaleLock;
    }
};
