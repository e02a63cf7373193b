#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/EntryReader.h"
#include "core/cache/ListQuery.h"
#include "core/common/Result.h"
#include "core/redis/RedisReply.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

namespace tokencache {

class RedisClient;

/**
 * One pass over the cache: SCAN page by page (never KEYS), on every primary of a cluster, each page's values
 * and TTLs read in one pipelined round trip, entries handed out per page so a view can fill while it runs.
 * Deletes itself when done.
 */
class CacheScan final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CacheScan)

public:
    using BatchHandler = ListQuery::BatchHandler;
    using DoneHandler = ListQuery::DoneHandler;

    CacheScan(RedisClient& redis, EntryParser& parser, const ListQuery& query, QObject* context,
              BatchHandler onBatch, DoneHandler onDone, QObject* parent);

    void start();

private:
    static constexpr qsizetype kReadSlice = 250;

    void readKeys(const QStringList& keys);
    /** One SCAN page on one primary (cluster: each in turn). */
    void scanPage(int node, const QByteArray& cursor);
    /** Why a SCAN reply is not [numeric cursor, [key names]], or an empty string. */
    static QString malformedPage(const RedisReply& reply);
    void finishIfDone();
    void finish(const Result<qsizetype>& result);

    RedisClient& m_redis;
    EntryReader m_reader;
    QString m_pattern;
    QStringList m_extraKeys; ///< profile keys the pattern does not cover, read directly
    QHash<QString, ProviderProfile> m_profileByKey;
    EntryReader::Mappings m_mappings; ///< of the profiles' keys whose responses have fields of their own
    QSet<QString> m_seen;             ///< SCAN may return a key more than once
    QSet<QPair<int, QByteArray>> m_cursors; ///< per primary: a cursor seen twice means a cycle
    int m_pageSize;
    qsizetype m_found = 0;
    int m_pendingReads = 0;
    bool m_scanned = false; ///< the last SCAN page of the last primary has arrived
    bool m_finished = false;
    QPointer<QObject> m_context;
    BatchHandler m_onBatch;
    DoneHandler m_onDone;
};

} // namespace tokencache
