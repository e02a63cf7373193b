#include "cache/EntryReader.h"

#include "redis/RedisConnection.h"

#include <QPointer>

namespace {

constexpr qsizetype kRememberedBytes = 1 << 20; ///< about a thousand tokens: more keys than profiles

QList<RedisCommand> readCommands(const QStringList& keys)
{
    QList<RedisCommand> commands;
    commands.reserve(keys.size() * 2);
    for (const QString& key : keys) {
        const QByteArray encoded = key.toUtf8();
        commands.append({QByteArrayLiteral("GET"), encoded});
        commands.append({QByteArrayLiteral("PTTL"), encoded});
    }
    return commands;
}

} // namespace

EntryReader::EntryReader(RedisConnection& redis, QObject* parent)
    : QObject(parent), m_redis(redis), m_remembered(kRememberedBytes)
{}

void EntryReader::read(const QStringList& keys, QObject* context, Handler handler)
{
    send(keys, EncodedPipeline(readCommands(keys)), Memo::Off, context, std::move(handler));
}

void EntryReader::readKey(const QString& key, QObject* context, Handler handler)
{
    const RememberedKey* remembered = m_remembered.object(key);
    const EncodedPipeline reads = remembered ? remembered->reads : EncodedPipeline(readCommands({key}));
    send({key}, reads, Memo::On, context, std::move(handler));
}

CacheEntry EntryReader::parseRemembering(const QString& key, const EncodedPipeline& reads,
                                         const QByteArray& raw, qint64 ttlMs, const QDateTime& now)
{
    const RememberedKey* remembered = m_remembered.object(key);
    if (remembered && remembered->lastToken.token && remembered->lastToken.raw == raw)
        return remembered->lastToken.withTtl(ttlMs, now);
    CacheEntry entry = CacheEntry::fromValue(key, raw, ttlMs, now);
    const bool isToken = entry.token.has_value();
    m_remembered.insert(key, new RememberedKey{reads, isToken ? entry : CacheEntry{}},
                        key.size() * 2 + (isToken ? raw.size() : 0));
    return entry;
}

void EntryReader::send(const QStringList& keys, const EncodedPipeline& reads, Memo memo, QObject* context,
                       Handler handler)
{
    QPointer<QObject> guard(context);
    m_redis.pipeline(
        reads, this,
        [this, keys, reads, memo, guard,
         handler = std::move(handler)](const Result<QList<RedisReply>>& replies) {
            if (!guard)
                return;
            if (!replies) {
                handler(replies.error());
                return;
            }
            const QDateTime now = QDateTime::currentDateTimeUtc();
            QList<CacheEntry> entries;
            QList<qsizetype> wrongTyped;
            for (qsizetype i = 0; i < keys.size(); ++i) {
                const RedisReply& value = replies->at(2 * i);
                const RedisReply& ttl = replies->at(2 * i + 1);
                if (value.isError() && value.errorCode() == "WRONGTYPE") {
                    wrongTyped.append(entries.size());
                    entries.append(CacheEntry::unreadable(keys.at(i), ttl.integer, {}));
                    continue;
                }
                if (value.isError() || ttl.isError()) {
                    const bool valueFailed = value.isError();
                    handler(m_redis.commandError(reads.commands.at(2 * i + (valueFailed ? 0 : 1)),
                                                 valueFailed ? value : ttl));
                    return;
                }
                if (value.isNil())
                    continue;
                entries.append(memo == Memo::On
                                   ? parseRemembering(keys.at(i), reads, value.string, ttl.integer, now)
                                   : CacheEntry::fromValue(keys.at(i), value.string, ttl.integer, now));
            }
            if (wrongTyped.isEmpty())
                handler(entries);
            else
                describeWrongTypes(std::move(entries), wrongTyped, guard, handler);
        });
}

void EntryReader::describeWrongTypes(QList<CacheEntry> entries, const QList<qsizetype>& wrongTyped,
                                     QObject* context, Handler handler)
{
    QList<RedisCommand> commands;
    for (qsizetype index : wrongTyped)
        commands.append({QByteArrayLiteral("TYPE"), entries.at(index).key.toUtf8()});
    QPointer<QObject> guard(context);
    m_redis.pipeline(commands, this,
                     [entries = std::move(entries), wrongTyped, guard,
                      handler](const Result<QList<RedisReply>>& types) mutable {
                         if (!guard)
                             return;
                         if (!types) {
                             handler(types.error());
                             return;
                         }
                         for (qsizetype i = 0; i < wrongTyped.size(); ++i) {
                             const QString type = QString::fromUtf8(types->at(i).string);
                             entries[wrongTyped.at(i)].reason =
                                 QStringLiteral("the key holds a Redis %1, not a string").arg(type);
                         }
                         handler(entries);
                     });
}
