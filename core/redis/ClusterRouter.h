#pragma once

#include "core/common/Result.h"
#include "core/redis/RedisEndpoint.h"
#include "core/redis/RedisReply.h"
#include "core/redis/RespCodec.h"

#include <QObject>
#include <QPointer>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace tokencache {

class RedisNode;

/**
 * Redis Cluster routing behind one RedisClient: a pipeline is split by key slot into one
 * pipeline per node and its replies put back in order; MOVED updates the slot map and ASK is
 * answered with ASKING, both transparently. When a node's connection fails (its primary died and
 * a replica took over), the slot map is asked for again from the other nodes, so the next
 * commands go to the new primary; the failed ones report the failure (nothing is replayed).
 */
class ClusterRouter final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClusterRouter)

public:
    using PipelineHandler = std::function<void(const Result<QList<RedisReply>>&)>;

    explicit ClusterRouter(const RedisEndpoint& seed, QObject* parent = nullptr);
    ~ClusterRouter() override;

    /**
     * Takes a CLUSTER SLOTS reply; returns why it is no usable slot map (a range outside 0..16383,
     * a bad port, a malformed entry), or an empty string. Nothing is kept from a refused map.
     */
    QString load(const RedisReply& slotMap);
    /** Fails what is in flight on every node ("connection closed"). */
    void closeAll();

    void pipeline(const QList<RedisCommand>& commands, QObject* context, PipelineHandler handler);
    /** The primaries, for commands that must visit every node (SCAN). */
    int primaryCount() const { return int(m_primaries.size()); }
    RedisNode& primary(int index);
    /** Where primary @p index is, for a connection of its own (a subscription). */
    RedisEndpoint primaryServer(int index) const;

    /** Asks the nodes for the slot map again (a primary may have failed over); @p done runs once it
     *  was taken, or nobody answered. */
    void reload(std::function<void()> done);

    /** The key a command addresses, or empty for commands without one (PING, INFO, SCAN). */
    static QByteArray keyOf(const RedisCommand& command);

private:
    struct Node
    {
        QString host;
        quint16 port;
        std::unique_ptr<RedisNode> connection;
    };
    struct Pending;

    int nodeIndex(const QString& host, quint16 port);
    RedisNode& connection(int node);
    RedisEndpoint endpointOf(const Node& node) const;
    /** A node failed: asks the others for the slot map, one after another, until one answers. */
    void reloadSlots(int failedNode, int candidate = 0);
    void reloaded();
    void onNodeFailed(int node, const Result<QList<RedisReply>>& failure,
                      const std::shared_ptr<Pending>& pending);
    void send(const std::shared_ptr<Pending>& pending, qsizetype index, int node, bool asking, int hops);
    void settle(const std::shared_ptr<Pending>& pending, qsizetype index, const RedisReply& reply, int hops);
    /** The node a MOVED or ASK reply names, and the slot; nullopt when any part is malformed. */
    struct Redirect
    {
        int slot;
        QString host;
        quint16 port;
    };
    static std::optional<Redirect> parseRedirect(const QByteArray& error);

    RedisEndpoint m_seed;
    std::vector<Node> m_nodes;
    std::vector<int> m_primaries;
    std::array<int, 16384> m_slots{};
    bool m_reloading = false;
    std::vector<std::function<void()>> m_afterReload; ///< reload()'s callers, told when it ends
};

} // namespace tokencache
