#pragma once

#include "core/cache/CacheProblems.h"
#include "core/common/Result.h"

#include <QList>
#include <QString>
#include <QStringMatcher>
#include <QStringView>

namespace tokencache {

/**
 * The search rules of the token table and of `list --filter`: whitespace-separated terms that
 * must all match, case-insensitively, as substrings of key, profile, token type, scope or status;
 * a term `field:text` (key, profile, type, scope, status) looks in that field only. A `status:`
 * term names a whole status (`status:expiring` never matches `expired`; `status:stale-lock`), a
 * `problem:` term a CacheProblem kind (`problem:no-ttl`) or `problem:any`.
 */
class EntryFilter
{
public:
    EntryFilter() = default;
    /** As the search field takes it while typing: an unknown status matches nothing. */
    explicit EntryFilter(const QString& text);
    /** As the command line takes it: an unknown status or problem is an error naming the valid ones. */
    static Result<EntryFilter> parse(const QString& text);

    /** Which CacheProblem kinds an entry has, one bit per kind. */
    using ProblemSet = quint8;
    static ProblemSet problemBit(CacheProblem::Kind kind) { return ProblemSet(1U << int(kind)); }
    static ProblemSet problemSet(const QList<CacheProblem>& problems);

    bool isEmpty() const { return m_terms.isEmpty(); }
    /** Whether the fields, each passed through fold() beforehand, and @p problems match every term. */
    bool matches(QStringView key, QStringView profile, QStringView tokenType, QStringView scope,
                 QStringView status, ProblemSet problems = 0) const;
    /** @p owner (may be null) gives the margin CacheProblem::of needs; a single read sees no rewrite storm.
     */
    bool matches(const CacheEntry& entry, const ProviderProfile* owner = nullptr) const;
    /** Case-folds a field once, so that matching a table of rows per keystroke is a plain search;
     *  an already folded text comes back shared, without a copy. */
    static QString fold(const QString& text) { return text.toCaseFolded(); }
    /** The values a `status:` term may name. */
    static QStringList statusNames();
    /** The values a `problem:` term may name: each kind's name, and any. */
    static QStringList problemNames();

private:
    struct Term
    {
        int field;               ///< index into the fields, or -1 for any field
        QStringMatcher text;     ///< folded; built once per term, used for every row
        bool whole = false;      ///< the field must equal the text (status)
        ProblemSet problems = 0; ///< a problem term: any of these kinds matches
    };
    QString m_unknownStatus;  ///< the first status term that names no status
    QString m_unknownProblem; ///< the first problem term that names no kind
    bool m_hasProblemTerm = false;
    QList<Term> m_terms;
};

} // namespace tokencache
