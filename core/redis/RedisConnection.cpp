#include "redis/RedisConnection.h"

#include "common/Escape.h"
#include "redis/ClusterRouter.h"
#include "redis/LocalTransport.h"
#include "redis/SentinelResolver.h"
#include "redis/SslTransport.h"
#include "redis/TcpTransport.h"

#include <QElapsedTimer>

RedisConnection::RedisConnection(const RedisEndpoint& endpoint, Role role, QObject* parent)
    : QObject(parent), m_endpoint(endpoint), m_server(endpoint), m_role(role), m_retryAt(0),
      m_codec(RespLimits(endpoint.maxBulkBytes, endpoint.maxElements)), m_connectTimer(this),
      m_replyTimer(this)
{
    m_clock.start();
    m_connectTimer.setSingleShot(true);
    m_replyTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        fail(connectionError(QStringLiteral("no connection within %1 ms").arg(m_endpoint.connectTimeoutMs)));
    });
    connect(&m_replyTimer, &QTimer::timeout, this, &RedisConnection::onReplyTimeout);
}

RedisConnection::~RedisConnection()
{
    // Waiting callers must not be left hanging, but nobody may be called back from a destructor
    // with a half-destroyed connection: drop them silently.
    m_queued.clear();
    m_inFlight.clear();
}

void RedisConnection::open()
{
    if (m_state != State::Disconnected)
        return;
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->deleteLater();
        m_transport = nullptr;
    }
    m_codec.reset();
    setState(State::Connecting);
    m_connectTimer.start(m_endpoint.connectTimeoutMs);
    const int attempt = ++m_attempt;
    if (m_endpoint.kind != RedisEndpoint::Kind::Sentinel) {
        startTransport();
        return;
    }
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
        startTransport();
    });
}

void RedisConnection::startTransport()
{
    switch (m_server.kind) {
    case RedisEndpoint::Kind::Tls:
        m_transport = new SslTransport(m_server, this);
        break;
    case RedisEndpoint::Kind::Unix:
        m_transport = new LocalTransport(m_server.socketPath, this);
        break;
    default:
        m_transport = new TcpTransport(m_server.host, m_server.port, this);
        break;
    }
    connect(m_transport, &RedisTransport::connected, this, &RedisConnection::onConnected);
    connect(m_transport, &RedisTransport::readyRead, this, &RedisConnection::onReadyRead);
    connect(m_transport, &RedisTransport::failed, this, &RedisConnection::onTransportFailed);
    connect(m_transport, &RedisTransport::disconnected, this,
            [this] { onTransportFailed(QStringLiteral("connection closed by the server")); });
    m_transport->open();
}

void RedisConnection::close()
{
    if (m_state == State::Disconnected)
        return;
    fail(connectionError(QStringLiteral("connection closed")));
}

void RedisConnection::pipeline(const QList<RedisCommand>& commands, QObject* context, PipelineHandler handler)
{
    pipeline(EncodedPipeline(commands), context, std::move(handler));
}

void RedisConnection::pipeline(const EncodedPipeline& prepared, QObject* context, PipelineHandler handler)
{
    Q_ASSERT(context);
    Batch batch{prepared, {}, context, std::move(handler)};
    if (prepared.commands.isEmpty()) {
        deliver(batch, QList<RedisReply>{});
        return;
    }
    if (m_state == State::Disconnected && !m_retryAt.hasExpired()) {
        // Backing off after a failure: fail now rather than hammer a server that is down.
        deliver(batch, Error{m_lastError.kind, QStringLiteral("%1 (next attempt in %2 ms)")
                                                   .arg(m_lastError.message)
                                                   .arg(m_retryAt.remainingTime())});
        return;
    }
    if (m_state == State::Ready && m_router) {
        m_router->pipeline(prepared.commands, context, std::move(batch.handler));
        return;
    }
    if (m_state == State::Ready) {
        batch.replies.reserve(prepared.commands.size());
        sendBatch(std::move(batch));
        return;
    }
    m_queued.push_back(std::move(batch));
    open();
}

void RedisConnection::command(const RedisCommand& command, QObject* context, ReplyHandler handler)
{
    pipeline({command}, context, [handler = std::move(handler)](const Result<QList<RedisReply>>& replies) {
        if (replies)
            handler(replies->first());
        else
            handler(replies.error());
    });
}

Error RedisConnection::commandError(const RedisCommand& command, const RedisReply& reply) const
{
    QString what = command.isEmpty() ? QString() : QString::fromUtf8(command.first()).toUpper();
    // The key names what was refused; later arguments may be secrets (SET values, AUTH).
    if (command.size() > 1 && what != QLatin1String("AUTH"))
        what += QLatin1Char(' ') + Escape::bytes(command.at(1));
    return Error::redis(QStringLiteral("Redis at %1: %2 (command: %3)")
                            .arg(m_server.address(), Escape::bytes(reply.string), what));
}

