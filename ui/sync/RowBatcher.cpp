#include "ui/sync/RowBatcher.h"

#include "ui/model/RowOrder.h"

#include <QDateTime>

namespace tokencache {

RowBatcher::RowBatcher(Order order, qsizetype knownRows, Deliver deliver)
    : m_order(order), m_knownRows(knownRows), m_deliver(std::move(deliver))
{}

void RowBatcher::add(const QList<TokenRow>& rows)
{
    m_buffered += rows;
    const qsizetype enough = qMax(qsizetype(kMinGroup), qMax(m_knownRows, m_handedOver) / 4);
    if (m_handedOver == 0 || m_buffered.size() >= enough || m_due.hasExpired())
        handOver();
}

void RowBatcher::finish()
{
    if (!m_buffered.isEmpty())
        handOver();
}

void RowBatcher::handOver()
{
    m_due.setRemainingTime(kMaxWaitMs);
    if (m_buffered.isEmpty())
        return;
    // Live values (time left, status) are compared as of now; the model stamps its own clock.
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    for (TokenRow& row : m_buffered)
        row.syncedAtMs = now;
    const RowOrder less(m_buffered, m_order.column, m_order.order, now);
    RowIndexes order(size_t(m_buffered.size()));
    less.sort(order); // sorting every row fills the indexes itself
    QList<TokenRow> sorted;
    sorted.reserve(m_buffered.size());
    for (int row : order)
        sorted.append(std::move(m_buffered[row]));
    m_handedOver += sorted.size();
    m_buffered.clear();
    m_deliver(sorted);
}

} // namespace tokencache
