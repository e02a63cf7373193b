#include "core/redis/RedisNode.h"

#include "core/common/Escape.h"
#include "core/redis/LocalTransport.h"
#include "core/redis/SslTransport.h"
#include "core/redis/TcpTransport.h"

namespace tokencache {

RedisNode::RedisNode(const RedisEndpoint& server, QObject* parent)
    : QObject(parent), m_server(server), m_codec(RespLimits(server.maxBulkBytes, server.maxElements)),
      m_connectTimer(this), m_replyTimer(this)
{
    Q_ASSERT(server.kind != RedisEndpoint::Kind::Sentinel);
    m_clock.start();
    m_connectTimer.setSingleShot(true);
    m_replyTimer.setSingleShot(true);
    connect(&m_connectTimer, &QTimer::timeout, this, [this] {
        const QString why = m_transport ? m_transport->whyNotOpenYet() : QString();
        fail(connectionError(why.isEmpty()
                                 ? QStringLiteral("no connection within %1 ms").arg(m_server.connectTimeoutMs)
                                 : why));
    });
    connect(&m_replyTimer, &QTimer::timeout, this, &RedisNode::onReplyTimeout);
}

RedisNode::~RedisNode()
{
    // Nobody may be called back from a destructor with a half-destroyed node: drop them silently.
    m_queued.clear();
    m_inFlight.clear();
    // What was written last (a lock given back as a session ends) still reaches the server.
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->close();
    }
}

void RedisNode::open()
{
    if (m_state != State::Disconnected)
        return;
    m_codec.reset();
    setState(State::Connecting);
    m_connectTimer.start(m_server.connectTimeoutMs);
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
    connect(m_transport, &RedisTransport::connected, this, &RedisNode::startHandshake);
    connect(m_transport, &RedisTransport::readyRead, this, &RedisNode::onReadyRead);
    connect(m_transport, &RedisTransport::failed, this, [this](const QString& reason) {
        if (m_state != State::Disconnected)
            fail(connectionError(reason));
    });
    connect(m_transport, &RedisTransport::disconnected, this, [this] {
        if (m_state != State::Disconnected)
            fail(connectionError(QStringLiteral("connection closed by the server")));
    });
    m_transport->open();
}

void RedisNode::close()
{
    if (m_state != State::Disconnected)
        fail(connectionError(QStringLiteral("connection closed")));
}

qsizetype RedisNode::repliesDue(const QList<RedisCommand>& commands)
{
    qsizetype due = 0;
    for (const RedisCommand& command : commands) {
        const QByteArray name = command.value(0).toUpper();
        const bool perArgument =
            name == "PSUBSCRIBE" || name == "SUBSCRIBE" || name == "PUNSUBSCRIBE" || name == "UNSUBSCRIBE";
        due += perArgument ? qMax<qsizetype>(1, command.size() - 1) : 1;
    }
    return due;
}

void RedisNode::pipeline(const EncodedPipeline& prepared, QObject* context, PipelineHandler handler)
{
    Q_ASSERT(context);
    Batch batch{prepared, repliesDue(prepared.commands), {}, context, std::move(handler)};
    if (prepared.commands.isEmpty()) {
        deliver(batch, QList<RedisReply>{});
        return;
    }
    if (m_state == State::Ready) {
        batch.replies.reserve(batch.expected);
        sendBatch(std::move(batch));
        return;
    }
    m_queued.push_back(std::move(batch));
    open();
}

void RedisNode::psubscribe(const QList<QByteArray>& patterns, QObject* context, MessageHandler onMessage,
                           PipelineHandler onSubscribed)
{
    m_messageContext = context;
    m_onMessage = std::move(onMessage);
    RedisCommand command{"PSUBSCRIBE"};
    command.append(patterns);
    pipeline(EncodedPipeline({command}), context, std::move(onSubscribed));
}

Error RedisNode::commandErrorAt(const QString& address, const RedisCommand& command, const RedisReply& reply)
{
    QString what = command.isEmpty() ? QString() : QString::fromUtf8(command.first()).toUpper();
    // The key names what was refused; later arguments may be secrets (SET values, AUTH).
    if (command.size() > 1 && what != QLatin1String("AUTH"))
        what += QLatin1Char(' ') + Escape::bytes(command.at(1));
    return Error::redis(
        QStringLiteral("Redis at %1: %2 (command: %3)").arg(address, Escape::bytes(reply.string), what));
}

Error RedisNode::connectionError(const QString& reason) const
{
    return Error::redis(QStringLiteral("Redis at %1: %2").arg(m_server.address(), reason));
}

void RedisNode::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    emit stateChanged(state);
}

