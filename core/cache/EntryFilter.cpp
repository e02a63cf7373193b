#include "cache/EntryFilter.h"

namespace {
const QStringList kFields{QStringLiteral("key"), QStringLiteral("profile"), QStringLiteral("type"),
                          QStringLiteral("scope"), QStringLiteral("status")};
} // namespace

EntryFilter::EntryFilter(const QString& text)
{
    for (const QString& word : text.split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
        const qsizetype colon = word.indexOf(QLatin1Char(':'));
        const QString field = colon > 0 ? word.left(colon).toLower() : QString();
        if (kFields.contains(field) && colon + 1 < word.size())
            m_terms.append({field, word.mid(colon + 1)});
        else
            m_terms.append({{}, word});
    }
}

bool EntryFilter::matches(const QString& key, const QString& profile, const QString& tokenType,
                          const QString& scope, const QString& status) const
{
    const QString values[] = {key, profile, tokenType, scope, status};
    for (const Term& term : m_terms) {
        bool found = false;
        for (qsizetype i = 0; i < kFields.size() && !found; ++i) {
            if (term.field.isEmpty() || term.field == kFields.at(i))
                found = values[i].contains(term.text, Qt::CaseInsensitive);
        }
        if (!found)
            return false;
    }
    return true;
}
