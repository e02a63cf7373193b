#include "ui/widgets/TokenTable.h"

#include "ui/model/TokenTableModel.h"
#include "ui/widgets/CachedTextDelegate.h"
#include "ui/widgets/TtlBarDelegate.h"

#include <QHeaderView>

namespace tokencache {

TokenTable::TokenTable(TokenTableModel& model, QWidget* parent) : QTableView(parent), m_model(model)
{
    setObjectName(QStringLiteral("tokenTable"));
    setModel(&model);
    setSortingEnabled(true);
    // Soonest to expire first: what an operator looks for.
    sortByColumn(TokenTableModel::ExpiresIn, Qt::AscendingOrder);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::SingleSelection);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    horizontalHeader()->setHighlightSections(false);
    horizontalHeader()->setStretchLastSection(true);
    setItemDelegate(new CachedTextDelegate(this));
    setItemDelegateForColumn(TokenTableModel::TtlBar, new TtlBarDelegate(this));
    const QList<int> widths{190, 80, 60, 120, 80, 100, 65, 62, 100};
    for (int column = 0; column < widths.size(); ++column)
        setColumnWidth(column, widths.at(column));
    setContextMenuPolicy(Qt::ActionsContextMenu);
}

QString TokenTable::currentKey() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? current.data(TokenTableModel::KeyRole).toString() : QString();
}

QString TokenTable::currentProfileName() const
{
    const QModelIndex current = currentIndex();
    return current.isValid() ? current.data(TokenTableModel::ProfileRole).toString() : QString();
}

QStringList TokenTable::visibleKeys() const
{
    QStringList keys;
    const int first = qMax(0, rowAt(0));
    int last = rowAt(viewport()->height() - 1);
    if (last < 0)
        last = m_model.rowCount() - 1;
    for (int row = first; row <= last && row < m_model.rowCount(); ++row)
        keys.append(m_model.index(row, 0).data(TokenTableModel::KeyRole).toString());
    return keys;
}

} // namespace tokencache
