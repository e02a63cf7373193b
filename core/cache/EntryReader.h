#pragma once

#include "cache/CacheEntry.h"
#include "common/Result.h"

#include <QObject>
#include <QStringList>

#include <functional>

class RedisConnection;

/**
 * Reads many keys in one round trip (GET and PTTL pipelined per key) and parses each into a
 * CacheEntry. Keys that hold another Redis type cost a second round trip, for TYPE, so the
 * entry can say what they hold.
 */
class EntryReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryReader)

public:
    /** The entries of the keys that exist, in the order asked. */
    using Handler = std::function<void(const Result<QList<CacheEntry>>&)>;

    explicit EntryReader(RedisConnection& redis, QObject* parent = nullptr);

    void read(const QStringList& keys, QObject* context, Handler handler);

private:
    void describeWrongTypes(QList<CacheEntry> entries, const QList<qsizetype>& wrongTyped, QObject* context,
                            Handler handler);

    RedisConnection& m_redis;
};
