#include "core/cache/EntryFilter.h"

#include "core/cache/CacheEntry.h"

#include <array>

namespace tokencache {

namespace {

const QStringList kFields{QStringLiteral("key"),   QStringLiteral("profile"), QStringLiteral("type"),
                          QStringLiteral("scope"), QStringLiteral("status"),  QStringLiteral("problem")};
constexpr int kStatusField = 4;
constexpr int kProblemField = 5; ///< matched against the problem set, not against text
const QString kAnyProblem = QStringLiteral("any");

/** A status as a filter term writes it: one word ("stale lock" is "stale-lock"). */
QString statusWord(const QString& name)
{
    return QString(name).replace(QLatin1Char(' '), QLatin1Char('-'));
}

/** A status term as the status is named, so rows are compared without a copy per row. */
QString statusName(const QString& word)
{
    return QString(word).replace(QLatin1Char('-'), QLatin1Char(' '));
}

} // namespace

QStringList EntryFilter::statusNames()
{
    using Status = CacheEntry::Status;
    QStringList names;
    for (Status status : {Status::Valid, Status::Expiring, Status::Expired, Status::Unreadable,
                          Status::Locked, Status::StaleLock})
        names.append(statusWord(CacheEntry::statusName(status)));
    return names;
}

QStringList EntryFilter::problemNames()
{
    QStringList names;
    for (CacheProblem::Kind kind : CacheProblem::kinds())
        names.append(CacheProblem::kindName(kind));
    names.append(kAnyProblem);
    return names;
}

EntryFilter::ProblemSet EntryFilter::problemSet(const QList<CacheProblem>& problems)
{
    ProblemSet set = 0;
    for (const CacheProblem& problem : problems)
        set |= problemBit(problem.kind);
    return set;
}

EntryFilter::EntryFilter(const QString& text)
{
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype colon = word.indexOf(QLatin1Char(':'));
        const int field = colon > 0 ? int(kFields.indexOf(word.left(colon).toLower())) : -1;
        if (field < 0 || colon + 1 >= word.size()) {
            m_terms.append({-1, QStringMatcher(fold(word))});
            continue;
        }
        const QString value = fold(word.mid(colon + 1));
        if (field == kProblemField) {
            // An unknown kind matches nothing, as an unknown status does.
            ProblemSet problems = 0;
            for (CacheProblem::Kind kind : CacheProblem::kinds()) {
                if (value == kAnyProblem || value == CacheProblem::kindName(kind))
                    problems |= problemBit(kind);
            }
            if (!problems && m_unknownProblem.isEmpty())
                m_unknownProblem = word.mid(colon + 1);
            m_terms.append({field, QStringMatcher(), false, problems});
            m_hasProblemTerm = true;
            continue;
        }
        const bool whole = field == kStatusField;
        if (whole && !statusNames().contains(value) && m_unknownStatus.isEmpty())
            m_unknownStatus = word.mid(colon + 1);
        m_terms.append({field, QStringMatcher(whole ? statusName(value) : value), whole});
    }
}

Result<EntryFilter> EntryFilter::parse(const QString& text)
{
    EntryFilter filter(text);
    if (!filter.m_unknownStatus.isEmpty())
        return Error::usage(QStringLiteral("filter: unknown status \"%1\"; expected one of: %2")
                                .arg(filter.m_unknownStatus, statusNames().join(QStringLiteral(", "))));
    if (!filter.m_unknownProblem.isEmpty())
        return Error::usage(QStringLiteral("filter: unknown problem \"%1\"; expected one of: %2")
                                .arg(filter.m_unknownProblem, problemNames().join(QStringLiteral(", "))));
    return filter;
}

bool EntryFilter::matches(QStringView key, QStringView profile, QStringView tokenType, QStringView scope,
                          QStringView status, ProblemSet problems) const
{
    const std::array<QStringView, 5> values{key, profile, tokenType, scope, status};
    for (const Term& term : m_terms) {
        if (term.field == kProblemField) {
            if (!(problems & term.problems))
                return false;
            continue;
        }
        bool found = false;
        for (int i = 0; i < int(values.size()) && !found; ++i) {
            if (term.field >= 0 && term.field != i)
                continue;
            const QStringView value = values[size_t(i)];
            found = term.whole ? value == term.text.pattern() : term.text.indexIn(value) >= 0;
        }
        if (!found)
            return false;
    }
    return true;
}

bool EntryFilter::matches(const CacheEntry& entry, const ProviderProfile* owner) const
{
    if (m_terms.isEmpty())
        return true;
    const QString type = entry.token ? entry.token->tokenType : QString();
    const QString scope = entry.token ? entry.token->scope : QString();
    const ProblemSet problems = m_hasProblemTerm ? problemSet(CacheProblem::of(entry, owner)) : 0;
    return matches(fold(entry.key), fold(entry.profile), fold(type), fold(scope),
                   CacheEntry::statusName(entry.status), problems);
}

} // namespace tokencache
