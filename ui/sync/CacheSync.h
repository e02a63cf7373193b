#pragma once

#include "common/Result.h"
#include "config/ProviderProfile.h"
#include "redis/RedisProbe.h"

#include <QDateTime>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <memory>

class CacheSession;
class TokenTableModel;

/**
 * Keeps the token table true to Redis: a pass (PING + INFO, then a streamed SCAN) on start,
 * on demand and every interval; rows that a complete pass did not see leave the table. When
 * Redis is unreachable the rows are kept but marked stale, and the next pass recovers.
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

    void setSession(std::shared_ptr<CacheSession> session, const QList<ProviderProfile>& profiles);
    void setProfiles(const QList<ProviderProfile>& profiles) { m_profiles = profiles; }
    void setInterval(int intervalMs);
    /** Starts a pass now, unless one is running. */
    void syncNow();

    State state() const { return m_state; }
    bool passRunning() const { return m_pass != nullptr; }

signals:
    void stateChanged(CacheSync::State state, const QString& detail);
    void synced(const RedisServerInfo& server, const QDateTime& at);

private:
    void setState(State state, const QString& detail = {});
    void endPass(const Result<qsizetype>& result, const RedisServerInfo& server);

    TokenTableModel& m_model;
    std::shared_ptr<CacheSession> m_session;
    QList<ProviderProfile> m_profiles;
    QTimer m_timer;
    QPointer<QObject> m_pass; ///< owns the running pass's callbacks; deleting it drops them
    QSet<QString> m_seen;
    State m_state = State::Idle;
    bool m_everConnected = false;
};
