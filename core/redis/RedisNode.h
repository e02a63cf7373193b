#pragma once

#include "core/common/Result.h"
#include "core/redis/RedisEndpoint.h"
#include "core/redis/RedisReply.h"
#include "core/redis/RespCodec.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <deque>
#include <functional>
#include <optional>

namespace tokencache {

class RedisTransport;

/**
 * One connection to one Redis server (a primary, a cluster node, a sentinel); it knows nothing
 * of topology. It opens on first use, logs in with AUTH and SELECT, writes each pipeline in one
 * go and answers it in order, and fails every waiting command with a specific Error when the
 * server is unreachable, stops answering or breaks the protocol. Nothing is replayed.
 *
 * Subscriber mode (psubscribe()): messages the server pushes are handed to a message handler;
 * they answer nothing, so they never take a waiting command's place.
 */
class RedisNode final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisNode)

public:
    enum class State
    {
        Disconnected,
        Connecting,
        Ready
    };
    Q_ENUM(State)

    /** Replies in command order (each may be an error reply), or why there are none. */
    using PipelineHandler = std::function<void(const Result<QList<RedisReply>>&)>;
    /** A pushed message: ["pmessage", pattern, channel, payload] or ["message", channel, payload]. */
    using MessageHandler = std::function<void(const RedisReply& message)>;

    /** Replies are handed out for at most this long before the event loop gets a turn. */
    static constexpr int kMaxDeliveryMs = 10;

    /** @p server: a TCP, TLS or Unix socket endpoint (never a Sentinel one). */
    explicit RedisNode(const RedisEndpoint& server, QObject* parent = nullptr);
    ~RedisNode() override;

    const RedisEndpoint& server() const { return m_server; }
    State state() const { return m_state; }

    void open();
    /** Fails what is waiting with "connection closed"; the next command opens it again. */
    void close();

    /** Sends @p prepared in one write; @p handler runs unless @p context is gone by then. */
    void pipeline(const EncodedPipeline& prepared, QObject* context, PipelineHandler handler);

    /**
     * Enters subscriber mode: PSUBSCRIBE @p patterns; @p onSubscribed gets one confirmation per
     * pattern, and every message pushed afterwards goes to @p onMessage while @p context lives.
     * Only (P)SUBSCRIBE, (P)UNSUBSCRIBE with patterns, and PING may be sent from then on.
     */
    void psubscribe(const QList<QByteArray>& patterns, QObject* context, MessageHandler onMessage,
                    PipelineHandler onSubscribed);
    bool isSubscriber() const { return static_cast<bool>(m_onMessage); }

    /** An error reply as a message naming the server, the command and its key (never values). */
    Error commandError(const RedisCommand& command, const RedisReply& reply) const
    {
        return commandErrorAt(m_server.address(), command, reply);
    }
    static Error commandErrorAt(const QString& address, const RedisCommand& command, const RedisReply& reply);
    /** "Redis at HOST:PORT: @p reason" as a Redis error. */
    Error connectionError(const QString& reason) const;

signals:
    void stateChanged(RedisNode::State state);
    /**
     * The connection failed (after everything waiting got @p error). @p protocolBroken: the server
     * sent something that is not Redis, so an immediate retry would likely meet the same.
     */
    void failed(const Error& error, bool protocolBroken, bool wasReady);

private:
    struct Batch
    {
        EncodedPipeline sent;
        qsizetype expected = 0; ///< replies due: one per command, one per pattern of (P)SUBSCRIBE
        QList<RedisReply> replies;
        QPointer<QObject> context;
        PipelineHandler handler;
        qint64 sentAtMs = 0; ///< on m_clock, when written: its reply is due commandTimeoutMs later
    };

    void setState(State state);
    void startHandshake();
    void becomeReady();
    void onReadyRead();
    void deliverReplies();
    bool isPushedMessage(const RedisReply& reply) const;
    void armReplyTimer();
    void onReplyTimeout();
    void sendBatch(Batch batch, bool first = false);
    void flushQueued();
    void fail(const Error& error, bool protocolBroken = false);
    void failProtocol(const QString& reason);
    static qsizetype repliesDue(const QList<RedisCommand>& commands);
    static void deliver(Batch& batch, const Result<QList<RedisReply>>& result);

    RedisEndpoint m_server;
    State m_state = State::Disconnected;
    bool m_deliveryScheduled = false; ///< a delivery waits for the event loop's next turn
    RedisTransport* m_transport = nullptr;
    RespCodec m_codec;
    std::deque<Batch> m_queued;   ///< waiting for the connection to be ready
    std::deque<Batch> m_inFlight; ///< written, waiting for replies
    QPointer<QObject> m_messageContext;
    MessageHandler m_onMessage;
    QTimer m_connectTimer;
    QTimer m_replyTimer; ///< due when the oldest batch in flight is; not restarted per reply
    QElapsedTimer m_clock;
};

} // namespace tokencache
