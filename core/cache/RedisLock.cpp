#include "core/cache/RedisLock.h"

#include "core/cache/LockInfo.h"
#include "core/common/Escape.h"
#include "core/common/Guarded.h"
#include "core/config/ProviderProfile.h"
#include "core/oauth/RetryPolicy.h"
#include "core/redis/RedisClient.h"

#include <QPointer>

namespace tokencache {

namespace {
// Atomic compare-and-delete: GET and DEL in one script so no other client can act in between.
const QByteArray kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
// Compare-and-set: the failure record replaces the lock only while it is still ours.
const QByteArray kFailScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], "
    "'PX', ARGV[3]) return 1 else return 0 end";
} // namespace

qint64 RedisLock::ttlForFetch(const ProviderProfile& profile)
{
    constexpr qint64 kSlackMs = 5000;
    return qint64(profile.requestTimeoutMs) * profile.maxAttempts +
           RetryPolicy::kMaxDelayMs * (profile.maxAttempts - 1) + kSlackMs;
}

RedisLock::RedisLock(RedisClient& redis, QObject* parent) : QObject(parent), m_redis(redis) {}

void RedisLock::acquire(const QString& entryKey, qint64 ttlMs, QObject* context, AcquireHandler handler)
{
    QByteArray value;
    const RedisCommand set = acquireCommand(entryKey, ttlMs, &value);
    m_redis.command(set, this, guarded(context, [this, set, value, handler](const Result<RedisReply>& reply) {
                        if (!reply)
                            handler(reply.error());
                        else if (reply->isError())
                            handler(m_redis.commandError(set, *reply));
                        else
                            handler(reply->isNil() ? QByteArray() : value);
                    }));
}

RedisCommand RedisLock::acquireCommand(const QString& entryKey, qint64 ttlMs, QByteArray* value)
{
    *value = LockInfo::newValue(ttlMs);
    return {
        "SET", Escape::unescape(LockInfo::keyFor(entryKey)), *value, "NX", "PX", QByteArray::number(ttlMs)};
}

void RedisLock::release(const QString& entryKey, const QByteArray& value, QObject* context,
                        ReleaseHandler handler)
{
    compareAndRun({"EVAL", kReleaseScript, "1", Escape::unescape(LockInfo::keyFor(entryKey)), value}, context,
                  std::move(handler));
}

void RedisLock::releaseWithFailure(const QString& entryKey, const QByteArray& value, const QString& failure,
                                   const QString& settings, qint64 holdMs, QObject* context,
                                   ReleaseHandler handler)
{
    compareAndRun({"EVAL", kFailScript, "1", Escape::unescape(LockInfo::keyFor(entryKey)), value,
                   LockInfo::failureValue(failure, settings, holdMs), QByteArray::number(holdMs)},
                  context, std::move(handler));
}

void RedisLock::compareAndRun(const RedisCommand& eval, QObject* context, ReleaseHandler handler)
{
    m_redis.command(eval, this, guarded(context, [this, eval, handler](const Result<RedisReply>& reply) {
                        if (!reply)
                            handler(reply.error());
                        else if (reply->isError())
                            handler(m_redis.commandError(eval, *reply));
                        else
                            handler(reply->type == RedisReply::Type::Integer && reply->integer == 1);
                    }));
}

} // namespace tokencache
