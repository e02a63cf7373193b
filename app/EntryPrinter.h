#pragma once

#include "cache/CacheEntry.h"

#include <QJsonObject>
#include <QList>
#include <QTextStream>

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

    static void printTable(QTextStream& out, const QList<CacheEntry>& entries);
    static void printDetails(QTextStream& out, const CacheEntry& entry, Token token);
};
