#pragma once

#include "core/cache/KeyspaceWatcher.h"
#include "core/cache/ListQuery.h"
#include "core/cache/ServerInfo.h"
#include "core/cache/TokenCache.h"
#include "core/common/Result.h"
#include "core/common/ThreadMailbox.h"
#include "ui/model/TokenRow.h"
#include "ui/sync/RowBatcher.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>
#include <optional>

namespace tokencache {

class CacheSession;
class AuditLog;
struct RedisSettings;

/**
 * A cache session on a thread of its own. Redis I/O, the scan, parsing values (JSON, JWT, status)
 * and turning entries into table rows run there, at a lower scheduling priority than the window,
 * so a slow machine never stalls it. Calls return at once; each answer comes back on the UI
 * thread, and only while its context lives. A context that goes away cancels its work (a scan
 * stops), as it does with a CacheSession used directly.
 */
class SessionThread final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SessionThread)

public:
    /** Starts the thread and builds the session there; fails as CacheSession::create() does. */
    static Result<std::shared_ptr<SessionThread>> start(const RedisSettings& settings,
                                                        const QString& writeRefusal = {},
                                                        std::shared_ptr<const AuditLog> audit = {});
    /** Ends the session on its thread (locks it holds are released), then the thread. */
    ~SessionThread() override;

    using RowsHandler = std::function<void(const QList<TokenRow>&)>;
    /** Whether changes come live, and why (KeyspaceWatcher::reason). */
    struct LiveState
    {
        KeyspaceWatcher::Live live = KeyspaceWatcher::Live::Unknown;
        QString reason;
    };
    /** One key's change: its row as read afterwards, none once it is gone. */
    struct RowChange
    {
        QString key;
        QString event;
        std::optional<TokenRow> row;
    };

    void probe(QObject* context, std::function<void(const Result<ServerInfo>&)> handler);
    /** The entries of @p query as table rows, in groups sorted by @p order (RowBatcher), then how
     *  many were listed. @p knownRows: the table's size now. */
    void list(const ListQuery& query, const RowBatcher::Order& order, qsizetype knownRows, QObject* context,
              RowsHandler onRows, ListQuery::DoneHandler onDone);
    void ttls(const QStringList& keys, QObject* context, TokenCache::TtlHandler handler);
    /** One key's entry, read as @p owner (nullptr: no profile owns it) says; see TokenCache::read. */
    void read(const QString& key, const ProviderProfile* owner, QObject* context,
              TokenCache::EntryHandler handler);
    void refresh(const ProviderProfile& profile, QObject* context, TokenCache::EntryHandler handler);
    void evict(const QString& key, QObject* context, TokenCache::DoneHandler handler);
    void revokeAndEvict(const ProviderProfile& profile, TokenCache::OnRevokeFailure onFailure,
                        QObject* context, TokenCache::DoneHandler handler);

    /**
     * Follows keyspace notifications for @p patterns while @p context lives: each change's key is read
     * (as its owner among @p profiles says) and turned into a row here; @p onLost: the subscription
     * broke, or a changed key could not be read (changes may have been missed; a full pass catches up).
     */
    void watch(const QStringList& patterns, bool subscribeAnyway, const QList<ProviderProfile>& profiles,
               QObject* context, std::function<void(const LiveState&)> onLive,
               std::function<void(const RowChange&)> onChange, std::function<void(const QString&)> onLost);
    /** Turns keyspace notifications on at the server (CONFIG SET; only when a user asks). */
    void enableLiveUpdates(QObject* context, std::function<void(const Result<Done>&)> handler);

private:
    SessionThread();
    /** The worker's stand-in for @p context: it dies when @p context does, which cancels the work. */
    QObject* workerContextFor(QObject* context);
    /** A handler to call on the worker that runs @p handler on the UI thread while @p context lives. */
    template <typename Value>
    std::function<void(const Value&)> toUi(QObject* context, std::function<void(const Value&)> handler);
    /** Runs @p start(session, workerContext, done) on the worker; its one answer reaches @p handler. */
    template <typename Value, typename Start>
    void answerOnce(QObject* context, std::function<void(const Value&)> handler, Start start);
    /** As toUi(), and the worker's context ends after this last answer. */
    template <typename Value>
    std::function<void(const Value&)> lastToUi(QObject* context, QObject* workerContext,
                                               std::function<void(const Value&)> handler);

    ThreadMailbox m_toUi;                    ///< answers, on the UI thread
    WorkerThread m_worker;                   ///< its object() is the parent of the work's contexts
    std::shared_ptr<CacheSession> m_session; ///< built, used and ended on m_worker only
    QPointer<KeyspaceWatcher> m_watcher;     ///< the running watch(), on m_worker only
};

} // namespace tokencache
