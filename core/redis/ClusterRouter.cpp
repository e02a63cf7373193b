#include "core/redis/ClusterRouter.h"

#include "core/redis/HashSlot.h"
#include "core/redis/RedisNode.h"

#include <QHash>

namespace tokencache {

namespace {
constexpr int kMaxRedirects = 5;
} // namespace

struct ClusterRouter::Pending
{
    QList<RedisCommand> commands;
    QList<RedisReply> replies;
    qsizetype missing = 0;
    bool failed = false;
    QPointer<QObject> context;
    PipelineHandler handler;
};

ClusterRouter::ClusterRouter(const RedisEndpoint& seed, QObject* parent) : QObject(parent), m_seed(seed)
{
    m_slots.fill(-1);
}

ClusterRouter::~ClusterRouter() = default;

QString ClusterRouter::load(const RedisReply& slotMap)
{
    using Type = RedisReply::Type;
    const auto isSlot = [](const RedisReply& value) {
        return value.type == Type::Integer && value.integer >= 0 && value.integer < HashSlot::kCount;
    };
    if (slotMap.type != Type::Array || slotMap.elements.isEmpty())
        return QStringLiteral("CLUSTER SLOTS returned no ranges");
    // CLUSTER SLOTS: [[first, last, [primary host, port, id], replicas...], ...]; every number is
    // checked before it indexes anything, and a map with one bad range is refused whole.
    struct Range
    {
        qint64 first, last;
        QString host;
        quint16 port;
    };
    QList<Range> ranges;
    for (const RedisReply& range : slotMap.elements) {
        const bool wellFormed = range.type == Type::Array && range.elements.size() >= 3 &&
                                range.elements.at(2).type == Type::Array &&
                                range.elements.at(2).elements.size() >= 2;
        if (!wellFormed)
            return QStringLiteral("CLUSTER SLOTS returned a malformed range");
        const RedisReply& first = range.elements.at(0);
        const RedisReply& last = range.elements.at(1);
        if (!isSlot(first) || !isSlot(last) || first.integer > last.integer)
            return QStringLiteral("CLUSTER SLOTS returned the range %1..%2, outside 0..%3")
                .arg(first.integer)
                .arg(last.integer)
                .arg(HashSlot::kCount - 1);
        const RedisReply& host = range.elements.at(2).elements.at(0);
        const RedisReply& port = range.elements.at(2).elements.at(1);
        if (host.type != Type::String || port.type != Type::Integer || port.integer < 1 ||
            port.integer > 65535)
            return QStringLiteral("CLUSTER SLOTS returned a node with a bad address or port");
        ranges.append({first.integer, last.integer, QString::fromUtf8(host.string), quint16(port.integer)});
    }
    // The new map replaces the old one whole.
    m_slots.fill(-1);
    m_primaries.clear();
    for (const Range& range : ranges) {
        const int node = nodeIndex(range.host, range.port);
        if (std::find(m_primaries.begin(), m_primaries.end(), node) == m_primaries.end())
            m_primaries.push_back(node);
        for (qint64 slot = range.first; slot <= range.last; ++slot)
            m_slots[size_t(slot)] = node;
    }
    return {};
}

std::optional<ClusterRouter::Redirect> ClusterRouter::parseRedirect(const QByteArray& error)
{
    // "MOVED 3999 127.0.0.1:6381": the slot lives there now (MOVED) or for this one command (ASK).
    const QList<QByteArray> parts = error.split(' ');
    if (parts.size() != 3)
        return std::nullopt;
    bool slotOk = false;
    const int slot = parts.at(1).toInt(&slotOk);
    const qsizetype colon = parts.at(2).lastIndexOf(':');
    bool portOk = false;
    const uint port = colon < 0 ? 0 : parts.at(2).mid(colon + 1).toUInt(&portOk);
    if (!slotOk || slot < 0 || slot >= HashSlot::kCount || !portOk || port < 1 || port > 65535)
        return std::nullopt;
    return Redirect{slot, QString::fromUtf8(parts.at(2).left(colon)), quint16(port)};
}

int ClusterRouter::nodeIndex(const QString& host, quint16 port)
{
    // A node announcing no host means "the address you reached me at".
    const QString address = host.isEmpty() ? m_seed.host : host;
    for (size_t i = 0; i < m_nodes.size(); ++i) {
        if (m_nodes[i].host == address && m_nodes[i].port == port)
            return int(i);
    }
    m_nodes.push_back({address, port, nullptr});
    return int(m_nodes.size() - 1);
}

RedisNode& ClusterRouter::connection(int node)
{
    Node& entry = m_nodes[size_t(node)];
    if (!entry.connection)
        entry.connection = std::make_unique<RedisNode>(endpointOf(entry));
    return *entry.connection;
}

RedisEndpoint ClusterRouter::endpointOf(const Node& node) const
{
    RedisEndpoint endpoint = m_seed.at(node.host, node.port);
    endpoint.database = 0; // a cluster has one database
    return endpoint;
}

RedisEndpoint ClusterRouter::primaryServer(int index) const
{
    return endpointOf(m_nodes[size_t(m_primaries.at(size_t(index)))]);
}

void ClusterRouter::closeAll()
{
    for (Node& node : m_nodes) {
        if (node.connection)
            node.connection->close();
    }
}

void ClusterRouter::reloadSlots(int failedNode, int candidate)
{
    while (candidate < int(m_nodes.size()) && candidate == failedNode)
        ++candidate;
    if (candidate >= int(m_nodes.size()))
        return reloaded(); // nobody answered: the next failure asks again
    m_reloading = true;
    connection(candidate).pipeline(
        EncodedPipeline(QList<RedisCommand>{{"CLUSTER", "SLOTS"}}), this,
        [this, failedNode, candidate](const Result<QList<RedisReply>>& replies) {
            if (!replies || replies->first().isError())
                return reloadSlots(failedNode, candidate + 1);
            load(replies->first()); // a map that does not parse leaves the old one in place
            reloaded();
        });
}

void ClusterRouter::reloaded()
{
    m_reloading = false;
    for (const auto& done : std::exchange(m_afterReload, {}))
        done();
}

void ClusterRouter::reload(std::function<void()> done)
{
    m_afterReload.push_back(std::move(done));
    if (!m_reloading)
        reloadSlots(-1);
}

void ClusterRouter::onNodeFailed(int node, const Result<QList<RedisReply>>& failure,
                                 const std::shared_ptr<Pending>& pending)
{
    if (!pending->failed && pending->context)
        pending->handler(failure.error());
    pending->failed = true;
    if (!m_reloading)
        reloadSlots(node);
}

RedisNode& ClusterRouter::primary(int index)
{
    return connection(m_primaries.at(size_t(index)));
}

QByteArray ClusterRouter::keyOf(const RedisCommand& command)
{
    const QByteArray name = command.value(0).toUpper();
    if (name == "EVAL" || name == "EVALSHA")
        return command.size() > 3 && command.at(2).toInt() > 0 ? command.at(3) : QByteArray();
    if (name == "PING" || name == "INFO" || name == "SCAN" || name == "CLUSTER" || name == "ROLE" ||
        command.size() < 2)
        return {};
    return command.at(1);
}

void ClusterRouter::pipeline(const QList<RedisCommand>& commands, QObject* context, PipelineHandler handler)
{
    auto pending = std::make_shared<Pending>();
    pending->commands = commands;
    pending->replies.resize(commands.size());
    pending->missing = commands.size();
    pending->context = context;
    pending->handler = std::move(handler);
    if (commands.isEmpty()) {
        pending->handler(pending->replies);
        return;
    }
    // One pipeline per node, so a batch spanning the cluster costs one round trip per node, in parallel.
    QHash<int, QList<qsizetype>> byNode;
    for (qsizetype i = 0; i < commands.size(); ++i) {
        const QByteArray key = keyOf(commands.at(i));
        const int node = key.isEmpty() ? m_primaries.front() : m_slots[size_t(HashSlot::of(key))];
        byNode[node < 0 ? m_primaries.front() : node].append(i);
    }
    for (auto it = byNode.cbegin(); it != byNode.cend(); ++it) {
        const QList<qsizetype> indexes = it.value();
        QList<RedisCommand> part;
        for (qsizetype index : indexes)
            part.append(commands.at(index));
        const int node = it.key();
        connection(node).pipeline(EncodedPipeline(part), this,
                                  [this, node, pending, indexes](const Result<QList<RedisReply>>& replies) {
                                      if (!replies)
                                          return onNodeFailed(node, replies, pending);
                                      for (qsizetype j = 0; j < indexes.size(); ++j)
                                          settle(pending, indexes.at(j), replies->at(j), 0);
                                  });
    }
}

void ClusterRouter::send(const std::shared_ptr<Pending>& pending, qsizetype index, int node, bool asking,
                         int hops)
{
    QList<RedisCommand> commands{pending->commands.at(index)};
    if (asking)
        commands.prepend({"ASKING"});
    connection(node).pipeline(EncodedPipeline(commands), this,
                              [this, node, pending, index, hops](const Result<QList<RedisReply>>& replies) {
                                  if (!replies)
                                      return onNodeFailed(node, replies, pending);
                                  settle(pending, index, replies->last(), hops + 1);
                              });
}

void ClusterRouter::settle(const std::shared_ptr<Pending>& pending, qsizetype index, const RedisReply& reply,
                           int hops)
{
    if (pending->failed)
        return;
    const QByteArray code = reply.errorCode();
    const std::optional<Redirect> redirect = (code == "MOVED" || code == "ASK") && hops < kMaxRedirects
                                                 ? parseRedirect(reply.string)
                                                 : std::nullopt;
    if (redirect) {
        // A malformed redirect is not followed: it reaches the caller as the error reply it is.
        const int node = nodeIndex(redirect->host, redirect->port);
        if (code == "MOVED") {
            m_slots[size_t(redirect->slot)] = node;
            if (std::find(m_primaries.begin(), m_primaries.end(), node) == m_primaries.end())
                m_primaries.push_back(node);
        }
        send(pending, index, node, code == "ASK", hops);
        return;
    }
    pending->replies[index] = reply;
    if (--pending->missing == 0 && pending->context)
        pending->handler(pending->replies);
}

} // namespace tokencache
