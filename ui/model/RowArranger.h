#pragma once

#include "core/cache/EntryFilter.h"
#include "core/common/ThreadMailbox.h"
#include "ui/model/RowOrder.h"
#include "ui/model/TokenRow.h"

#include <QAtomicInteger>
#include <QList>
#include <QObject>

namespace tokencache {

/**
 * Sorts and filters the table's rows: at once for a small table, on a background thread for a
 * large one, from a snapshot of the rows (an implicitly shared copy, so taking it costs nothing).
 * A newer request supersedes one still running: only the newest arrangement is delivered.
 */
class RowArranger final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(RowArranger)

public:
    struct Request
    {
        QList<TokenRow> rows; ///< the snapshot
        RowIndexes base;      ///< the rows to arrange, in storage indexes; already sorted unless sort
        bool sort = false;
        int column = 0;
        Qt::SortOrder order = Qt::AscendingOrder;
        EntryFilter filter;
        qint64 now = 0; ///< the clock, frozen for live values (time left, status)
    };
    struct Arrangement
    {
        int column = 0;
        Qt::SortOrder order = Qt::AscendingOrder;
        EntryFilter filter;
        RowIndexes sorted; ///< every row of the snapshot, in order
        RowIndexes shown;  ///< those passing the filter, in order
    };

    explicit RowArranger(QObject* parent = nullptr);
    /** Waits for a running arrangement; it is not delivered. */
    ~RowArranger() override;

    /** The arrangement, computed on the calling thread. */
    static Arrangement compute(const Request& request);
    /** Computes on the background thread, then emits arranged() unless a newer request came meanwhile. */
    void arrangeInBackground(Request request);
    /** Drops what is running or queued: arranged() is not emitted for it. */
    void cancel() { m_latest.fetchAndAddRelaxed(1); }

signals:
    void arranged(const RowArranger::Arrangement& arrangement);

private:
    QAtomicInteger<quint64> m_latest = 0;
    ThreadMailbox m_answers; ///< on the caller's thread
    WorkerThread m_thread;   ///< one thread: requests run in order, and a superseded one is skipped
};

} // namespace tokencache
