#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/KeyspaceWatcher.h"
#include "core/config/ProviderProfile.h"

#include <QHash>
#include <QObject>
#include <QSet>
#include <QTimer>

#include <functional>
#include <optional>

namespace tokencache {

class RedisClient;
class TokenCache;

/**
 * Every change to the cache's keys, one at a time, with the entry as it is now: from keyspace
 * notifications when the server publishes them (only the changed key is read, nothing is
 * scanned), else from scans every interval compared with the one before ("set" for a new or
 * changed token, "gone" for a key that went). Monitoring (`watch`, `audit --for`) reads it.
 */
class ChangeFeed final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ChangeFeed)

public:
    ChangeFeed(RedisClient& redis, TokenCache& cache, QList<ProviderProfile> profiles,
               QObject* parent = nullptr);

    /** Watches keys matching @p pattern (empty: the default pattern and every profile's key); polls
     *  every @p pollMs when the server publishes no keyspace events. @p subscribeAnyway: see
     *  Connection::subscribeAnyway. */
    void start(const QString& pattern, int pollMs, bool subscribeAnyway = false);
    /** Whether changes come from keyspace events now (else from polling, or not at all for now). */
    bool live() const { return m_watcher.live() == KeyspaceWatcher::Live::On; }
    /** The SCAN globs @p pattern stands for: itself, or the default and the profiles' keys it misses. */
    static QStringList patternsFor(const QString& pattern, const QList<ProviderProfile>& profiles);
    /** What tells one value of a key from the next: its token's fingerprint, or its bytes' hash. */
    static QString fingerprintOf(const CacheEntry& entry);
    /** Whether after @p event (a keyspace event's name) the key is gone, or has another name. */
    static bool removes(const QString& event);
    using AfterHandler = std::function<void(const Result<std::optional<CacheEntry>>&)>;
    /**
     * What @p key holds after an event, read as its owner among @p profiles says: its entry, none
     * once it is gone, or why it could not be read (which says nothing of the key). An event is
     * never believed alone: anyone allowed to PUBLISH can send one.
     */
    static void readAfter(TokenCache& cache, const QList<ProviderProfile>& profiles, const QString& key,
                          QObject* context, AfterHandler handler);

signals:
    /** @p key changed by @p event; @p entry is the key as read afterwards (none once it is gone). */
    void changed(const QString& event, const QString& key, const std::optional<CacheEntry>& entry);
    /** No keyspace events (@p reason): changes come from polling from now on. */
    void polling(const QString& reason);
    /** Changes may have been missed (a subscription lost, a scan that failed); said once until they
     *  arrive again. */
    void gap(const QString& reason);
    /** Worth saying about how changes arrive: again after a gap, or from a subscription whose events
     *  the server would not confirm. */
    void note(const QString& message);

private:
    struct Seen
    {
        QString fingerprint; ///< of the token, or of the raw value when it holds none
        CacheEntry entry;
    };

    void onLive(KeyspaceWatcher::Live live, const QString& reason);
    void onEvent(const QString& key, const QString& event);
    void poll();
    void openGap(const QString& reason);
    void closeGap(const QString& how);

    RedisClient& m_redis;
    TokenCache& m_cache;
    QList<ProviderProfile> m_profiles;
    QString m_pattern;
    KeyspaceWatcher m_watcher;
    QTimer m_poll;
    std::optional<QHash<QString, Seen>> m_seen; ///< the last scan's keys; none before the first
    bool m_scanning = false;
    bool m_inGap = false; ///< a gap was said and changes have not arrived since
    static constexpr qsizetype kMaxRemembered = 1000;
    QSet<QString> m_unreadable; ///< keys whose last read after an event failed (said once)
};

} // namespace tokencache
