#pragma once

#include "common/Result.h"
#include "redis/RedisEndpoint.h"
#include "redis/RedisReply.h"
#include "redis/RespCodec.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <QDeadlineTimer>
#include <QElapsedTimer>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

class RedisTransport;
class SentinelResolver;
class ClusterRouter;

/**
 * An asynchronous connection to one Redis server.
 *
 * Commands given together to pipeline() are written in one go and answered in order in one
 * round trip. The connection opens on first use (or open()), logs in with AUTH and SELECT,
 * and fails every waiting command with a specific Error when the server is unreachable,
 * stops answering or breaks the protocol. Nothing is replayed after a failure.
 */
class RedisConnection final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisConnection)

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
    using ReplyHandler = std::function<void(const Result<RedisReply>&)>;

    /**
     * A Deployment connection detects Redis Cluster and routes through it; a SingleNode connection
     * talks to exactly the server it names (a cluster node, a sentinel).
     */
    enum class Role
    {
        Deployment,
        SingleNode
    };

    explicit RedisConnection(const RedisEndpoint& endpoint, Role role = Role::Deployment,
                             QObject* parent = nullptr);
    ~RedisConnection() override;

    const RedisEndpoint& endpoint() const { return m_endpoint; }
    /** The server actually connected to (a Sentinel's primary), or the configured one. */
    const RedisEndpoint& server() const { return m_server; }

    static constexpr int kFirstBackoffMs = 250;
    /** Replies are handed out for at most this long before the event loop gets a turn. */
    static constexpr int kMaxDeliveryMs = 10;
    static constexpr int kMaxBackoffMs = 10'000;
    State state() const { return m_state; }

    void open();
    void close();

    /** Sends @p commands in one write; @p handler runs unless @p context is gone by then. */
    void pipeline(const QList<RedisCommand>& commands, QObject* context, PipelineHandler handler);
    void pipeline(const EncodedPipeline& prepared, QObject* context, PipelineHandler handler);
    void command(const RedisCommand& command, QObject* context, ReplyHandler handler);

    /** True once connected to a Redis Cluster (detected from the server, whatever the URL). */
    bool isCluster() const { return m_router != nullptr; }
    /** The primaries a SCAN must visit: 1 unless connected to a cluster. */
    int primaryCount() const;
    /** Sends a key-less command (SCAN) to one primary. */
    void commandOnPrimary(int index, const RedisCommand& command, QObject* context, ReplyHandler handler);

    /** An error reply as a message naming the server, the command and its key (never values). */
    Error commandError(const RedisCommand& command, const RedisReply& reply) const;
    /** The first error reply of a pipeline, worded as commandError() words it; none if all succeeded. */
    std::optional<Error> firstError(const QList<RedisCommand>& commands,
                                    const QList<RedisReply>& replies) const;

signals:
    void stateChanged(RedisConnection::State state);

private:
    struct Batch
    {
        EncodedPipeline sent;
        QList<RedisReply> replies;
        QPointer<QObject> context;
        PipelineHandler handler;
        qint64 sentAtMs = 0; ///< on m_clock, when written: its reply is due commandTimeoutMs later
    };
    /** Whether a failure makes the next connection wait (a server that never worked, or broke the protocol).
     */
    enum class Backoff
    {
        IfNeverReady,
        Always
    };

    void setState(State state);
    void startTransport();
    void becomeReady();
    void loadClusterSlots();
    void onConnected();
    void onReadyRead();
    void deliverReplies();
    void onTransportFailed(const QString& reason);
    void armReplyTimer();
    void onReplyTimeout();
    void startHandshake();
    void flushQueued();
    void fail(const Error& error, Backoff backoff = Backoff::IfNeverReady);
    void sendBatch(Batch batch, bool first = false);
    void failProtocol(const QString& reason);
    Error connectionError(const QString& reason) const;
    static void deliver(Batch& batch, const Result<QList<RedisReply>>& result);

    RedisEndpoint m_endpoint;
    RedisEndpoint m_server;
    std::unique_ptr<SentinelResolver> m_resolver;
    Role m_role;
    std::unique_ptr<ClusterRouter> m_router;
    int m_attempt = 0;        ///< tells a late sentinel answer from the current one
    int m_backoffMs = 0;      ///< 0 until a connection fails; doubles up to kMaxBackoffMs
    QDeadlineTimer m_retryAt; ///< no new connection before this
    Error m_lastError;
    State m_state = State::Disconnected;
    RedisTransport* m_transport = nullptr;
    RespCodec m_codec;
    std::deque<Batch> m_queued;   ///< waiting for the connection to be ready
    std::deque<Batch> m_inFlight; ///< written, waiting for replies
    QTimer m_connectTimer;
    QTimer m_replyTimer; ///< due when the oldest batch in flight is; not restarted per reply
    QElapsedTimer m_clock;
};