std::optional<Error> RedisConnection::firstError(const QList<RedisCommand>& commands,
                                                 const QList<RedisReply>& replies) const
{
    for (qsizetype i = 0; i < replies.size(); ++i) {
        if (replies.at(i).isError())
            return commandError(commands.at(i), replies.at(i));
    }
    return std::nullopt;
}

void RedisConnection::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RedisConnection::onConnected()
{
    startHandshake();
}

void RedisConnection::startHandshake()
{
    QList<RedisCommand> login;
    if (!m_endpoint.password.isEmpty()) {
        RedisCommand auth{QByteArrayLiteral("AUTH")};
        if (!m_endpoint.user.isEmpty())
            auth.append(m_endpoint.user.toUtf8());
        auth.append(m_endpoint.password.toUtf8());
        login.append(auth);
    }
    if (m_endpoint.database != 0)
        login.append({QByteArrayLiteral("SELECT"), QByteArray::number(m_endpoint.database)});
    // Cluster or not is the server's answer, not the URL's: any node of a cluster will do.
    const bool direct =
        m_endpoint.kind == RedisEndpoint::Kind::Tcp || m_endpoint.kind == RedisEndpoint::Kind::Tls;
    if (m_role == Role::Deployment && direct)
        login.append({QByteArrayLiteral("INFO"), QByteArrayLiteral("cluster")});
    // A sentinel's answer may be stale during a failover: make sure this node is the primary.
    if (m_endpoint.kind == RedisEndpoint::Kind::Sentinel)
        login.append({QByteArrayLiteral("ROLE")});
    if (login.isEmpty()) {
        becomeReady();
        return;
    }

    Batch handshake{
        EncodedPipeline(login), {}, this, [this, login](const Result<QList<RedisReply>>& replies) {
            if (!replies)
                return; // fail() already reported it
            for (qsizetype i = 0; i < replies->size(); ++i) {
                const RedisReply& reply = replies->at(i);
                if (login.at(i).first() == "ROLE" && !reply.isError()) {
                    const QByteArray role = reply.type == RedisReply::Type::Array && !reply.elements.isEmpty()
                                                ? reply.elements.first().string
                                                : QByteArray();
                    if (role != "master") {
                        fail(connectionError(
                            QStringLiteral("not a primary (role: %1); asking the sentinels again")
                                .arg(Escape::bytes(role))));
                        return;
                    }
                }
                if (!reply.isError() || login.at(i).first() == "INFO")
                    continue;
                const bool isAuth = login.at(i).first() == "AUTH";
                fail(Error::redis(
                    QStringLiteral("Redis at %1: %2: %3")
                        .arg(m_server.address(),
                             isAuth ? QStringLiteral("authentication failed")
                                    : QStringLiteral("cannot select database %1").arg(m_endpoint.database),
                             Escape::bytes(reply.string))));
                return;
            }
            if (login.last().first() == "INFO" && replies->last().string.contains("cluster_enabled:1"))
                loadClusterSlots();
            else
                becomeReady();
        }};
    sendBatch(std::move(handshake), true);
}

void RedisConnection::sendBatch(Batch batch, bool first)
{
    m_transport->write(batch.sent.bytes);
    batch.sentAtMs = m_clock.elapsed();
    if (first)
        m_inFlight.push_front(std::move(batch));
    else
        m_inFlight.push_back(std::move(batch));
    armReplyTimer();
}

void RedisConnection::becomeReady()
{
    m_connectTimer.stop();
    m_backoffMs = 0;
    setState(State::Ready);
    flushQueued();
}

void RedisConnection::loadClusterSlots()
{
    const RedisCommand slotMap{"CLUSTER", "SLOTS"};
    Batch batch{
        EncodedPipeline({slotMap}), {}, this, [this](const Result<QList<RedisReply>>& replies) {
            if (!replies)
                return; // fail() already reported it
            auto router = std::make_unique<ClusterRouter>(m_server);
            const RedisReply& reply = replies->first();
            const QString problem = reply.isError() ? Escape::bytes(reply.string) : router->load(reply);
            if (!problem.isEmpty())
                return fail(
                    connectionError(QStringLiteral("cluster mode, but no usable slot map: %1").arg(problem)),
                    Backoff::Always);
            m_router = std::move(router);
            becomeReady();
        }};
    sendBatch(std::move(batch));
}

int RedisConnection::primaryCount() const
{
    return m_router ? m_router->primaryCount() : 1;
}

void RedisConnection::commandOnPrimary(int index, const RedisCommand& command, QObject* context,
                                       ReplyHandler handler)
{
    if (m_router)
        m_router->primary(index).command(command, context, std::move(handler));
    else
        this->command(command, context, std::move(handler));
}

