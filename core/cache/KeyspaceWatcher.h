#pragma once

#include "core/common/Result.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>
#include <vector>

namespace tokencache {

class RedisClient;
class RedisNode;
struct RedisEndpoint;
struct RedisReply;

/**
 * Redis keyspace notifications for the cache's keys: whether the server publishes the events the
 * cache needs (`notify-keyspace-events` with K and g$xe, or KA), and a subscription on a connection
 * of its own to each primary (each of a cluster's; a Sentinel's current one) that reports every
 * change to a matching key. A subscription that breaks is reported as lost (changes may have been
 * missed meanwhile) and made again, against the primaries as they are then.
 */
class KeyspaceWatcher final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(KeyspaceWatcher)

public:
    enum class Live
    {
        Unknown, ///< not asked yet, or CONFIG GET is refused (ACL, a managed service)
        Off,     ///< the server does not publish the events
        On       ///< subscribed: changes arrive as they happen
    };
    Q_ENUM(Live)

    /** The flags live updates need, beside what the server publishes already. */
    static inline const QByteArray kNeededFlags = "Kg$xe";
    static constexpr int kRetryMs = 1000;

    explicit KeyspaceWatcher(RedisClient& client, QObject* parent = nullptr);
    ~KeyspaceWatcher() override;

    /**
     * Asks which events the server publishes and, when they suffice, subscribes for keys matching
     * @p patterns (SCAN globs). @p subscribeAnyway: subscribe even when the server will not say
     * (CONFIG GET refused), as a connection's preference may ask.
     */
    void start(const QStringList& patterns, bool subscribeAnyway = false);
    void stop();
    Live live() const { return m_live; }
    /** Why live is what it is, for a status bar ("the server does not publish keyspace events"). */
    const QString& reason() const { return m_reason; }

    /** Whether On was confirmed by the server (CONFIG GET), not merely subscribed anyway. */
    bool confirmed() const { return m_confirmed; }
    /** Whether a new attempt is due (Redis away, a subscription lost): Unknown is then passing. */
    bool retrying() const { return m_retry.isActive(); }
    /** Whether @p flags (notify-keyspace-events) publish every event the cache needs. */
    static bool flagsSuffice(const QByteArray& flags);
    /** @p flags with what live updates need added, keeping what is set. */
    static QByteArray withNeededFlags(const QByteArray& flags);
    /** Runs CONFIG SET notify-keyspace-events with what is needed added (only when a user asks). */
    void enable(QObject* context, std::function<void(const Result<Done>&)> handler);

signals:
    void liveChanged(KeyspaceWatcher::Live live, const QString& reason);
    /** @p key (escaped, as Escape writes keys) changed: @p event is Redis's (set, del, expired...). */
    void changed(const QString& key, const QString& event);
    /** The subscription broke and is being made again: changes may have been missed meanwhile. */
    void lost(const QString& reason);

private:
    void setLive(Live live, const QString& reason);
    void subscribe();
    void subscribeTo(const QList<RedisEndpoint>& primaries);
    void dropSubscriptions();
    void onMessage(const RedisReply& message, int database);
    void onNodeFailed(const Error& error);

    RedisClient& m_client;
    QStringList m_patterns;
    bool m_subscribeAnyway = false;
    bool m_confirmed = false; ///< CONFIG GET said the events are published
    bool m_running = false;
    Live m_live = Live::Unknown;
    QString m_reason;
    std::vector<std::unique_ptr<RedisNode>> m_subscriptions;
    QTimer m_retry;
};

} // namespace tokencache
