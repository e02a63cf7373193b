#include "core/redis/RedisClient.h"

#include "core/common/Escape.h"
#include "core/redis/ClusterRouter.h"
#include "core/redis/RedisNode.h"
#include "core/redis/SentinelResolver.h"

#include <QSet>

namespace tokencache {

namespace {

/** Deletes @p object once the event loop runs: it may be delivering the very reply that ends it. */
template <typename T> void dropLater(std::unique_ptr<T>& object)
{
    if (object) {
        object->disconnect();
        object.release()->deleteLater();
    }
}

/** Fails what waits on @p node with "connection closed", without its failure reaching anyone else. */
void closeQuietly(std::unique_ptr<RedisNode>& node)
{
    if (!node)
        return;
    node->disconnect();
    node->close();
    dropLater(node);
}

} // namespace

RedisClient::RedisClient(const RedisEndpoint& endpoint, QObject* parent)
    : QObject(parent), m_endpoint(endpoint), m_server(endpoint), m_retryAt(0)
{}

RedisClient::~RedisClient()
{
    // Nobody may be called back from a destructor: drop the waiting callers silently.
    m_waiting.clear();
}

void RedisClient::open()
{
    if (m_state != State::Disconnected)
        return;
    setState(State::Connecting);
    const int attempt = ++m_attempt;
    if (m_endpoint.kind != RedisEndpoint::Kind::Sentinel)
        return connectNode();
    // Every (re)connection asks the sentinels again: after a failover the primary has moved.
    if (!m_resolver)
        m_resolver = std::make_unique<SentinelResolver>();
    m_resolver->resolve(m_endpoint, [this, attempt](const Result<QPair<QString, quint16>>& primary) {
        if (attempt != m_attempt || m_state != State::Connecting)
            return;
        if (!primary)
            return fail(Error::redis(QStringLiteral("Redis via sentinels %1: %2")
                                         .arg(m_endpoint.address(), primary.error().message)));
        m_server = m_endpoint.at(primary->first, primary->second);
        connectNode();
    });
}

void RedisClient::connectNode()
{
    dropLater(m_node);
    m_node = std::make_unique<RedisNode>(m_server);
    const int attempt = m_attempt;
    connect(m_node.get(), &RedisNode::failed, this,
            [this, attempt](const Error& error, bool protocolBroken, bool /*wasReady*/) {
                if (attempt == m_attempt && m_state != State::Disconnected)
                    fail(error, protocolBroken ? Backoff::Always : Backoff::IfNeverReady);
            });
    // What the deployment is, is the server's answer, not the URL's.
    switch (m_endpoint.kind) {
    case RedisEndpoint::Kind::Sentinel:
        return checkPrimaryRole();
    case RedisEndpoint::Kind::Tcp:
    case RedisEndpoint::Kind::Tls:
        return detectCluster();
    case RedisEndpoint::Kind::Unix:
        connect(m_node.get(), &RedisNode::stateChanged, this, [this, attempt](RedisNode::State state) {
            if (attempt == m_attempt && state == RedisNode::State::Ready && m_state == State::Connecting)
                becomeReady();
        });
        m_node->open();
        return;
    }
}

void RedisClient::checkPrimaryRole()
{
    // A sentinel's answer may be stale during a failover: make sure this node is the primary.
    const int attempt = m_attempt;
    m_node->pipeline(EncodedPipeline(QList<RedisCommand>{{"ROLE"}}), this,
                     [this, attempt](const Result<QList<RedisReply>>& replies) {
                         if (!replies || attempt != m_attempt)
                             return; // the node's failure is reported through failed()
                         const RedisReply& reply = replies->first();
                         if (reply.isError())
                             return fail(m_node->commandError({"ROLE"}, reply), Backoff::Always);
                         const QByteArray role =
                             reply.type == RedisReply::Type::Array && !reply.elements.isEmpty()
                                 ? reply.elements.first().string
                                 : QByteArray();
                         if (role != "master")
                             return fail(connectionError(
                                 QStringLiteral("not a primary (role: %1); asking the sentinels again")
                                     .arg(Escape::bytes(role))));
                         becomeReady();
                     });
}

void RedisClient::detectCluster()
{
    const int attempt = m_attempt;
    m_node->pipeline(EncodedPipeline(QList<RedisCommand>{{"INFO", "cluster"}}), this,
                     [this, attempt](const Result<QList<RedisReply>>& replies) {
                         if (!replies || attempt != m_attempt)
                             return;
                         // A server that refuses INFO is taken for a standalone one.
                         if (replies->first().string.contains("cluster_enabled:1"))
                             loadClusterSlots();
                         else
                             becomeReady();
                     });
}

void RedisClient::loadClusterSlots()
{
    const int attempt = m_attempt;
    m_node->pipeline(
        EncodedPipeline(QList<RedisCommand>{{"CLUSTER", "SLOTS"}}), this,
        [this, attempt](const Result<QList<RedisReply>>& replies) {
            if (!replies || attempt != m_attempt)
                return;
            auto router = std::make_unique<ClusterRouter>(m_server);
            const RedisReply& reply = replies->first();
            const QString problem = reply.isError() ? Escape::bytes(reply.string) : router->load(reply);
            if (!problem.isEmpty())
                return fail(
                    connectionError(QStringLiteral("cluster mode, but no usable slot map: %1").arg(problem)),
                    Backoff::Always);
            m_router = std::move(router);
            // From here on the router's own connections carry everything.
            closeQuietly(m_node);
            becomeReady();
        });
}

void RedisClient::becomeReady()
{
    m_backoffMs = 0;
    setState(State::Ready);
    std::deque<Waiting> waiting;
    waiting.swap(m_waiting);
    for (Waiting& batch : waiting)
        send(std::move(batch));
}

void RedisClient::close()
{
    if (m_state != State::Disconnected)
        fail(connectionError(QStringLiteral("connection closed")));
}

void RedisClient::pipeline(const QList<RedisCommand>& commands, QObject* context, PipelineHandler handler)
{
    pipeline(EncodedPipeline(commands), context, std::move(handler));
}

void RedisClient::pipeline(const EncodedPipeline& prepared, QObject* context, PipelineHandler handler)
{
    Q_ASSERT(context);
    if (prepared.commands.isEmpty())
        return handler(QList<RedisReply>{});
    if (const auto write = firstWrite(prepared.commands); write && !m_writeRefusal.isEmpty())
        return handler(Error::refused(
            QStringLiteral("%1 (%2 was not sent)").arg(m_writeRefusal, QString::fromLatin1(*write))));
    if (m_state == State::Disconnected && !m_retryAt.hasExpired()) {
        // Backing off after a failure: fail now rather than hammer a server that is down.
        return handler(Error{m_lastError.kind, QStringLiteral("%1 (next attempt in %2 s)")
                                                   .arg(m_lastError.message)
                                                   .arg((m_retryAt.remainingTime() + 999) / 1000)});
    }
    Waiting batch{prepared, context, std::move(handler)};
    if (m_state == State::Ready)
        return send(std::move(batch));
    m_waiting.push_back(std::move(batch));
    open();
}

void RedisClient::send(Waiting batch)
{
    if (!batch.context)
        return; // its caller went away while the deployment was being found
    if (m_router)
        return m_router->pipeline(batch.prepared.commands, batch.context, std::move(batch.handler));
    if (m_endpoint.kind != RedisEndpoint::Kind::Sentinel)
        return m_node->pipeline(batch.prepared, batch.context, std::move(batch.handler));
    // A demoted primary answers writes with -READONLY: reconnect through the sentinels next time.
    const int attempt = m_attempt;
    m_node->pipeline(batch.prepared, this,
                     [this, attempt, context = batch.context,
                      handler = std::move(batch.handler)](const Result<QList<RedisReply>>& replies) {
                         if (context)
                             handler(replies);
                         const bool demoted =
                             replies &&
                             std::any_of(replies->cbegin(), replies->cend(), [](const RedisReply& reply) {
                                 return reply.errorCode() == "READONLY";
                             });
                         if (demoted && attempt == m_attempt && m_state == State::Ready)
                             fail(connectionError(QStringLiteral(
                                 "the primary was demoted (READONLY); asking the sentinels again")));
                     });
}

/** A one-command pipeline's handler that hands its one reply to @p handler. */
RedisClient::PipelineHandler RedisClient::onlyReply(ReplyHandler handler)
{
    return [handler = std::move(handler)](const Result<QList<RedisReply>>& replies) {
        if (replies)
            handler(replies->first());
        else
            handler(replies.error());
    };
}

std::optional<QByteArray> RedisClient::firstWrite(const QList<RedisCommand>& commands)
{
    // An allow-list: a command added later is refused on a read-only connection until it is listed here.
    static const QSet<QByteArray> reads{
        "GET",  "PTTL", "TTL",  "SCAN",   "MGET",  "STRLEN",  "TYPE",   "EXISTS",   "GETRANGE", "PING",
        "INFO", "ROLE", "AUTH", "SELECT", "HELLO", "CLUSTER", "ASKING", "SENTINEL", "ECHO",     "READONLY"};
    for (const RedisCommand& command : commands) {
        const QByteArray name = command.value(0).toUpper();
        // CONFIG GET reads (live updates ask which keyspace events are published); CONFIG SET writes.
        if (name == "CONFIG" && command.value(1).toUpper() == "GET")
            continue;
        if (!reads.contains(name))
            return name;
    }
    return std::nullopt;
}

void RedisClient::command(const RedisCommand& command, QObject* context, ReplyHandler handler)
{
    pipeline({command}, context, onlyReply(std::move(handler)));
}

QList<RedisEndpoint> RedisClient::primaryServers() const
{
    if (!m_router)
        return {m_server};
    QList<RedisEndpoint> servers;
    for (int i = 0; i < m_router->primaryCount(); ++i)
        servers.append(m_router->primaryServer(i));
    return servers;
}

void RedisClient::refreshPrimaries(QObject* context, std::function<void()> done)
{
    if (!m_router)
        return done();
    m_router->reload([guard = QPointer<QObject>(context), done = std::move(done)] {
        if (guard)
            done();
    });
}

int RedisClient::primaryCount() const
{
    return m_router ? m_router->primaryCount() : 1;
}

void RedisClient::commandOnPrimary(int index, const RedisCommand& command, QObject* context,
                                   ReplyHandler handler)
{
    if (!m_router || (firstWrite({command}) && !m_writeRefusal.isEmpty()))
        return this->command(command, context, std::move(handler)); // refused there on a read-only connection
    m_router->primary(index).pipeline(EncodedPipeline({command}), context, onlyReply(std::move(handler)));
}

Error RedisClient::commandError(const RedisCommand& command, const RedisReply& reply) const
{
    return RedisNode::commandErrorAt(m_server.address(), command, reply);
}

std::optional<Error> RedisClient::firstError(const QList<RedisCommand>& commands,
                                             const QList<RedisReply>& replies) const
{
    for (qsizetype i = 0; i < replies.size() && i < commands.size(); ++i) {
        if (replies.at(i).isError())
            return commandError(commands.at(i), replies.at(i));
    }
    return std::nullopt;
}

void RedisClient::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RedisClient::fail(const Error& error, Backoff backoff)
{
    // A deployment that never became ready backs off; one that broke after working retries at once.
    if (m_state != State::Ready || backoff == Backoff::Always) {
        m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : qMin(m_backoffMs * 2, kMaxBackoffMs);
        m_retryAt.setRemainingTime(m_backoffMs);
    }
    m_lastError = error;
    ++m_attempt; // late answers of this attempt are ignored
    // What is in flight on them gets an error now, not silence.
    closeQuietly(m_node);
    if (m_router)
        m_router->closeAll();
    dropLater(m_router);
    setState(State::Disconnected);
    // Handlers may send new commands; they start a fresh connection, not this queue.
    std::deque<Waiting> waiting;
    waiting.swap(m_waiting);
    for (Waiting& batch : waiting) {
        if (batch.context && batch.handler)
            batch.handler(error);
    }
}

Error RedisClient::connectionError(const QString& reason) const
{
    return Error::redis(QStringLiteral("Redis at %1: %2").arg(m_server.address(), reason));
}

} // namespace tokencache
