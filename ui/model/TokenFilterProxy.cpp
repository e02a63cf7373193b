#include "model/TokenFilterProxy.h"

#include "model/TokenTableModel.h"

TokenFilterProxy::TokenFilterProxy(QObject* parent) : QSortFilterProxyModel(parent)
{
    setSortRole(TokenTableModel::SortRole);
}

void TokenFilterProxy::setFilterText(const QString& text)
{
    m_filter = EntryFilter(text);
    invalidateFilter();
}

bool TokenFilterProxy::filterAcceptsRow(int sourceRow, const QModelIndex& sourceParent) const
{
    if (m_filter.isEmpty())
        return true;
    const QAbstractItemModel* model = sourceModel();
    const auto text = [&](int column) {
        return model->index(sourceRow, column, sourceParent).data(Qt::DisplayRole).toString();
    };
    return m_filter.matches(text(TokenTableModel::Key), text(TokenTableModel::Profile),
                            text(TokenTableModel::Type), text(TokenTableModel::Scopes),
                            text(TokenTableModel::Status));
}
