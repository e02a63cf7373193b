#include "core/cache/EntryReader.h"

#include "core/common/Escape.h"
#include "core/common/Guarded.h"
#include "core/redis/RedisClient.h"

#include <QPointer>

namespace tokencache {

namespace {

constexpr qsizetype kRememberedBytes = 1 << 20; ///< about a thousand tokens: more keys than profiles

// One key's value and TTL, whole: the hot path of a cache hit.
QList<RedisCommand> getCommands(const QString& key)
{
    const QByteArray name = Escape::unescape(key);
    return {{QByteArrayLiteral("GET"), name}, {QByteArrayLiteral("PTTL"), name}};
}

// Many keys: the length, at most kMaxValueBytes of the value and the TTL, so a keyspace of huge
// values costs a listing no more than that per key.
QList<RedisCommand> peekCommands(const QStringList& keys)
{
    static const QByteArray lastByte = QByteArray::number(CacheEntry::kMaxValueBytes - 1);
    QList<RedisCommand> commands;
    commands.reserve(keys.size() * 3);
    for (const QString& key : keys) {
        const QByteArray name = Escape::unescape(key);
        commands.append({QByteArrayLiteral("STRLEN"), name});
        commands.append({QByteArrayLiteral("GETRANGE"), name, "0", lastByte});
        commands.append({QByteArrayLiteral("PTTL"), name});
    }
    return commands;
}

// Replies as Redis gives them: the value a string (nil too for GET), the length an integer, the
// PTTL -2, -1 or the milliseconds left. Error replies are well formed: they are reported as such.
bool wellFormed(const RedisReply* length, const RedisReply& value, const RedisReply& ttl)
{
    using Type = RedisReply::Type;
    const bool valueOk = value.isError() || value.type == Type::String || (!length && value.isNil());
    const bool lengthOk = !length || length->isError() || length->type == Type::Integer;
    const bool ttlOk = ttl.isError() || (ttl.type == Type::Integer && ttl.integer >= CacheEntry::kGone);
    return valueOk && lengthOk && ttlOk;
}

} // namespace

EntryReader::EntryReader(RedisClient& redis, EntryParser& parser, QObject* parent)
    : QObject(parent), m_redis(redis), m_parser(parser), m_remembered(kRememberedBytes)
{}

void EntryReader::read(const QStringList& keys, QObject* context, Handler handler)
{
    send(keys, EncodedPipeline(peekCommands(keys)), Memo::Off, context, std::move(handler));
}

void EntryReader::readKey(const QString& key, QObject* context, Handler handler)
{
    const RememberedKey* remembered = m_remembered.object(key);
    const EncodedPipeline reads = remembered ? remembered->reads : EncodedPipeline(getCommands(key));
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
    m_redis.pipeline(
        reads, this,
        guarded(context, [this, keys, reads, memo, context,
                          handler = std::move(handler)](const Result<QList<RedisReply>>& replies) {
            if (!replies) {
                handler(replies.error());
                return;
            }
            const QDateTime now = QDateTime::currentDateTimeUtc();
            QList<CacheEntry> entries;
            entries.reserve(keys.size());
            QList<qsizetype> wrongTyped;
            QList<EntryParser::Value> values; // parsed together, at the places unparsed names
            QList<qsizetype> unparsed;
            // GET and PTTL per key (memo), or STRLEN, GETRANGE and PTTL: a length only when peeking.
            const qsizetype stride = memo == Memo::On ? 2 : 3;
            for (qsizetype i = 0; i < keys.size(); ++i) {
                const qsizetype first = stride * i;
                const RedisReply* length = memo == Memo::On ? nullptr : &replies->at(first);
                const RedisReply& value = replies->at(first + stride - 2);
                const RedisReply& ttl = replies->at(first + stride - 1);
                if (!wellFormed(length, value, ttl)) {
                    handler(Error::redis(
                        QStringLiteral("Redis at %1: a reply of the wrong type or range to %2 %3")
                            .arg(m_redis.server().address(),
                                 QString::fromLatin1(reads.commands.at(first).first()), keys.at(i))));
                    return;
                }
                if ((length && length->errorCode() == "WRONGTYPE") || value.errorCode() == "WRONGTYPE") {
                    wrongTyped.append(entries.size());
                    entries.append(CacheEntry::unreadable(keys.at(i), ttl.integer, {}));
                    continue;
                }
                for (qsizetype j = first; j < first + stride; ++j) {
                    if (replies->at(j).isError())
                        return handler(m_redis.commandError(reads.commands.at(j), replies->at(j)));
                }
                if (value.isNil() || ttl.integer == CacheEntry::kGone)
                    continue;
                if (length && length->integer > CacheEntry::kMaxValueBytes) {
                    entries.append(CacheEntry::tooLarge(keys.at(i), length->integer, ttl.integer));
                    continue;
                }
                if (memo == Memo::On) {
                    entries.append(parseRemembering(keys.at(i), reads, value.string, ttl.integer, now));
                    continue;
                }
                unparsed.append(entries.size());
                values.append({keys.at(i), value.string, ttl.integer});
                entries.append(CacheEntry{}); // filled in once parsed
            }
            if (values.isEmpty())
                return answer(std::move(entries), wrongTyped, context, handler);
            m_parser.parse(std::move(values), now, this,
                           guarded(context, [this, entries = std::move(entries), unparsed, wrongTyped,
                                             context, handler](QList<CacheEntry> parsed) mutable {
                               for (qsizetype i = 0; i < unparsed.size(); ++i)
                                   entries[unparsed.at(i)] = std::move(parsed[i]);
                               answer(std::move(entries), wrongTyped, context, handler);
                           }));
        }));
}

void EntryReader::answer(QList<CacheEntry> entries, const QList<qsizetype>& wrongTyped, QObject* context,
                         Handler handler)
{
    if (wrongTyped.isEmpty())
        handler(entries);
    else
        describeWrongTypes(std::move(entries), wrongTyped, context, std::move(handler));
}

void EntryReader::describeWrongTypes(QList<CacheEntry> entries, const QList<qsizetype>& wrongTyped,
                                     QObject* context, Handler handler)
{
    QList<RedisCommand> commands;
    for (qsizetype index : wrongTyped)
        commands.append({QByteArrayLiteral("TYPE"), Escape::unescape(entries.at(index).key)});
    m_redis.pipeline(commands, this,
                     guarded(context, [entries = std::move(entries), wrongTyped,
                                       handler](const Result<QList<RedisReply>>& types) mutable {
                         if (!types) {
                             handler(types.error());
                             return;
                         }
                         for (qsizetype i = 0; i < wrongTyped.size(); ++i) {
                             const QString type = Escape::bytes(types->at(i).string);
                             entries[wrongTyped.at(i)].reason =
                                 QStringLiteral("the key holds a Redis %1, not a string").arg(type);
                         }
                         handler(entries);
                     }));
}

} // namespace tokencache
