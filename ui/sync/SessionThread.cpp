#include "ui/sync/SessionThread.h"

#include "core/cache/CacheSession.h"
#include "core/cache/ChangeFeed.h"
#include "core/common/Guarded.h"

#include <algorithm>
#include <optional>

namespace tokencache {

SessionThread::SessionThread() : m_worker(QStringLiteral("tokencache session")) {}

Result<std::shared_ptr<SessionThread>> SessionThread::start(const RedisSettings& settings,
                                                            const QString& writeRefusal,
                                                            std::shared_ptr<const AuditLog> audit)
{
    std::shared_ptr<SessionThread> thread(new SessionThread);
    // Blocking once, on a thread that has nothing else to do yet: building a session only parses.
    std::optional<Result<std::shared_ptr<CacheSession>>> created;
    thread->m_worker.runAndWait([&created, &settings, &writeRefusal, &audit] {
        created = CacheSession::create(settings, writeRefusal, audit);
        if (*created)
            (**created)->cache().parseOnOwnThread();
    });
    if (!*created)
        return created->error();
    thread->m_session = **created;
    return thread;
}

SessionThread::~SessionThread()
{
    // Ended on its thread (locks it holds are released); m_worker then ends the thread, and the
    // contexts of work still running with it.
    m_worker.runAndWait([this] { m_session.reset(); });
}

QObject* SessionThread::workerContextFor(QObject* context)
{
    auto* workerContext = new QObject;
    workerContext->moveToThread(m_worker.object()->thread());
    // Adopted on the worker, so contexts of unfinished work end with the thread.
    m_worker.post([this, workerContext] { workerContext->setParent(m_worker.object()); });
    // Queued across the threads: the worker's context is deleted on the worker, after any work posted before.
    connect(context, &QObject::destroyed, workerContext, &QObject::deleteLater);
    return workerContext;
}

template <typename Value>
std::function<void(const Value&)> SessionThread::toUi(QObject* context,
                                                      std::function<void(const Value&)> handler)
{
    return [this, deliver = guarded(context, std::move(handler))](const Value& value) {
        // Posted to this object's mailbox, which outlives the worker; the context is checked on the UI
        // thread.
        m_toUi.post([deliver, value]() mutable { deliver(value); });
    };
}

template <typename Value>
std::function<void(const Value&)> SessionThread::lastToUi(QObject* context, QObject* workerContext,
                                                          std::function<void(const Value&)> handler)
{
    return [workerContext, deliver = toUi(context, std::move(handler))](const Value& value) {
        deliver(value);
        workerContext->deleteLater();
    };
}

template <typename Value, typename Start>
void SessionThread::answerOnce(QObject* context, std::function<void(const Value&)> handler, Start start)
{
    QObject* workerContext = workerContextFor(context);
    m_worker.post([this, workerContext, start = std::move(start),
                   done = lastToUi(context, workerContext, std::move(handler))] {
        start(*m_session, workerContext, done);
    });
}

void SessionThread::probe(QObject* context, std::function<void(const Result<ServerInfo>&)> handler)
{
    answerOnce(context, std::move(handler),
               [](CacheSession& session, QObject* on, const auto& done) { session.probe(on, done); });
}

void SessionThread::list(const ListQuery& query, const RowBatcher::Order& order, qsizetype knownRows,
                         QObject* context, RowsHandler onRows, ListQuery::DoneHandler onDone)
{
    QObject* workerContext = workerContextFor(context);
    m_worker.post([this, query, order, knownRows, workerContext, rows = toUi(context, std::move(onRows)),
                   done = lastToUi(context, workerContext, std::move(onDone))] {
        auto batcher = std::make_shared<RowBatcher>(order, knownRows, rows);
        m_session->cache().list(
            query, workerContext,
            [batcher, profiles = query.profiles](const QList<CacheEntry>& batch) {
                QList<TokenRow> converted;
                converted.reserve(batch.size());
                for (const CacheEntry& entry : batch)
                    converted.append(
                        TokenRow::fromEntry(entry, 0, ProviderProfile::owning(profiles, entry.key)));
                batcher->add(converted);
            },
            [batcher, done](const Result<qsizetype>& result) {
                batcher->finish();
                done(result);
            });
    });
}

void SessionThread::ttls(const QStringList& keys, QObject* context, TokenCache::TtlHandler handler)
{
    answerOnce(context, std::move(handler), [keys](CacheSession& session, QObject* on, const auto& done) {
        session.cache().ttls(keys, on, done);
    });
}

void SessionThread::read(const QString& key, const ProviderProfile* owner, QObject* context,
                         TokenCache::EntryHandler handler)
{
    const std::optional<ProviderProfile> profile = owner ? std::optional(*owner) : std::nullopt;
    answerOnce(context, std::move(handler),
               [key, profile](CacheSession& session, QObject* on, const auto& done) {
                   session.cache().read(key, profile ? &*profile : nullptr, on, done);
               });
}

void SessionThread::refresh(const ProviderProfile& profile, QObject* context,
                            TokenCache::EntryHandler handler)
{
    answerOnce(context, std::move(handler), [profile](CacheSession& session, QObject* on, const auto& done) {
        session.cache().refresh(profile, on, done);
    });
}

void SessionThread::evict(const QString& key, QObject* context, TokenCache::DoneHandler handler)
{
    answerOnce(context, std::move(handler), [key](CacheSession& session, QObject* on, const auto& done) {
        session.cache().evict(key, on, done);
    });
}

void SessionThread::revokeAndEvict(const ProviderProfile& profile, TokenCache::OnRevokeFailure onFailure,
                                   QObject* context, TokenCache::DoneHandler handler)
{
    answerOnce(context, std::move(handler),
               [profile, onFailure](CacheSession& session, QObject* on, const auto& done) {
                   session.cache().revokeAndEvict(profile, onFailure, on, done);
               });
}

void SessionThread::watch(const QStringList& patterns, bool subscribeAnyway,
                          const QList<ProviderProfile>& profiles, QObject* context,
                          std::function<void(const LiveState&)> onLive,
                          std::function<void(const RowChange&)> onChange,
                          std::function<void(const QString&)> onLost)
{
    QObject* workerContext = workerContextFor(context);
    m_worker.post([this, patterns, subscribeAnyway, profiles, workerContext,
                   live = toUi(context, std::move(onLive)), changed = toUi(context, std::move(onChange)),
                   lost = toUi(context, std::move(onLost))] {
        // Lives on the worker with the context: it ends when the window's side lets go.
        auto* watcher = new KeyspaceWatcher(m_session->redis(), workerContext);
        m_watcher = watcher;
        QObject::connect(watcher, &KeyspaceWatcher::liveChanged, workerContext,
                         [live](KeyspaceWatcher::Live state, const QString& reason) {
                             live({state, reason});
                         });
        QObject::connect(watcher, &KeyspaceWatcher::lost, workerContext, lost);
        QObject::connect(
            watcher, &KeyspaceWatcher::changed, workerContext,
            [this, profiles, workerContext, changed, lost](const QString& key, const QString& event) {
                ChangeFeed::readAfter(
                    m_session->cache(), profiles, key, workerContext,
                    [key, event, changed, lost, owner = ProviderProfile::owning(profiles, key)](
                        const Result<std::optional<CacheEntry>>& now) {
                        // Not read is not gone: the row stays, and a full pass catches up.
                        if (!now)
                            return lost(now.error().message);
                        changed({key, event,
                                 *now ? std::optional(TokenRow::fromEntry(**now, 0, owner)) : std::nullopt});
                    });
            });
        watcher->start(patterns, subscribeAnyway);
    });
}

void SessionThread::enableLiveUpdates(QObject* context, std::function<void(const Result<Done>&)> handler)
{
    answerOnce(context, std::move(handler), [this](CacheSession&, QObject* on, const auto& done) {
        if (!m_watcher)
            return done(Error::redis(QStringLiteral("live updates have not started yet")));
        m_watcher->enable(on, done);
    });
}

} // namespace tokencache
