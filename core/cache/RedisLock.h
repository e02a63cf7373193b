#pragma once

#include "core/common/Result.h"
#include "core/redis/RespCodec.h"

#include <QByteArray>
#include <QObject>
#include <QString>

#include <functional>

namespace tokencache {

class RedisClient;
struct ProviderProfile;

/**
 * The cross-process single-flight lock: `SET {<key>}:lock <unique value> NX PX <ttl>` to take it,
 * a compare-and-delete script to release it, so a slow holder never deletes a lock that has
 * since expired and been taken by someone else.
 */
class RedisLock final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisLock)

public:
    /** The lock value if this process now holds the lock; empty if another holder has it. */
    using AcquireHandler = std::function<void(const Result<QByteArray>&)>;
    /** Whether the lock was still ours and is now gone. */
    using ReleaseHandler = std::function<void(const Result<bool>&)>;

    explicit RedisLock(RedisClient& redis, QObject* parent = nullptr);

    /** How long one fetch of @p profile may hold the lock: every attempt, its backoff, and slack. */
    static qint64 ttlForFetch(const ProviderProfile& profile);

    void acquire(const QString& entryKey, qint64 ttlMs, QObject* context, AcquireHandler handler);
    /** The SET NX PX command acquire() sends, for callers that pipeline more after it; @p value receives the
     * lock value. */
    static RedisCommand acquireCommand(const QString& entryKey, qint64 ttlMs, QByteArray* value);
    /** Deletes the lock of @p entryKey only if it still holds @p value. */
    void release(const QString& entryKey, const QByteArray& value, QObject* context, ReleaseHandler handler);
    /**
     * Replaces the lock of @p entryKey, if it still holds @p value, by a record of @p failure kept
     * for @p holdMs: the processes waiting on this fetch report it instead of each trying again,
     * if their profile's settings are @p settings (see ProviderProfile::settingsFingerprint).
     */
    void releaseWithFailure(const QString& entryKey, const QByteArray& value, const QString& failure,
                            const QString& settings, qint64 holdMs, QObject* context, ReleaseHandler handler);

private:
    void compareAndRun(const RedisCommand& eval, QObject* context, ReleaseHandler handler);

    RedisClient& m_redis;
};

} // namespace tokencache
