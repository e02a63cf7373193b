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

// Many keys: at most one byte more than kMaxValueBytes of the value, and the TTL, so a keyspace of
// huge values costs a listing no more than that per key. The length of a value found too large is
// asked for afterwards (rare), not for every key.
QList<RedisCommand> peekCommands(const QStringList& keys)
{
    static const QByteArray lastByte = QByteArray::number(CacheEntry::kMaxValueBytes);
    QList<RedisCommand> commands;
    commands.reserve(keys.size() * 2);
    for (const QString& key : keys) {
        const QByteArray name = Escape::unescape(key);
        commands.append({QByteArrayLiteral("GETRANGE"), name, "0", lastByte});
        commands.append({QByteArrayLiteral("PTTL"), name});
    }
    return commands;
}

// Replies as Redis gives them: the value a string (nil only for GET), the PTTL -2, -1 or the
// milliseconds left. Error replies are well formed: they are reported as such.
bool wellFormed(const RedisReply& value, const RedisReply& ttl, bool nilAllowed)
{
    using Type = RedisReply::Type;
    const bool valueOk = value.isError() || value.type == Type::String || (nilAllowed && value.isNil());
    const bool ttlOk = ttl.isError() || (ttl.type == Type::Integer && ttl.integer >= CacheEntry::kGone);
    return valueOk && ttlOk;
}

} // namespace

EntryReader::EntryReader(RedisClient& redis, EntryParser& parser, QObject* parent)
    : QObject(parent), m_redis(redis), m_parser(parser), m_remembered(kRememberedBytes)
{}

void EntryReader::read(const QStringList& keys, const Mappings& mappings, QObject* context, Handler handler)
{
    send(keys, EncodedPipeline(peekCommands(keys)), mappings, Memo::Off, context, std::move(handler));
}

void EntryReader::readKey(const QString& key, const ResponseMapping& mapping, QObject* context,
                          Handler handler)
{
    const RememberedKey* remembered = m_remembered.object(key);
    const EncodedPipeline reads = remembered ? remembered->reads : EncodedPipeline(getCommands(key));
    send({key}, reads, mapping.isStandard() ? Mappings{} : Mappings{{key, mapping}}, Memo::On, context,
         std::move(handler));
}

CacheEntry EntryReader::parseRemembering(const QString& key, const EncodedPipeline& reads,
                                         const QByteArray& raw, qint64 ttlMs, const QDateTime& now,
                                         const ResponseMapping& mapping)
{
    const RememberedKey* remembered = m_remembered.object(key);
    if (remembered && remembered->lastToken.token && remembered->lastToken.raw == raw &&
        remembered->mapping == mapping)
        return remembered->lastToken.withTtl(ttlMs, now);
    CacheEntry entry = CacheEntry::fromValue(key, raw, ttlMs, now, mapping);
    const bool isToken = entry.token.has_value();
    m_remembered.insert(key, new RememberedKey{reads, isToken ? entry : CacheEntry{}, mapping},
                        key.size() * 2 + (isToken ? raw.size() : 0));
    return entry;
}

