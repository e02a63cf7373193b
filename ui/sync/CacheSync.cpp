#include "sync/CacheSync.h"

#include "cache/CacheSession.h"
#include "cache/TokenCache.h"
#include "model/TokenTableModel.h"

CacheSync::CacheSync(TokenTableModel& model, QObject* parent) : QObject(parent), m_model(model), m_timer(this)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &CacheSync::syncNow);
}

void CacheSync::setSession(std::shared_ptr<CacheSession> session, const QList<ProviderProfile>& profiles)
{
    delete m_pass;
    m_session = std::move(session);
    m_profiles = profiles;
    m_everConnected = false;
    m_model.clear();
    m_model.setStale(false);
    if (!m_session) {
        m_timer.stop();
        setState(State::Idle);
        return;
    }
    m_timer.start();
    syncNow();
}

void CacheSync::setInterval(int intervalMs)
{
    m_timer.setInterval(intervalMs);
}

void CacheSync::syncNow()
{
    if (!m_session || m_pass)
        return;
    if (!m_everConnected && m_state != State::Reconnecting)
        setState(State::Connecting);
    auto* pass = new QObject(this);
    m_pass = pass;
    m_seen.clear();
    RedisProbe::probe(m_session->redis(), pass, [this, pass](const Result<RedisServerInfo>& server) {
        if (!server)
            return endPass(server.error(), {});
        const RedisServerInfo info = *server;
        m_session->cache().list(
            ListQuery{{}, m_profiles}, pass,
            [this](const QList<CacheEntry>& batch) {
                for (const CacheEntry& entry : batch)
                    m_seen.insert(entry.key);
                m_model.upsert(batch);
            },
            [this, info](const Result<qsizetype>& result) { endPass(result, info); });
    });
}

void CacheSync::endPass(const Result<qsizetype>& result, const RedisServerInfo& server)
{
    m_pass->deleteLater();
    m_pass = nullptr;
    if (!result) {
        m_model.setStale(true);
        setState(State::Reconnecting, result.error().message);
        return;
    }
    m_model.retainOnly(m_seen);
    m_model.setStale(false);
    m_everConnected = true;
    setState(State::Connected);
    emit synced(server, QDateTime::currentDateTime());
}

void CacheSync::setState(State state, const QString& detail)
{
    m_state = state;
    emit stateChanged(state, detail);
}
