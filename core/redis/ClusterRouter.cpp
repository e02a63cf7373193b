#include "redis/ClusterRouter.h"

#include "redis/HashSlot.h"
#include "redis/RedisConnection.h"

#include <QHash>

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

bool ClusterRouter::load(const RedisReply& slotMap)
{
    // CLUSTER SLOTS: [[first, last, [primary host, port, id], replicas...], ...]
    for (const RedisReply& range : slotMap.elements) {
        if (range.elements.size() < 3 || range.elements.at(2).elements.size() < 2)
            continue;
        const RedisReply& primary = range.elements.at(2);
        const int node = nodeIndex(QString::fromUtf8(primary.elements.at(0).string),
                                   quint16(primary.elements.at(1).integer));
        if (std::find(m_primaries.begin(), m_primaries.end(), node) == m_primaries.end())
            m_primaries.push_back(node);
        for (qint64 slot = range.elements.at(0).integer;
             slot <= range.elements.at(1).integer && slot < HashSlot::kCount; ++slot)
            m_slots[size_t(slot)] = node;
    }
    return !m_primaries.empty();
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

RedisConnection& ClusterRouter::connection(int node)
{
    Node& entry = m_nodes[size_t(node)];
    if (!entry.connection) {
        RedisEndpoint endpoint = m_seed.at(entry.host, entry.port);
        endpoint.database = 0;
        entry.connection = std::make_unique<RedisConnection>(endpoint, RedisConnection::Role::SingleNode);
    }
    return *entry.connection;
}

RedisConnection& ClusterRouter::primary(int index)
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
        connection(it.key()).pipeline(part, this,
                                      [this, pending, indexes](const Result<QList<RedisReply>>& replies) {
                                          if (!replies) {
                                              if (!pending->failed && pending->context)
                                                  pending->handler(replies.error());
                                              pending->failed = true;
                                              return;
                                          }
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
    connection(node).pipeline(commands, this,
                              [this, pending, index, hops](const Result<QList<RedisReply>>& replies) {
                                  if (!replies) {
                                      if (!pending->failed && pending->context)
                                          pending->handler(replies.error());
                                      pending->failed = true;
                                      return;
                                  }
                                  settle(pending, index, replies->last(), hops + 1);
                              });
}

void ClusterRouter::settle(const std::shared_ptr<Pending>& pending, qsizetype index, const RedisReply& reply,
                           int hops)
{
    if (pending->failed)
        return;
    const QByteArray code = reply.errorCode();
    if ((code == "MOVED" || code == "ASK") && hops < kMaxRedirects) {
        // "-MOVED 3999 127.0.0.1:6381": the slot lives there now (MOVED) or for this one command (ASK).
        const QList<QByteArray> parts = reply.string.split(' ');
        const QByteArray address = parts.value(2);
        const qsizetype colon = address.lastIndexOf(':');
        const int node =
            nodeIndex(QString::fromUtf8(address.left(colon)), quint16(address.mid(colon + 1).toUShort()));
        if (code == "MOVED") {
            m_slots[size_t(parts.value(1).toInt() % HashSlot::kCount)] = node;
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