void RedisNode::startHandshake()
{
    QList<RedisCommand> login;
    if (!m_server.password.isEmpty()) {
        RedisCommand auth{QByteArrayLiteral("AUTH")};
        if (!m_server.user.isEmpty())
            auth.append(m_server.user.toUtf8());
        auth.append(m_server.password.toUtf8());
        login.append(auth);
    }
    if (m_server.database != 0)
        login.append({QByteArrayLiteral("SELECT"), QByteArray::number(m_server.database)});
    if (login.isEmpty())
        return becomeReady();

    Batch handshake{
        EncodedPipeline(login),
        login.size(),
        {},
        this,
        [this, login](const Result<QList<RedisReply>>& replies) {
            if (!replies)
                return; // fail() already reported it
            for (qsizetype i = 0; i < replies->size(); ++i) {
                const RedisReply& reply = replies->at(i);
                if (!reply.isError())
                    continue;
                const bool isAuth = login.at(i).first() == "AUTH";
                const QString what = isAuth
                                         ? QStringLiteral("authentication failed")
                                         : QStringLiteral("cannot select database %1").arg(m_server.database);
                return fail(connectionError(QStringLiteral("%1: %2").arg(what, Escape::bytes(reply.string))));
            }
            becomeReady();
        }};
    sendBatch(std::move(handshake), true);
}

void RedisNode::becomeReady()
{
    m_connectTimer.stop();
    setState(State::Ready);
    flushQueued();
}

void RedisNode::sendBatch(Batch batch, bool first)
{
    m_transport->write(batch.sent.bytes);
    batch.sentAtMs = m_clock.elapsed();
    if (first)
        m_inFlight.push_front(std::move(batch));
    else
        m_inFlight.push_back(std::move(batch));
    armReplyTimer();
}

void RedisNode::flushQueued()
{
    if (m_queued.empty())
        return;
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

void RedisNode::onReadyRead()
{
    if (!m_codec.feed(m_transport->readAll()))
        return failProtocol(m_codec.error());
    // A delivery already waiting for its turn takes these replies too, after what ran meanwhile.
    if (!m_deliveryScheduled)
        deliverReplies();
}

bool RedisNode::isPushedMessage(const RedisReply& reply) const
{
    if (!m_onMessage || reply.type != RedisReply::Type::Array || reply.elements.isEmpty())
        return false;
    const QByteArray& kind = reply.elements.first().string;
    return (kind == "pmessage" && reply.elements.size() == 4) ||
           (kind == "message" && reply.elements.size() == 3);
}

void RedisNode::deliverReplies()
{
    QElapsedTimer busy;
    busy.start();
    while (auto reply = m_codec.next()) {
        if (isPushedMessage(*reply)) {
            if (m_messageContext)
                m_onMessage(*reply);
        } else {
            if (m_inFlight.empty())
                return failProtocol(QStringLiteral("a reply arrived that nothing asked for"));
            Batch& batch = m_inFlight.front();
            batch.replies.append(std::move(*reply));
            if (batch.replies.size() < batch.expected)
                continue;
            Batch done = std::move(batch);
            m_inFlight.pop_front();
            deliver(done, done.replies);
        }
        if (m_state == State::Disconnected)
            return; // a handler (e.g. of a failed handshake) closed the connection
        if (busy.elapsed() >= kMaxDeliveryMs) {
            // Handlers parse what they get: let the event loop run before the next ones.
            m_deliveryScheduled = true;
            QMetaObject::invokeMethod(
                this,
                [this] {
                    m_deliveryScheduled = false;
                    deliverReplies();
                },
                Qt::QueuedConnection);
            return;
        }
    }
    if (!m_codec.error().isEmpty())
        failProtocol(m_codec.error());
}

void RedisNode::failProtocol(const QString& reason)
{
    fail(connectionError(QStringLiteral("protocol error: %1 (is this a Redis server?)").arg(reason)), true);
}

void RedisNode::armReplyTimer()
{
    if (m_replyTimer.isActive() || m_inFlight.empty())
        return;
    const qint64 age = m_clock.elapsed() - m_inFlight.front().sentAtMs;
    m_replyTimer.start(int(qMax<qint64>(0, m_server.commandTimeoutMs - age)));
}

void RedisNode::onReplyTimeout()
{
    // Not restarted per reply (a stop and a start per command on the hot path): when it fires, the
    // oldest batch in flight is either overdue, which fails the connection, or it re-arms for it.
    if (m_inFlight.empty())
        return;
    if (m_clock.elapsed() - m_inFlight.front().sentAtMs < m_server.commandTimeoutMs)
        return armReplyTimer();
    fail(connectionError(QStringLiteral("no reply within %1 ms").arg(m_server.commandTimeoutMs)));
}

void RedisNode::fail(const Error& error, bool protocolBroken)
{
    const bool wasReady = m_state == State::Ready;
    m_connectTimer.stop();
    m_replyTimer.stop();
    if (m_transport) {
        m_transport->disconnect(this);
        m_transport->abort();
        m_transport->deleteLater();
        m_transport = nullptr;
    }
    m_onMessage = nullptr; // a new connection starts with no subscriptions
    setState(State::Disconnected);
    // Handlers may send new commands; they start a fresh connection, not this queue.
    std::deque<Batch> waiting;
    waiting.swap(m_inFlight);
    for (Batch& batch : m_queued)
        waiting.push_back(std::move(batch));
    m_queued.clear();
    for (Batch& batch : waiting)
        deliver(batch, error);
    emit failed(error, protocolBroken, wasReady);
}

void RedisNode::deliver(Batch& batch, const Result<QList<RedisReply>>& result)
{
    if (batch.context && batch.handler)
        batch.handler(result);
}

} // namespace tokencache
