#include "redis/RespCodec.h"

#include <hiredis/hiredis.h>

#include <vector>

void RespCodec::ReaderDeleter::operator()(redisReader* reader) const
{
    redisReaderFree(reader);
}

RespCodec::RespCodec() : m_reader(redisReaderCreate()) {}

RespCodec::~RespCodec() = default;

QByteArray RespCodec::encode(const RedisCommand& command)
{
    std::vector<const char*> argv;
    std::vector<size_t> argvlen;
    argv.reserve(size_t(command.size()));
    argvlen.reserve(size_t(command.size()));
    for (const QByteArray& arg : command) {
        argv.push_back(arg.constData());
        argvlen.push_back(size_t(arg.size()));
    }
    // The sds variant formats lengths with hiredis's own integer writer, not vsprintf: the
    // formatting was a sixth of the CPU a cache hit costs.
    sds formatted = nullptr;
    const int length = redisFormatSdsCommandArgv(&formatted, int(argv.size()), argv.data(), argvlen.data());
    if (length < 0)
        return {};
    QByteArray encoded(formatted, length);
    redisFreeSdsCommand(formatted);
    return encoded;
}

EncodedPipeline::EncodedPipeline(const QList<RedisCommand>& commands) : commands(commands)
{
    for (const RedisCommand& command : commands)
        bytes += RespCodec::encode(command);
}

bool RespCodec::feed(const QByteArray& bytes)
{
    if (redisReaderFeed(m_reader.get(), bytes.constData(), size_t(bytes.size())) != REDIS_OK) {
        m_error = QString::fromUtf8(m_reader->errstr);
        return false;
    }
    return true;
}

std::optional<RedisReply> RespCodec::next()
{
    if (!m_error.isEmpty())
        return std::nullopt;
    void* raw = nullptr;
    if (redisReaderGetReply(m_reader.get(), &raw) != REDIS_OK) {
        m_error = QString::fromUtf8(m_reader->errstr);
        return std::nullopt;
    }
    if (!raw)
        return std::nullopt;
    auto* reply = static_cast<redisReply*>(raw);
    RedisReply converted = RedisReply::fromHiredis(*reply);
    freeReplyObject(reply);
    return converted;
}

void RespCodec::reset()
{
    m_reader.reset(redisReaderCreate());
    m_error.clear();
}
