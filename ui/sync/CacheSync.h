#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/KeyspaceWatcher.h"
#include "core/cache/ServerInfo.h"
#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <memory>

namespace tokencache {

class SessionThread;
class TokenTableModel;
struct TokenRow;

/**
 * Keeps the token table true to Redis, through a session on its own thread (which reads and parses
 * the entries; the model only merges ready rows). A full pass (PING + INFO, then a streamed SCAN) runs on
 * start and on demand; rows it did not see leave the table. After the first pass, keyspace
 * notifications are followed where the server publishes them: each change reads only its key, and
 * no pass runs again until a user asks or the subscription is lost. Without them, every interval a
 * small table gets a full pass again, a large one only a pipelined PTTL of the rows in view, with a
 * full pass every kFullPassEvery intervals. When Redis is unreachable the rows are kept but marked
 * stale, and the next pass recovers.
 */
class CacheSync final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheSync)

public:
    enum class State
    {
        Idle,
        Connecting,
        Connected,
        Reconnecting
    };
    Q_ENUM(State)

    explicit CacheSync(TokenTableModel& model, QObject* parent = nullptr);

    /** What a new session does to the rows shown: the same Redis keeps them, another clears them. */
    enum class Rows
    {
        Clear,
        Keep
    };
    void setSession(std::shared_ptr<SessionThread> session, const QList<ProviderProfile>& profiles,
                    Rows rows = Rows::Clear);
    /** The connection's profiles changed: a live subscription follows their keys and owners. */
    void setProfiles(const QList<ProviderProfile>& profiles);
    /** Subscribe to keyspace events even where the server will not say it publishes them. */
    void setSubscribeAnyway(bool subscribe) { m_subscribeAnyway = subscribe; }
    void setInterval(int intervalMs);
    /** Large tables: a full pass every @p intervals intervals (kFullPassEvery unless set). */
    void setFullPassEvery(int intervals) { m_fullPassEvery = intervals; }
    /** Where the keys of the rows in view come from (the table's visible range). */
    void setVisibleKeys(std::function<QStringList()> visibleKeys) { m_visibleKeys = std::move(visibleKeys); }

    static constexpr int kFullPassRows = 2000; ///< up to this size, every interval is a full pass
    static constexpr int kFullPassEvery = 12;  ///< larger tables: a full pass every this many intervals
    /** Starts a full pass now, unless one is running; a refresh of the TTLs in view gives way to it. */
    void syncNow();

    State state() const { return m_state; }
    KeyspaceWatcher::Live live() const { return m_live; }
    const QString& liveReason() const { return m_liveReason; }
    /** Turns keyspace notifications on at the server (CONFIG SET), then follows them. */
    void enableLiveUpdates(std::function<void(const Result<Done>&)> handler);

signals:
    void stateChanged(CacheSync::State state, const QString& detail);
    /** A full pass ended: the table holds what Redis holds. */
    void synced(const ServerInfo& server, const QDateTime& at);
    /** Only the rows in view had their TTLs read again (a large table between full passes). */
    void ttlsSynced(const QDateTime& at);
    /** Whether changes arrive live, and why not (the status bar says it). */
    void liveChanged(KeyspaceWatcher::Live live, const QString& reason);
    /** A key changed (@p event is Redis's: set, del, expired...), as keyspace notifications said. */
    void keyChanged(const QString& key, const QString& event);

private:
    void setState(State state, const QString& detail = {});
    void endPass(const Result<qsizetype>& result, const ServerInfo& server);
    void tick();
    void refreshVisibleTtls();
    void followChanges();

    TokenTableModel& m_model;
    std::shared_ptr<SessionThread> m_session;
    QList<ProviderProfile> m_profiles;
    QTimer m_timer;
    QPointer<QObject> m_pass;  ///< owns the running pass's callbacks; deleting it drops them
    bool m_passIsFull = false; ///< the running pass scans (not only the TTLs in view)
    State m_state = State::Idle;
    bool m_everConnected = false;
    int m_ticksSinceFullPass = 0;
    int m_fullPassEvery = kFullPassEvery;
    std::function<QStringList()> m_visibleKeys;
    QPointer<QObject> m_watch; ///< owns the keyspace subscription's callbacks; deleting it ends it
    KeyspaceWatcher::Live m_live = KeyspaceWatcher::Live::Unknown;
    bool m_subscribeAnyway = false;
    QString m_liveReason;
};

} // namespace tokencache
