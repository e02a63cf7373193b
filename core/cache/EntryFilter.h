#pragma once

#include <QList>
#include <QString>
#include <QStringMatcher>
#include <QStringView>

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
    /** Whether the fields, each passed through fold() beforehand, match every term. */
    bool matches(QStringView key, QStringView profile, QStringView tokenType, QStringView scope,
                 QStringView status) const;
    /** Case-folds a field once, so that matching a table of rows per keystroke is a plain search;
     *  an already folded text comes back shared, without a copy. */
    static QString fold(const QString& text) { return text.toCaseFolded(); }

private:
    struct Term
    {
        int field;           ///< index into the fields, or -1 for any field
        QStringMatcher text; ///< folded; built once per term, used for every row
    };
    QList<Term> m_terms;
};
