#include "core/cache/EntryFilter.h"

#include "core/cache/CacheEntry.h"

#include <array>

namespace tokencache {

namespace {

const QStringList kFields{QStringLiteral("key"), QStringLiteral("profile"), QStringLiteral("type"),
                          QStringLiteral("scope"), QStringLiteral("status")};
constexpr int kStatusField = 4;

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
    return filter;
}

bool EntryFilter::matches(QStringView key, QStringView profile, QStringView tokenType, QStringView scope,
                          QStringView status) const
{
    const std::array<QStringView, 5> values{key, profile, tokenType, scope, status};
    for (const Term& term : m_terms) {
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

bool EntryFilter::matches(const CacheEntry& entry) const
{
    if (m_terms.isEmpty())
        return true;
    const QString type = entry.token ? entry.token->tokenType : QString();
    const QString scope = entry.token ? entry.token->scope : QString();
    return matches(fold(entry.key), fold(entry.profile), fold(type), fold(scope),
                   CacheEntry::statusName(entry.status));
}

} // namespace tokencache
