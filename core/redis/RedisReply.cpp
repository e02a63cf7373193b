#include "core/redis/RedisReply.h"

#include <hiredis/hiredis.h>

namespace tokencache {

QByteArray RedisReply::errorCode() const
{
    if (!isError())
        return {};
    const qsizetype space = string.indexOf(' ');
    return space < 0 ? string : string.left(space);
}

RedisReply RedisReply::fromHiredis(const redisReply& reply)
{
    RedisReply result;
    switch (reply.type) {
    case REDIS_REPLY_STRING:
        result.type = Type::String;
        result.string = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_STATUS:
        result.type = Type::Status;
        result.string = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_ERROR:
        result.type = Type::Error;
        result.string = QByteArray(reply.str, qsizetype(reply.len));
        break;
    case REDIS_REPLY_INTEGER:
        result.type = Type::Integer;
        result.integer = reply.integer;
        break;
    case REDIS_REPLY_ARRAY:
        result.type = Type::Array;
        result.elements.reserve(qsizetype(reply.elements));
        for (size_t i = 0; i < reply.elements; ++i)
            result.elements.append(fromHiredis(*reply.element[i]));
        break;
    default:
        result.type = Type::Nil;
        break;
    }
    return result;
}

} // namespace tokencache
