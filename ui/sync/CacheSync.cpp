#include "ui/sync/CacheSync.h"

#include "core/cache/ChangeFeed.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/SessionThread.h"

namespace tokencache {

CacheSync::CacheSync(TokenTableModel& model, QObject* parent) : QObject(parent), m_model(model), m_timer(this)
{
    m_timer.setInterval(5000);
    connect(&m_timer, &QTimer::timeout, this, &CacheSync::tick);
}

void CacheSync::setSession(std::shared_ptr<SessionThread> session, const QList<ProviderProfile>& profiles,
                           Rows rows)
{
    delete m_pass;
    delete m_watch;
    m_live = KeyspaceWatcher::Live::Unknown;
    m_liveReason.clear();
    m_session = std::move(session);
    m_profiles = profiles;
    m_everConnected = false;
    // The same data through a new connection: the rows (and the selection) stay, greyed until the
    // first pass says which are still there.
    if (rows == Rows::Clear)
        m_model.clear();
    m_model.setStale(rows == Rows::Keep);
    if (!m_session) {
        m_timer.stop();
        setState(State::Idle);
        return;
    }
    m_timer.start();
    syncNow();
}

void CacheSync::setProfiles(const QList<ProviderProfile>& profiles)
{
    // What the subscription depends on: the keys it follows, and the profiles that own them.
    const bool sameOwners = ProviderProfile::ownership(profiles) == ProviderProfile::ownership(m_profiles);
    m_profiles = profiles;
    if (sameOwners || !m_watch)
        return;
    // Subscribed again for the new keys; a full pass brings what they match already.
    delete m_watch;
    followChanges();
    syncNow();
}

void CacheSync::setInterval(int intervalMs)
{
    m_timer.setInterval(intervalMs);
}

void CacheSync::tick()
{
    // Live: each change came as it happened, and the countdowns run on their own.
    if (m_live == KeyspaceWatcher::Live::On && !m_model.isStale())
        return;
    const bool large = m_model.totalRowCount() > kFullPassRows;
    if (!large || m_model.isStale() || ++m_ticksSinceFullPass >= m_fullPassEvery)
        syncNow();
    else
        refreshVisibleTtls();
}

void CacheSync::refreshVisibleTtls()
{
    const QStringList keys = m_visibleKeys ? m_visibleKeys() : QStringList();
    if (!m_session || m_pass || keys.isEmpty())
        return;
    auto* pass = new QObject(this);
    m_pass = pass;
    m_passIsFull = false;
    m_session->ttls(keys, pass, [this](const Result<QList<QPair<QString, qint64>>>& ttls) {
        m_pass->deleteLater();
        m_pass = nullptr;
        if (!ttls) {
            m_model.setStale(true);
            setState(State::Reconnecting, ttls.error().message);
            return;
        }
        m_model.updateTtls(*ttls);
        emit ttlsSynced(QDateTime::currentDateTime());
    });
}

void CacheSync::syncNow()
{
    if (!m_session || (m_pass && m_passIsFull))
        return;
    delete m_pass; // a refresh of the TTLs in view: the full pass reads them too
    m_ticksSinceFullPass = 0;
    if (!m_everConnected && m_state != State::Reconnecting)
        setState(State::Connecting);
    auto* pass = new QObject(this);
    m_pass = pass;
    m_passIsFull = true;
    m_model.startPass();
    m_session->probe(pass, [this, pass](const Result<ServerInfo>& server) {
        if (!server)
            return endPass(server.error(), {});
        if (m_state != State::Connected)
            setState(State::Connected); // Redis answers: actions need not wait for the whole pass
        const ServerInfo info = *server;
        m_session->list(
            ListQuery{{}, m_profiles}, {m_model.sortColumn(), m_model.sortOrder()}, m_model.totalRowCount(),
            pass, [this](const QList<TokenRow>& rows) { m_model.upsertRows(rows); },
            [this, info](const Result<qsizetype>& result) { endPass(result, info); });
    });
}

void CacheSync::endPass(const Result<qsizetype>& result, const ServerInfo& server)
{
    m_pass->deleteLater();
    m_pass = nullptr;
    if (!result) {
        m_model.setStale(true);
        setState(State::Reconnecting, result.error().message);
        return;
    }
    m_model.finishPass();
    m_model.setStale(false);
    if (!m_watch)
        followChanges();
    m_everConnected = true;
    setState(State::Connected);
    emit synced(server, QDateTime::currentDateTime());
}

void CacheSync::followChanges()
{
    auto* watch = new QObject(this);
    m_watch = watch;
    m_session->watch(
        ChangeFeed::patternsFor({}, m_profiles), m_subscribeAnyway, m_profiles, watch,
        [this](const SessionThread::LiveState& state) {
            m_live = state.live;
            m_liveReason = state.reason;
            emit liveChanged(state.live, state.reason);
        },
        [this](const SessionThread::RowChange& change) {
            if (change.row)
                m_model.upsertRows({*change.row});
            else
                m_model.removeKey(change.key);
            emit keyChanged(change.key, change.event);
        },
        // Changes may have been missed while it was down: a full pass catches up.
        [this](const QString&) { syncNow(); });
}

void CacheSync::enableLiveUpdates(std::function<void(const Result<Done>&)> handler)
{
    if (!m_session || !m_watch)
        return handler(Error::redis(QStringLiteral("not connected to Redis yet")));
    m_session->enableLiveUpdates(m_watch, std::move(handler));
}

void CacheSync::setState(State state, const QString& detail)
{
    m_state = state;
    emit stateChanged(state, detail);
}

} // namespace tokencache
