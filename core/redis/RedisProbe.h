#pragma once

#include "common/Result.h"

#include <QObject>
#include <QString>

#include <functional>

class RedisConnection;

/** What a quick look at a Redis server tells: its version and the round trip it took. */
struct RedisServerInfo
{
    QString version;
    qint64 roundTripMs = 0;
};

/** Asks a server for PING and INFO server in one round trip, timing it. */
class RedisProbe
{
public:
    using Handler = std::function<void(const Result<RedisServerInfo>&)>;
    static void probe(RedisConnection& redis, QObject* context, Handler handler);
    /** The redis_version field of an INFO reply. */
    static QString versionFromInfo(const QByteArray& info);
};
