#include "cache/EntryFilter.h"

#include <array>

namespace {
const QStringList kFields{QStringLiteral("key"), QStringLiteral("profile"), QStringLiteral("type"),
                          QStringLiteral("scope"), QStringLiteral("status")};
} // namespace

EntryFilter::EntryFilter(const QString& text)
{
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype colon = word.indexOf(QLatin1Char(':'));
        const int field = colon > 0 ? int(kFields.indexOf(word.left(colon).toLower())) : -1;
        if (field >= 0 && colon + 1 < word.size())
            m_terms.append({field, QStringMatcher(fold(word.mid(colon + 1)))});
        else
            m_terms.append({-1, QStringMatcher(fold(word))});
    }
}

bool EntryFilter::matches(QStringView key, QStringView profile, QStringView tokenType, QStringView scope,
                          QStringView status) const
{
    const std::array<QStringView, 5> values{key, profile, tokenType, scope, status};
    for (const Term& term : m_terms) {
        bool found = false;
        for (int i = 0; i < int(values.size()) && !found; ++i) {
            if (term.field < 0 || term.field == i)
                found = term.text.indexIn(values[size_t(i)]) >= 0;
        }
        if (!found)
            return false;
    }
    return true;
}
