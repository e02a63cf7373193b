#pragma once

#include "core/cache/CacheEntry.h"
#include "core/common/ThreadMailbox.h"

#include <QDateTime>
#include <QList>
#include <QObject>

#include <functional>
#include <memory>

namespace tokencache {

/**
 * Turns values read from Redis into entries (CacheEntry::fromValue: JSON, JWT, status). On the
 * calling thread by default; with a thread of its own, a large batch parses there while the
 * calling thread goes on reading the next page from Redis. That thread is a background one
 * (WorkerThread). Batches parsed there are answered in the order
 * given; a small one, parsed at once, may overtake them.
 */
class EntryParser final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EntryParser)

public:
    struct Value
    {
        QString key;
        QByteArray raw;
        qint64 ttlMs = 0;
        ResponseMapping mapping; ///< where the owning profile's responses hold their fields
    };
    using Done = std::function<void(QList<CacheEntry>)>;

    explicit EntryParser(QObject* parent = nullptr);
    /** Waits for a batch being parsed; its answer is dropped. */
    ~EntryParser() override;

    /** Batches of at least @p fromValues values parse on a thread of their own from now on. */
    void useOwnThread(qsizetype fromValues = kOwnThreadFrom);
    static constexpr qsizetype kOwnThreadFrom = 32; ///< below, the hand-over costs more than it saves

    /** The entries of @p values, in their order, reach @p done on the calling thread while @p context lives.
     */
    void parse(QList<Value> values, const QDateTime& now, QObject* context, Done done);

private:
    static QList<CacheEntry> parsed(const QList<Value>& values, const QDateTime& now);

    ThreadMailbox m_answers;                ///< on the calling thread
    std::unique_ptr<WorkerThread> m_thread; ///< one thread, so batches finish in order
    qsizetype m_ownThreadFrom = kOwnThreadFrom;
};

} // namespace tokencache
