#include "cache/CacheScan.h"

#include "redis/RedisConnection.h"

CacheScan::CacheScan(RedisConnection& redis, const ListQuery& query, QObject* context, BatchHandler onBatch,
                     DoneHandler onDone, QObject* parent)
    : QObject(parent), m_redis(redis), m_reader(redis, this),
      m_pattern(query.pattern.isEmpty() ? ListQuery::kDefaultPattern : query.pattern),
      m_pageSize(query.pageSize), m_context(context), m_onBatch(std::move(onBatch)),
      m_onDone(std::move(onDone))
{
    for (const ProviderProfile& profile : query.profiles) {
        const QString key = profile.cacheKey();
        m_profileByKey.insert(key, profile);
        // Keys outside the default pattern are read by name instead of a second SCAN.
        if (query.pattern.isEmpty() && !key.contains(ListQuery::kDefaultWord))
            m_extraKeys.append(key);
    }
}

void CacheScan::start()
{
    // Whether SCAN must visit one server or every cluster primary is known once connected.
    if (m_redis.state() != RedisConnection::State::Ready) {
        m_redis.command({"PING"}, this, [this](const Result<RedisReply>& reply) {
            if (!reply)
                return finish(reply.error());
            start();
        });
        return;
    }
    if (m_extraKeys.isEmpty()) {
        scanPage(0, "0");
        return;
    }
    for (const QString& key : m_extraKeys)
        m_seen.insert(key);
    readKeys(m_extraKeys, [this] { scanPage(0, "0"); });
}

void CacheScan::readKeys(const QStringList& keys, const std::function<void()>& next)
{
    m_reader.read(keys, this, [this, next](const Result<QList<CacheEntry>>& entries) {
        if (!entries) {
            finish(entries.error());
            return;
        }
        QList<CacheEntry> batch = *entries;
        for (CacheEntry& entry : batch) {
            if (entry.lock)
                entry.profile = m_profileByKey.value(LockInfo::entryKeyOf(entry.key)).name;
            else if (const auto found = m_profileByKey.constFind(entry.key); found != m_profileByKey.cend())
                entry.applyProfile(*found);
        }
        m_found += batch.size();
        if (m_context && !batch.isEmpty())
            m_onBatch(batch);
        next();
    });
}

void CacheScan::scanPage(int node, const QByteArray& cursor)
{
    const RedisCommand scan{QByteArrayLiteral("SCAN"),  cursor,
                            QByteArrayLiteral("MATCH"), m_pattern.toUtf8(),
                            QByteArrayLiteral("COUNT"), QByteArray::number(m_pageSize)};
    m_redis.commandOnPrimary(node, scan, this, [this, node, scan](const Result<RedisReply>& reply) {
        if (!reply) {
            finish(reply.error());
            return;
        }
        if (reply->isError() || reply->elements.size() != 2) {
            finish(m_redis.commandError(scan, *reply));
            return;
        }
        const QByteArray next = reply->elements.at(0).string;
        QStringList keys;
        for (const RedisReply& key : reply->elements.at(1).elements) {
            const QString name = QString::fromUtf8(key.string);
            if (!m_seen.contains(name)) {
                m_seen.insert(name);
                keys.append(name);
            }
        }
        const auto continueScan = [this, node, next] {
            if (next != "0")
                scanPage(node, next);
            else if (node + 1 < m_redis.primaryCount())
                scanPage(node + 1, "0");
            else
                finish(m_found);
        };
        if (keys.isEmpty())
            continueScan();
        else
            readKeys(keys, continueScan);
    });
}

void CacheScan::finish(const Result<qsizetype>& result)
{
    if (m_context)
        m_onDone(result);
    deleteLater();
}
