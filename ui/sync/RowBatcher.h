#pragma once

#include "ui/model/TokenRow.h"

#include <QDeadlineTimer>
#include <QList>

#include <functional>

namespace tokencache {

/**
 * Groups a pass's rows for the window, on the session's thread: the first rows at once, then
 * groups large enough that merging each into the table stays cheap, every group sorted in the
 * table's order, so the window only merges. A sort changed meanwhile is caught by the model,
 * which checks the order of what arrives before it trusts it.
 */
class RowBatcher
{
public:
    struct Order
    {
        int column = 0;
        Qt::SortOrder order = Qt::AscendingOrder;
    };
    using Deliver = std::function<void(const QList<TokenRow>&)>;

    /** @p knownRows: how many rows the table has now (a later pass updates them). */
    RowBatcher(Order order, qsizetype knownRows, Deliver deliver);

    /** Takes a scan batch; hands a group over when it is large enough or old enough. */
    void add(const QList<TokenRow>& rows);
    /** Hands over what is left: the pass ended. */
    void finish();

    /**
     * A group is at least this many rows, or a quarter of the table (each one merges into every
     * row, so a growing table takes fewer, larger ones)...
     */
    static constexpr int kMinGroup = 1000;
    static constexpr int kMaxWaitMs = 100; ///< ...or whatever arrived within this time

private:
    void handOver();

    Order m_order;
    qsizetype m_knownRows;
    qsizetype m_handedOver = 0;
    Deliver m_deliver;
    QList<TokenRow> m_buffered;
    QDeadlineTimer m_due;
};

} // namespace tokencache