void RedisConnection::flushQueued()
{
    if (m_queued.empty())
        return;
    if (m_router) {
        std::deque<Batch> queued;
        queued.swap(m_queued);
        for (Batch& batch : queued)
            m_router->pipeline(batch.sent.commands, batch.context, std::move(batch.handler));
        return;
    }
    QByteArray bytes;
    const qint64 now = m_clock.elapsed();
    for (Batch& batch : m_queued) {
        bytes += batch.sent.bytes;
        batch.sentAtMs = now;
        m_inFlight.push_back(std::move(batch));
    }
    m_queued.clear();
    m_transport->write(bytes);
    armReplyTimer();
}

void RedisConnection::onReadyRead()
{
    if (!m_codec.feed(m_transport->readAll()))
        return failProtocol(m_codec.error());
    deliverReplies();
}

void RedisConnection::deliverReplies()
{
    QElapsedTimer busy;
    busy.start();
    while (auto reply = m_codec.next()) {
        if (m_inFlight.empty())
            return failProtocol(QStringLiteral("a reply arrived that nothing asked for"));
        Batch& batch = m_inFlight.front();
        batch.replies.append(std::move(*reply));
        if (batch.replies.size() < batch.sent.commands.size())
            continue;
        // A demoted primary answers writes with -READONLY: reconnect through the sentinels next time.
        const bool demoted = m_endpoint.kind == RedisEndpoint::Kind::Sentinel &&
                             batch.replies.last().errorCode() == "READONLY";
        Batch done = std::move(batch);
        m_inFlight.pop_front();
        deliver(done, done.replies);
        if (m_state == State::Disconnected)
            return; // the handler's batch (e.g. a failed handshake) closed the connection
        if (demoted) {
            fail(connectionError(
                QStringLiteral("the primary was demoted (READONLY); asking the sentinels again")));
            return;
        }
        if (busy.elapsed() >= kMaxDeliveryMs) {
            // Handlers parse what they get: let the event loop run before the next ones.
            QMetaObject::invokeMethod(this, &RedisConnection::deliverReplies, Qt::QueuedConnection);
            return;
        }
    }
    if (!m_codec.error().isEmpty())
        failProtocol(m_codec.error());
}

void RedisConnection::failProtocol(const QString& reason)
{
    // A server that breaks the protocol will likely do it again: back off as for a failed connect.
    fail(connectionError(QStringLiteral("protocol error: %1 (is this a Redis server?)").arg(reason)),
         Backoff::Always);
}

void RedisConnection::armReplyTimer()
{
    if (m_replyTimer.isActive() || m_inFlight.empty())
        return;
    const qint64 age = m_clock.elapsed() - m_inFlight.front().sentAtMs;
    m_replyTimer.start(int(qMax<qint64>(0, m_endpoint.commandTimeoutMs - age)));
}

void RedisConnection::onReplyTimeout()
{
    // Not restarted per reply (a stop and a start per command on the hot path): when it fires, the
    // oldest batch in flight is either overdue, which fails the connection, or it re-arms for it.
    if (m_inFlight.empty())
        return;
    if (m_clock.elapsed() - m_inFlight.front().sentAtMs < m_endpoint.commandTimeoutMs)
        return armReplyTimer();
    fail(connectionError(QStringLiteral("no reply within %1 ms").arg(m_endpoint.commandTimeoutMs)));
}

void RedisConnection::onTransportFailed(const QString& reason)
{
    if (m_state == State::Disconnected)
        return;
    fail(connectionError(reason));
}

void RedisConnection::fail(const Error& error, Backoff backoff)
{
    // A connection that never became ready backs off; one that broke after working retries at once.
    if (m_state != State::Ready || backoff == Backoff::Always) {
        m_backoffMs = m_backoffMs == 0 ? kFirstBackoffMs : qMin(m_backoffMs * 2, kMaxBackoffMs);
        m_retryAt.setRemainingTime(m_backoffMs);
    }
    m_lastError = error;
    m_connectTimer.stop();
    m_replyTimer.stop();
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->abort();
        m_transport->deleteLater();
        m_transport = nullptr;
    }
    setState(State::Disconnected);
    // Handlers may send new commands; they start a fresh connection, not this queue.
    std::deque<Batch> waiting;
    waiting.swap(m_inFlight);
    for (Batch& batch : m_queued)
        waiting.push_back(std::move(batch));
    m_queued.clear();
    for (Batch& batch : waiting)
        deliver(batch, error);
}

Error RedisConnection::connectionError(const QString& reason) const
{
    return Error::redis(QStringLiteral("Redis at %1: %2").arg(m_server.address(), reason));
}

void RedisConnection::deliver(Batch& batch, const Result<QList<RedisReply>>& result)
{
    if (batch.context && batch.handler)
        batch.handler(result);
}
