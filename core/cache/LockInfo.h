#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace tokencache {

/**
 * The single-flight lock next to a cache entry (`{<key>}:lock`, see keyFor()), as stored: a small JSON value
 * naming the holder, when it took the lock and for how long.
 */
struct LockInfo
{
    static inline const QString kSuffix = QStringLiteral(":lock");
    /** A lock older than its TTL by this much is stale (allowing for clock skew between hosts). */
    static constexpr qint64 kStaleSlackMs = 5000;

    QString holder;    ///< "host/pid", or empty when another tool wrote the lock
    qint64 ageMs = -1; ///< -1 when unknown
    qint64 declaredTtlMs = -1;
    bool stale = false;
    QString failure; ///< the holder's fetch failed with this: waiters share it instead of fetching again
    QString failedSettings; ///< the settings it failed with: only waiters with the same share it; empty: any

    /**
     * `{<key>}:lock`, or `<key>:lock` when the key has a hash tag of its own: either way the lock
     * lives in the entry's Redis Cluster slot, so lock and entry can be read in one pipeline.
     */
    static QString keyFor(const QString& entryKey);
    static bool isLockKey(const QString& key) { return key.endsWith(kSuffix); }
    /** The entry a lock key belongs to. */
    static QString entryKeyOf(const QString& lockKey);

    /** A fresh lock value for this process; unique, so only its holder can release it. */
    static QByteArray newValue(qint64 ttlMs, const QDateTime& now = QDateTime::currentDateTimeUtc());
    /** What a holder whose fetch failed leaves in the lock for a few seconds: the failure, for the waiters.
     */
    static QByteArray failureValue(const QString& failure, const QString& settings, qint64 ttlMs,
                                   const QDateTime& now = QDateTime::currentDateTimeUtc());
    /** Whether a waiter whose profile has @p settings takes this lock's failure as its own answer. */
    bool failureFor(const QString& settings) const
    {
        return !failure.isEmpty() && !stale && (failedSettings.isEmpty() || failedSettings == settings);
    }
    /** Reads a lock value with its PTTL; a lock without expiry or past its TTL is stale. */
    static LockInfo parse(const QByteArray& value, qint64 pttlMs,
                          const QDateTime& now = QDateTime::currentDateTimeUtc());
};

} // namespace tokencache
