#include "model/TokenFilterProxy.h"

#include "model/TokenTableModel.h"

TokenFilterProxy::TokenFilterProxy(QObject* parent) : QSortFilterProxyModel(parent) {}

void TokenFilterProxy::setFilterText(const QString& text)
{
    m_filter = EntryFilter(text);
    invalidateFilter();
}

bool TokenFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex&) const
{
    if (m_filter.isEmpty())
        return true;
    return static_cast<const TokenTableModel*>(sourceModel())->matches(sourceRow, m_filter);
}

bool TokenFilterProxy::lessThan(const QModelIndex& left, const QModelIndex& right) const
{
    // Straight to the rows: with 100,000 of them, a QVariant per comparison is what makes sorting slow.
    return static_cast<const TokenTableModel*>(sourceModel())
        ->lessThan(left.row(), right.row(), left.column());
}
