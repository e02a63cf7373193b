#pragma once

#include "core/common/Result.h"
#include "core/redis/RedisEndpoint.h"
#include "core/redis/RedisReply.h"
#include "core/redis/RespCodec.h"

#include <QDeadlineTimer>
#include <QObject>
#include <QPointer>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace tokencache {

class ClusterRouter;
class RedisNode;
class SentinelResolver;

/**
 * A Redis deployment, as the cache uses it: a standalone server, the primary that Sentinel names,
 * or a Redis Cluster (detected from the server, whatever the URL), with its routing. Commands
 * given together to pipeline() are answered in order in one round trip per node. A connection
 * that fails is retried with exponential backoff; commands sent while backing off fail at once
 * with the last error. Nothing is replayed after a failure.
 */
class RedisClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RedisClient)

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

    static constexpr int kFirstBackoffMs = 250;
    static constexpr int kMaxBackoffMs = 10'000;

    explicit RedisClient(const RedisEndpoint& endpoint, QObject* parent = nullptr);
    ~RedisClient() override;

    const RedisEndpoint& endpoint() const { return m_endpoint; }
    /** The server actually connected to (a Sentinel's primary), or the configured one. */
    const RedisEndpoint& server() const { return m_server; }
    State state() const { return m_state; }
    /** From now on a command that writes is refused before it is sent: a read-only connection's last guard.
     */
    void refuseWrites(const QString& refusal) { m_writeRefusal = refusal; }

    void open();
    void close();

    /** Sends @p commands in one write per node; @p handler runs unless @p context is gone by then. */
    void pipeline(const QList<RedisCommand>& commands, QObject* context, PipelineHandler handler);
    void pipeline(const EncodedPipeline& prepared, QObject* context, PipelineHandler handler);
    void command(const RedisCommand& command, QObject* context, ReplyHandler handler);

    /** True once connected to a Redis Cluster. */
    bool isCluster() const { return m_router != nullptr; }
    /** The primaries' addresses (the Sentinel's current one, each of a cluster's), for connections of
     *  their own (keyspace notifications). */
    QList<RedisEndpoint> primaryServers() const;
    /** Asks a cluster for its primaries again (one may have failed over), then runs @p done while
     *  @p context lives; elsewhere runs it at once (a Sentinel's primary is found on reconnecting). */
    void refreshPrimaries(QObject* context, std::function<void()> done);
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
    void stateChanged(RedisClient::State state);

private:
    struct Waiting
    {
        EncodedPipeline prepared;
        QPointer<QObject> context;
        PipelineHandler handler;
    };
    /** Whether a failure makes the next connection wait: always, or only if it never worked. */
    enum class Backoff
    {
        IfNeverReady,
        Always
    };

    static PipelineHandler onlyReply(ReplyHandler handler);
    /** The first command of @p commands that may write, if any: anything not known to only read. */
    static std::optional<QByteArray> firstWrite(const QList<RedisCommand>& commands);
    void setState(State state);
    void connectNode();
    void checkPrimaryRole();
    void detectCluster();
    void loadClusterSlots();
    void becomeReady();
    void send(Waiting waiting);
    void fail(const Error& error, Backoff backoff = Backoff::IfNeverReady);
    Error connectionError(const QString& reason) const;

    RedisEndpoint m_endpoint;
    RedisEndpoint m_server;
    std::unique_ptr<SentinelResolver> m_resolver;
    std::unique_ptr<RedisNode> m_node;
    std::unique_ptr<ClusterRouter> m_router;
    int m_attempt = 0;        ///< tells a late answer (sentinel, setup) from the current one
    int m_backoffMs = 0;      ///< 0 until a connection fails; doubles up to kMaxBackoffMs
    QDeadlineTimer m_retryAt; ///< no new connection before this
    Error m_lastError;
    QString m_writeRefusal; ///< set: commands that write are never sent
    State m_state = State::Disconnected;
    std::deque<Waiting> m_waiting; ///< sent before the deployment was known to be ready
};

} // namespace tokencache
