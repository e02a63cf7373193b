#pragma once

#include "cache/CacheEntry.h"

#include <QString>
#include <QStringList>

/**
 * The search rules of the token table: whitespace-separated terms that must all match,
 * case-insensitively, as substrings of key, profile, token type, scope or status; a term
 * `field:text` (key, profile, type, scope, status) looks in that field only.
 */
class EntryFilter
{
public:
    EntryFilter() = default;
    explicit EntryFilter(const QString& text);

    bool isEmpty() const { return m_terms.isEmpty(); }
    bool matches(const QString& key, const QString& profile, const QString& tokenType, const QString& scope,
                 const QString& status) const;

private:
    struct Term
    {
        QString field; ///< empty: any field
        QString text;
    };
    QList<Term> m_terms;
};
