#pragma once

#include "core/redis/RedisReply.h"
#include "core/redis/RespLimits.h"

#include <QByteArray>
#include <QList>

#include <memory>
#include <optional>

struct redisReader; // hiredis's, global

namespace tokencache {

/** One command: its name and arguments, binary safe. */
using RedisCommand = QList<QByteArray>;

/** Commands with their RESP encoding, made once: a pipeline sent again and again is encoded once. */
struct EncodedPipeline
{
    EncodedPipeline() = default;
    explicit EncodedPipeline(const QList<RedisCommand>& commands);

    QList<RedisCommand> commands; ///< kept for error messages and for a cluster router to re-route
    QByteArray bytes;
};

/** RESP encoding and decoding, delegated to hiredis's command formatter and reply reader. */
class RespCodec
{
public:
    explicit RespCodec(const RespLimits& limits = RespLimits());
    ~RespCodec();
    RespCodec(const RespCodec&) = delete;
    RespCodec& operator=(const RespCodec&) = delete;

    static QByteArray encode(const RedisCommand& command);

    /**
     * Takes received bytes; returns false once the stream was found not to be valid RESP or a
     * reply header announced more than the limits allow (nothing is allocated for it then).
     */
    bool feed(const QByteArray& bytes);
    /** The next complete reply, if one has arrived; sets error() on a protocol error. */
    std::optional<RedisReply> next();
    /** Non-empty once the stream was found to be invalid; the connection must be dropped then. */
    QString error() const { return m_error; }
    /** Forgets partial input, for a new connection. */
    void reset();

private:
    struct ReaderDeleter
    {
        void operator()(redisReader* reader) const;
    };
    static constexpr qsizetype kFeedSliceBytes = 16 * 1024;

    std::unique_ptr<redisReader, ReaderDeleter> m_reader;
    RespLimits m_limits;
    QString m_error;
    QByteArray m_received; ///< handed to the reader kFeedSliceBytes at a time, as it runs dry
    qsizetype m_fed = 0;
};

} // namespace tokencache
