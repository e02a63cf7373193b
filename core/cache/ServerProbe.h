#pragma once

#include "core/cache/ServerInfo.h"
#include "core/common/Result.h"

#include <QObject>

#include <functional>

namespace tokencache {

class RedisClient;

/** Asks a server for PING and INFO server in one round trip, timing it. */
class ServerProbe
{
public:
    using Handler = std::function<void(const Result<ServerInfo>&)>;
    static void probe(RedisClient& redis, QObject* context, Handler handler);
    /** The redis_version field of an INFO reply. */
    static QString versionFromInfo(const QByteArray& info);
};

} // namespace tokencache
