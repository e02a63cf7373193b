#include "ui/sync/SessionThread.h"

#include "core/cache/CacheSession.h"
#include "core/common/ThreadHandoff.h"
#include "ui/BackgroundPriority.h"

#include <QPointer>

#include <optional>

namespace tokencache {

SessionThread::SessionThread() : m_worker(new QObject)
{
    m_thread.setObjectName(QStringLiteral("tokencache session"));
    m_worker->moveToThread(&m_thread);
    m_thread.start();
    onWorker(lowerCurrentThreadPriority);
}

Result<std::shared_ptr<SessionThread>> SessionThread::start(const RedisSettings& settings)
{
    std::shared_ptr<SessionThread> thread(new SessionThread);
    // Blocking once, on a thread that has nothing else to do yet: building a session only parses.
    std::optional<Result<std::shared_ptr<CacheSession>>> created;
    const ThreadHandoff handoff; // there and back
    QMetaObject::invokeMethod(
        thread->m_worker,
        [&created, &settings, &handoff] {
            handoff.received();
            created = CacheSession::create(settings);
            if (*created)
                (**created)
                    ->cache()
                    .parseOnOwnThread(); // started from here, it runs at this thread's priority
            handoff.sent();
        },
        Qt::BlockingQueuedConnection);
    handoff.received();
    if (!*created)
        return created->error();
    thread->m_session = **created;
    return thread;
}

SessionThread::~SessionThread()
{
    const ThreadHandoff handoff;
    QMetaObject::invokeMethod(
        m_worker,
        [this, &handoff] {
            handoff.received();
            m_session.reset();
            handoff.sent();
        },
        Qt::BlockingQueuedConnection);
    handoff.received();
    m_thread.quit();
    m_thread.wait();
    delete m_worker; // with the contexts of work that was still running: the thread has ended
}

void SessionThread::onWorker(std::function<void()> work)
{
    QMetaObject::invokeMethod(m_worker, handedOver(std::move(work)), Qt::QueuedConnection);
}

QObject* SessionThread::workerContextFor(QObject* context)
{
    auto* workerContext = new QObject;
    workerContext->moveToThread(&m_thread);
    // Adopted on the worker, so contexts of unfinished work end with the thread.
    onWorker([this, workerContext] { workerContext->setParent(m_worker); });
    // Queued across the threads: the worker's context is deleted on the worker, after any work posted before.
    connect(context, &QObject::destroyed, workerContext, &QObject::deleteLater);
    return workerContext;
}

template <typename Value>
std::function<void(const Value&)> SessionThread::toUi(QObject* context,
                                                      std::function<void(const Value&)> handler)
{
    QPointer<QObject> guard(context);
    return [this, guard, handler = std::move(handler)](const Value& value) {
        // Posted to this object, which outlives the worker; the context is checked on the UI thread.
        QMetaObject::invokeMethod(this, handedOver([guard, handler, value] {
                                      if (guard)
                                          handler(value);
                                  }),
                                  Qt::QueuedConnection);
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
    onWorker([this, workerContext, start = std::move(start),
              done = lastToUi(context, workerContext, std::move(handler))] {
        start(*m_session, workerContext, done);
    });
}

void SessionThread::probe(QObject* context, std::function<void(const Result<ServerInfo>&)> handler)
{
    answerOnce(context, std::move(handler),
               [](CacheSession& session, QObject* on, const auto& done) { session.probe(on, done); });
}

void SessionThread::list(const ListQuery& query, QObject* context, RowsHandler onRows,
                         ListQuery::DoneHandler onDone)
{
    QObject* workerContext = workerContextFor(context);
    onWorker([this, query, workerContext, rows = toUi(context, std::move(onRows)),
              done = lastToUi(context, workerContext, std::move(onDone))] {
        m_session->cache().list(
            query, workerContext,
            [rows](const QList<CacheEntry>& batch) {
                // The rows' clock times are the model's to stamp, on arrival.
                QList<TokenRow> converted;
                converted.reserve(batch.size());
                for (const CacheEntry& entry : batch)
                    converted.append(TokenRow::fromEntry(entry, 0));
                rows(converted);
            },
            done);
    });
}

void SessionThread::ttls(const QStringList& keys, QObject* context, TokenCache::TtlHandler handler)
{
    answerOnce(context, std::move(handler), [keys](CacheSession& session, QObject* on, const auto& done) {
        session.cache().ttls(keys, on, done);
    });
}

void SessionThread::read(const QString& key, QObject* context, TokenCache::EntryHandler handler)
{
    answerOnce(context, std::move(handler), [key](CacheSession& session, QObject* on, const auto& done) {
        session.cache().read(key, on, done);
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

} // namespace tokencache
