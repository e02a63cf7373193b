#include "core/cache/EntryParser.h"

#include "core/common/Guarded.h"

namespace tokencache {

EntryParser::EntryParser(QObject* parent) : QObject(parent) {}

EntryParser::~EntryParser() = default;

void EntryParser::useOwnThread(qsizetype fromValues)
{
    m_ownThreadFrom = fromValues;
    if (m_thread)
        return;
    m_thread = std::make_unique<WorkerThread>(QStringLiteral("tokencache parse"));
}

QList<CacheEntry> EntryParser::parsed(const QList<Value>& values, const QDateTime& now)
{
    QList<CacheEntry> entries;
    entries.reserve(values.size());
    for (const Value& value : values)
        entries.append(CacheEntry::fromValue(value.key, value.raw, value.ttlMs, now, value.mapping));
    return entries;
}

void EntryParser::parse(QList<Value> values, const QDateTime& now, QObject* context, Done done)
{
    if (!m_thread || values.size() < m_ownThreadFrom) {
        done(parsed(values, now));
        return;
    }
    // The answer reaches done on this thread, and only while the context lives: checked here,
    // where it is deleted.
    m_thread->post(
        [this, values = std::move(values), now, guard = guarded(context, std::move(done))]() mutable {
            m_answers.post([entries = parsed(values, now), guard = std::move(guard)]() mutable {
                guard(std::move(entries));
            });
        });
}

} // namespace tokencache
