#pragma once

#include "core/cache/CacheEntry.h"

#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QTextStream>

namespace tokencache {

/** Headless output of cache entries, as text for people and JSON for scripts. */
class EntryPrinter
{
public:
    enum class Token
    {
        Omitted,
        Masked,
        Revealed
    };

    static QJsonObject toJson(const CacheEntry& entry, Token token);
    /** The decoded JWT and the response itself, for `show`. */
    static QJsonObject toDetailedJson(const CacheEntry& entry, Token token);

    /** Table rows are kept as text, not entries: a large listing then stays small in memory. */
    /** The status as tables show it, with why (an unreadable value's reason, a lock's holder), escaped. */
    static QString statusText(const CacheEntry& entry);
    /** The time left as tables show it: "no TTL", or rounded up ("1s" until the last millisecond). */
    static QString ttlText(const CacheEntry& entry);
    /** Adds `key_base64`, the exact bytes, when escaped @p key names bytes that are not UTF-8. */
    static void addKeyBytes(QJsonObject& json, const QString& key);
    static QStringList tableHeader();
    static QStringList tableRow(const CacheEntry& entry);
    /** Prints @p rows (the header first) in aligned columns. */
    static void printTable(QTextStream& out, const QList<QStringList>& rows);
    static void printDetails(QTextStream& out, const CacheEntry& entry, Token token);
};

} // namespace tokencache