void EntryReader::send(const QStringList& keys, const EncodedPipeline& reads, const Mappings& mappings,
                       Memo memo, QObject* context, Handler handler)
{
    m_redis.pipeline(
        reads, this,
        guarded(context, [this, keys, reads, mappings, memo, context,
                          handler = std::move(handler)](const Result<QList<RedisReply>>& replies) {
            if (!replies) {
                handler(replies.error());
                return;
            }
            const QDateTime now = QDateTime::currentDateTimeUtc();
            QList<CacheEntry> entries;
            entries.reserve(keys.size());
            Unfinished unfinished;
            QList<EntryParser::Value> values; // parsed together, at the places unparsed names
            QList<qsizetype> unparsed;
            for (qsizetype i = 0; i < keys.size(); ++i) {
                const RedisReply& value = replies->at(2 * i);
                const RedisReply& ttl = replies->at(2 * i + 1);
                if (!wellFormed(value, ttl, memo == Memo::On))
                    return handler(wrongReply(reads.commands.at(2 * i)));
                if (value.errorCode() == "WRONGTYPE") {
                    unfinished.wrongTyped.append(entries.size());
                    entries.append(CacheEntry::unreadable(keys.at(i), ttl.integer, {}));
                    continue;
                }
                for (qsizetype j = 2 * i; j < 2 * i + 2; ++j) {
                    if (replies->at(j).isError())
                        return handler(m_redis.commandError(reads.commands.at(j), replies->at(j)));
                }
                if (value.isNil() || ttl.integer == CacheEntry::kGone)
                    continue;
                if (memo == Memo::On) {
                    entries.append(parseRemembering(keys.at(i), reads, value.string, ttl.integer, now,
                                                    mappings.value(keys.at(i))));
                    continue;
                }
                if (value.string.size() > CacheEntry::kMaxValueBytes) {
                    unfinished.tooLarge.append(entries.size());
                    entries.append(CacheEntry::tooLarge(keys.at(i), value.string.size(), ttl.integer));
                    continue;
                }
                unparsed.append(entries.size());
                values.append({keys.at(i), value.string, ttl.integer, mappings.value(keys.at(i))});
                entries.append(CacheEntry{}); // filled in once parsed
            }
            if (values.isEmpty())
                return answer(std::move(entries), unfinished, context, handler);
            m_parser.parse(std::move(values), now, this,
                           guarded(context, [this, entries = std::move(entries), unparsed, unfinished,
                                             context, handler](QList<CacheEntry> parsed) mutable {
                               for (qsizetype i = 0; i < unparsed.size(); ++i)
                                   entries[unparsed.at(i)] = std::move(parsed[i]);
                               answer(std::move(entries), unfinished, context, handler);
                           }));
        }));
}

Error EntryReader::wrongReply(const RedisCommand& command) const
{
    return Error::redis(QStringLiteral("Redis at %1: a reply of the wrong type or range to %2 %3")
                            .arg(m_redis.server().address(), QString::fromLatin1(command.at(0)),
                                 Escape::bytes(command.at(1))));
}

void EntryReader::answer(QList<CacheEntry> entries, const Unfinished& unfinished, QObject* context,
                         Handler handler)
{
    if (unfinished.wrongTyped.isEmpty() && unfinished.tooLarge.isEmpty())
        handler(entries);
    else
        describe(std::move(entries), unfinished, context, std::move(handler));
}

void EntryReader::describe(QList<CacheEntry> entries, const Unfinished& unfinished, QObject* context,
                           Handler handler)
{
    QList<RedisCommand> commands;
    for (qsizetype index : unfinished.wrongTyped)
        commands.append({QByteArrayLiteral("TYPE"), Escape::unescape(entries.at(index).key)});
    for (qsizetype index : unfinished.tooLarge)
        commands.append({QByteArrayLiteral("STRLEN"), Escape::unescape(entries.at(index).key)});
    m_redis.pipeline(
        commands, this,
        guarded(context, [this, commands, entries = std::move(entries), unfinished,
                          handler](const Result<QList<RedisReply>>& replies) mutable {
            if (!replies) {
                handler(replies.error());
                return;
            }
            using Type = RedisReply::Type;
            const qsizetype typed = unfinished.wrongTyped.size();
            if (replies->size() != commands.size())
                return handler(wrongReply(commands.first()));
            for (qsizetype i = 0; i < replies->size(); ++i) {
                const RedisReply& reply = replies->at(i);
                CacheEntry& entry =
                    entries[i < typed ? unfinished.wrongTyped.at(i) : unfinished.tooLarge.at(i - typed)];
                // A key that changed in between, or a user without +type/+strlen: that entry says so,
                // the listing goes on.
                if (reply.isError()) {
                    entry.reason =
                        QStringLiteral("%1 (%2 refused: %3)")
                            .arg(entry.reason.isEmpty() ? QStringLiteral("not a string") : entry.reason,
                                 QString::fromLatin1(commands.at(i).first()), Escape::bytes(reply.string));
                    continue;
                }
                const bool ok = i < typed ? reply.type == Type::Status || reply.type == Type::String
                                          : reply.type == Type::Integer && reply.integer >= 0;
                if (!ok)
                    return handler(wrongReply(commands.at(i)));
                if (i < typed) {
                    entry.reason = QStringLiteral("the key holds a Redis %1, not a string")
                                       .arg(Escape::bytes(reply.string));
                } else if (reply.integer > CacheEntry::kMaxValueBytes) {
                    entry = CacheEntry::tooLarge(entry.key, reply.integer, entry.ttlMs);
                } // else rewritten smaller since the peek: the peek's size stands until the next pass
            }
            handler(entries);
        }));
}

} // namespace tokencache
