#pragma once

#include <QByteArray>
#include <QList>
#include <QString>

struct redisReply; // hiredis's, global

namespace tokencache {

/** One decoded RESP reply, owned by Qt types so it outlives the hiredis reader. */
struct RedisReply
{
    enum class Type
    {
        String,
        Array,
        Integer,
        Nil,
        Status,
        Error
    };

    Type type = Type::Nil;
    QByteArray string; ///< bulk string, status text or error text
    qint64 integer = 0;
    QList<RedisReply> elements;

    bool isError() const { return type == Type::Error; }
    bool isNil() const { return type == Type::Nil; }
    /** The error's code, e.g. "WRONGTYPE" or "NOPERM"; empty if this is not an error. */
    QByteArray errorCode() const;

    static RedisReply fromHiredis(const redisReply& reply);
};

} // namespace tokencache
