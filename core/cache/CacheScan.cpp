#include "core/cache/CacheScan.h"

#include "core/common/Escape.h"
#include "core/redis/RedisClient.h"

namespace tokencache {

CacheScan::CacheScan(RedisClient& redis, EntryParser& parser, const ListQuery& query, QObject* context,
                     BatchHandler onBatch, DoneHandler onDone, QObject* parent)
    : QObject(parent), m_redis(redis), m_reader(redis, parser, this),
      m_pattern(query.pattern.isEmpty() ? ListQuery::kDefaultPattern : query.pattern),
      m_pageSize(query.pageSize), m_context(context), m_onBatch(std::move(onBatch)),
      m_onDone(std::move(onDone))
{
    // A consumer that goes away (a closed window, a reconnect) ends the scan: no further page.
    if (context)
        connect(context, &QObject::destroyed, this, [this] {
            m_context = nullptr;
            finish(Error::aborted(QStringLiteral("the listing's consumer went away")));
        });
    for (const ProviderProfile& profile : query.profiles) {
        const QString key = profile.cacheKey();
        m_profileByKey.insert(key, profile);
        if (!profile.response.isStandard())
            m_mappings.insert(key, profile.response);
        // Keys outside the default pattern are read by name instead of a second SCAN.
        if (query.pattern.isEmpty() && !key.contains(ListQuery::kDefaultWord))
            m_extraKeys.append(key);
    }
}

void CacheScan::start()
{
    // Whether SCAN must visit one server or every cluster primary is known once connected.
    if (m_redis.state() != RedisClient::State::Ready) {
        m_redis.command({"PING"}, this, [this](const Result<RedisReply>& reply) {
            if (!reply)
                return finish(reply.error());
            start();
        });
        return;
    }
    for (const QString& key : m_extraKeys)
        m_seen.insert(key);
    if (!m_extraKeys.isEmpty())
        readKeys(m_extraKeys);
    scanPage(0, "0");
}

void CacheScan::readKeys(const QStringList& keys)
{
    ++m_pendingReads;
    m_reader.read(keys, m_mappings, this, [this](const Result<QList<CacheEntry>>& entries) {
        --m_pendingReads;
        if (!entries)
            return finish(entries.error());
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
        finishIfDone();
    });
}

void CacheScan::scanPage(int node, const QByteArray& cursor)
{
    const RedisCommand scan{QByteArrayLiteral("SCAN"),  cursor,
                            QByteArrayLiteral("MATCH"), m_pattern.toUtf8(),
                            QByteArrayLiteral("COUNT"), QByteArray::number(m_pageSize)};
    m_redis.commandOnPrimary(node, scan, this, [this, node, scan](const Result<RedisReply>& reply) {
        if (m_finished)
            return; // stopped (its consumer went away) while this page was on its way
        if (!reply)
            return finish(reply.error());
        if (reply->isError())
            return finish(m_redis.commandError(scan, *reply));
        if (const QString problem = malformedPage(*reply); !problem.isEmpty())
            return finish(
                Error::redis(QStringLiteral("Redis: SCAN returned %1; the listing stops").arg(problem)));
        const QByteArray next = reply->elements.at(0).string;
        // A server whose cursors cycle would keep this scan going forever.
        if (next != "0" && m_cursors.contains({node, next}))
            return finish(Error::redis(
                QStringLiteral("Redis: SCAN returned cursor %1 a second time in one scan; the listing stops")
                    .arg(QString::fromLatin1(next))));
        m_cursors.insert({node, next});
        QStringList keys;
        for (const RedisReply& key : reply->elements.at(1).elements) {
            // Key names are bytes: escaped, so a name that is not UTF-8 survives the round trip.
            const QString name = Escape::bytes(key.string);
            if (!m_seen.contains(name)) {
                m_seen.insert(name);
                keys.append(name);
            }
        }
        // The next page is asked for before this page's values, in the same round trip: its keys
        // arrive first, so the read after it is sent before this page is parsed, and Redis works
        // while we do. At most two pages are ever in flight.
        if (next != "0")
            scanPage(node, next);
        else if (node + 1 < m_redis.primaryCount())
            scanPage(node + 1, "0");
        else
            m_scanned = true;
        // In slices, each parsed on its own: a page of a thousand tokens is ~20 ms of parsing.
        for (qsizetype from = 0; from < keys.size(); from += kReadSlice)
            readKeys(keys.mid(from, kReadSlice));
        finishIfDone();
    });
}

QString CacheScan::malformedPage(const RedisReply& reply)
{
    using Type = RedisReply::Type;
    if (reply.type != Type::Array || reply.elements.size() != 2 ||
        reply.elements.at(0).type != Type::String || reply.elements.at(1).type != Type::Array)
        return QStringLiteral("a reply that is not [cursor, keys]");
    bool numeric = false;
    reply.elements.at(0).string.toULongLong(&numeric);
    if (!numeric)
        return QStringLiteral("a cursor that is not a number");
    for (const RedisReply& key : reply.elements.at(1).elements) {
        if (key.type != Type::String)
            return QStringLiteral("a key name that is not a string");
    }
    return {};
}

void CacheScan::finishIfDone()
{
    if (m_scanned && m_pendingReads == 0)
        finish(m_found);
}

void CacheScan::finish(const Result<qsizetype>& result)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_context)
        m_onDone(result);
    deleteLater();
}

} // namespace tokencache
