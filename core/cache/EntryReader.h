#pragma once

#include "core/cache/CacheEntry.h"
#include "core/cache/EntryParser.h"
#include "core/common/Result.h"
#include "core/redis/RespCodec.h"

#include <QCache>
#include <QHash>
#include <QObject>
#include <QStringList>

#include <functional>

namespace tokencache {

class RedisClient;

/**
 * Reads many keys in one round trip (two commands pipelined per key: the value, at most a little
 * more than CacheEntry::kMaxValueBytes of it, and the TTL) and parses each into a CacheEntry. Keys
 * that hold another Redis type or too large a value cost a second round trip, for TYPE or STRLEN,
 * so the entry can say what they hold.
 */
class EntryReader final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryReader)

public:
    /** The entries of the keys that exist, in the order asked. */
    using Handler = std::function<void(const Result<QList<CacheEntry>>&)>;
    /** Where a key's value holds its fields, for keys whose owning profile maps its response;
     *  other keys are read with RFC 6749's fields. */
    using Mappings = QHash<QString, ResponseMapping>;

    /** Values are parsed by @p parser (on its own thread, if it has one). */
    EntryReader(RedisClient& redis, EntryParser& parser, QObject* parent = nullptr);

    void read(const QStringList& keys, const Mappings& mappings, QObject* context, Handler handler);
    /**
     * Reads one key, the same way, for the hot path of a cache hit: the key's GET and PTTL are
     * encoded once, and a token read again unchanged is not parsed again.
     */
    void readKey(const QString& key, const ResponseMapping& mapping, QObject* context, Handler handler);

private:
    /** Whether a read remembers the key's commands and parsed token for the next read. */
    enum class Memo
    {
        Off,
        On
    };
    struct RememberedKey
    {
        EncodedPipeline reads;
        CacheEntry lastToken;    ///< the last token entry read from the key, if it held one
        ResponseMapping mapping; ///< the mapping lastToken was parsed with
    };

    void send(const QStringList& keys, const EncodedPipeline& reads, const Mappings& mappings, Memo memo,
              QObject* context, Handler handler);
    CacheEntry parseRemembering(const QString& key, const EncodedPipeline& reads, const QByteArray& raw,
                                qint64 ttlMs, const QDateTime& now, const ResponseMapping& mapping);
    /** Entries that need one more command each before they can be shown (indexes into the entries). */
    struct Unfinished
    {
        QList<qsizetype> wrongTyped; ///< TYPE: what the key holds instead of a string
        QList<qsizetype> tooLarge;   ///< STRLEN: how large the value is
    };
    Error wrongReply(const RedisCommand& command) const;
    /** Hands the entries to @p handler, once the unfinished ones are described. */
    void answer(QList<CacheEntry> entries, const Unfinished& unfinished, QObject* context, Handler handler);
    void describe(QList<CacheEntry> entries, const Unfinished& unfinished, QObject* context, Handler handler);

    RedisClient& m_redis;
    EntryParser& m_parser;
    QCache<QString, RememberedKey> m_remembered; ///< keys read with readKey(), bounded by their bytes
};

} // namespace tokencache
