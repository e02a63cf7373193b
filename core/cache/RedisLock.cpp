#include "cache/RedisLock.h"

#include "cache/LockInfo.h"
#include "redis/RedisConnection.h"

#include <QPointer>

namespace {
// Atomic compare-and-delete: GET and DEL in one script so no other client can act in between.
const QByteArray kReleaseScript =
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";
} // namespace

RedisLock::RedisLock(RedisConnection& redis, QObject* parent) : QObject(parent), m_redis(redis) {}

void RedisLock::acquire(const QString& entryKey, qint64 ttlMs, QObject* context, AcquireHandler handler)
{
    QByteArray value;
    const RedisCommand set = acquireCommand(entryKey, ttlMs, &value);
    QPointer<QObject> guard(context);
    m_redis.command(set, this, [this, set, value, guard, handler](const Result<RedisReply>& reply) {
        if (!guard)
            return;
        if (!reply)
            handler(reply.error());
        else if (reply->isError())
            handler(m_redis.commandError(set, *reply));
        else
            handler(reply->isNil() ? QByteArray() : value);
    });
}

RedisCommand RedisLock::acquireCommand(const QString& entryKey, qint64 ttlMs, QByteArray* value)
{
    *value = LockInfo::newValue(ttlMs);
    return {"SET", LockInfo::keyFor(entryKey).toUtf8(), *value, "NX", "PX", QByteArray::number(ttlMs)};
}

void RedisLock::release(const QString& entryKey, const QByteArray& value, QObject* context,
                        ReleaseHandler handler)
{
    const RedisCommand eval{"EVAL", kReleaseScript, "1", LockInfo::keyFor(entryKey).toUtf8(), value};
    QPointer<QObject> guard(context);
    m_redis.command(eval, this, [this, eval, guard, handler](const Result<RedisReply>& reply) {
        if (!guard)
            return;
        if (!reply)
            handler(reply.error());
        else if (reply->isError())
            handler(m_redis.commandError(eval, *reply));
        else
            handler(reply->integer == 1);
    });
}
