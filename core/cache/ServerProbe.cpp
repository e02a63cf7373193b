#include "core/cache/ServerProbe.h"

#include "core/redis/RedisClient.h"

#include <QElapsedTimer>

namespace tokencache {

void ServerProbe::probe(RedisClient& redis, QObject* context, Handler handler)
{
    QElapsedTimer clock;
    clock.start();
    const QList<RedisCommand> commands{{"PING"}, {"INFO", "server"}};
    redis.pipeline(commands, context,
                   [&redis, commands, clock, handler](const Result<QList<RedisReply>>& replies) {
                       if (!replies)
                           return handler(replies.error());
                       if (const auto error = redis.firstError(commands, *replies))
                           return handler(*error);
                       handler(ServerInfo{versionFromInfo(replies->at(1).string), clock.elapsed()});
                   });
}

QString ServerProbe::versionFromInfo(const QByteArray& info)
{
    for (const QByteArray& line : info.split('\n')) {
        if (line.startsWith("redis_version:"))
            return QString::fromUtf8(line.mid(14).trimmed());
    }
    return {};
}

} // namespace tokencache
