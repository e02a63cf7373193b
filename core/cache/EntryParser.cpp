#include "core/cache/EntryParser.h"

#include "core/common/Guarded.h"
#include "core/common/ThreadHandoff.h"

namespace tokencache {

EntryParser::EntryParser(QObject* parent) : QObject(parent) {}

EntryParser::~EntryParser()
{
    if (m_thread)
        m_thread->waitForDone();
}

void EntryParser::useOwnThread(qsizetype fromValues)
{
    m_ownThreadFrom = fromValues;
    if (m_thread)
        return;
    m_thread = std::make_unique<QThreadPool>();
    m_thread->setMaxThreadCount(1);
}

QList<CacheEntry> EntryParser::parsed(const QList<Value>& values, const QDateTime& now)
{
    QList<CacheEntry> entries;
    entries.reserve(values.size());
    for (const Value& value : values)
        entries.append(CacheEntry::fromValue(value.key, value.raw, value.ttlMs, now));
    return entries;
}

void EntryParser::parse(QList<Value> values, const QDateTime& now, QObject* context, Done done)
{
    if (!m_thread || values.size() < m_ownThreadFrom) {
        done(parsed(values, now));
        return;
    }
    // The answer is posted to this object, which outlives the task (its destructor waits), and
    // reaches done only while the context lives: checked on this thread, where it is deleted.
    m_thread->start(handedOver(
        [this, values = std::move(values), now, guard = guarded(context, std::move(done))]() mutable {
            QMetaObject::invokeMethod(
                this, handedOver([entries = parsed(values, now), guard = std::move(guard)]() mutable {
                    guard(std::move(entries));
                }),
                Qt::QueuedConnection);
        }));
}

} // namespace tokencache
