#include "ui/widgets/TokenTable.h"

#include "ui/model/TokenTableModel.h"
#include "ui/widgets/CachedTextDelegate.h"
#include "ui/widgets/TtlBarDelegate.h"

#include <QAction>
#include <QHeaderView>
#include <QScrollBar>

#include <algorithm>
#include <utility>

namespace tokencache {

namespace {
constexpr int kCellPadding = 20; ///< the style's margins on both sides of a cell's text, with room to spare
}

TokenTable::TokenTable(TokenTableModel& model, QWidget* parent) : QTableView(parent), m_model(model)
{
    setObjectName(QStringLiteral("tokenTable"));
    setModel(&model);
    setSortingEnabled(true);
    // Soonest to expire first: what an operator looks for.
    sortByColumn(TokenTableModel::ExpiresIn, Qt::AscendingOrder);
    setSelectionBehavior(QAbstractItemView::SelectRows);
    setSelectionMode(QAbstractItemView::ExtendedSelection);
    setAlternatingRowColors(true);
    setShowGrid(false);
    setWordWrap(false);
    verticalHeader()->hide();
    verticalHeader()->setDefaultSectionSize(fontMetrics().height() + 10);
    horizontalHeader()->setHighlightSections(false);
    // The key takes what the other columns leave, so every column shows at the default size.
    horizontalHeader()->setStretchLastSection(false);
    horizontalHeader()->setSectionResizeMode(TokenTableModel::Key, QHeaderView::Stretch);
    horizontalHeader()->setMinimumSectionSize(40);
    setItemDelegate(new CachedTextDelegate(this));
    setItemDelegateForColumn(TokenTableModel::Key, new CachedTextDelegate(this, Qt::ElideMiddle));
    setItemDelegateForColumn(TokenTableModel::TtlBar, new TtlBarDelegate(this));
    const QList<int> widths{190, 80, 60, 110, 80, 80, 65, 60, 90, 190};
    for (int column = 0; column < widths.size(); ++column)
        setColumnWidth(column, widths.at(column));
    // Durations fit their widest value, in this font, and their header.
    const QFontMetrics metrics(font());
    const QFontMetrics headerMetrics(horizontalHeader()->font());
    for (const int column : {int(TokenTableModel::ExpiresIn), int(TokenTableModel::Age)}) {
        const QString header = model.headerData(column, Qt::Horizontal).toString();
        setColumnWidth(column, qMax(metrics.horizontalAdvance(QStringLiteral("23h 59m 59s")),
                                    headerMetrics.horizontalAdvance(header) + 16) +
                                   kCellPadding);
    }
    setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(horizontalHeader(), &QHeaderView::sectionResized, this, [this](int column) {
        if (column != TokenTableModel::Key)
            keepKeyReadable();
    });
    // Columns a user may want now and then: hidden by default, shown from the header's menu.
    setColumnHidden(TokenTableModel::Fingerprint, true);
    horizontalHeader()->setContextMenuPolicy(Qt::ActionsContextMenu);
    for (int column = 0; column < TokenTableModel::ColumnCount; ++column) {
        if (column == TokenTableModel::Key)
            continue; // what every row is: never hidden
        auto* toggle = new QAction(model.headerData(column, Qt::Horizontal).toString(), horizontalHeader());
        toggle->setObjectName(QStringLiteral("showColumn%1").arg(column));
        toggle->setCheckable(true);
        connect(toggle, &QAction::toggled, this,
                [this, column](bool shown) { setColumnHidden(column, !shown); });
        horizontalHeader()->addAction(toggle);
    }
    syncColumnToggles();

    connect(&model, &QAbstractItemModel::layoutAboutToBeChanged, this, &TokenTable::rememberTopRow);
    connect(&model, &QAbstractItemModel::layoutChanged, this, &TokenTable::restoreTopRow);
    connect(&model, &QAbstractItemModel::rowsAboutToBeInserted, this, &TokenTable::rememberTopRow);
    connect(&model, &QAbstractItemModel::rowsInserted, this, &TokenTable::restoreTopRow);
    connect(&model, &QAbstractItemModel::rowsAboutToBeRemoved, this, &TokenTable::rememberTopRow);
    connect(&model, &QAbstractItemModel::rowsRemoved, this, &TokenTable::restoreTopRow);
}

void TokenTable::resizeEvent(QResizeEvent* event)
{
    QTableView::resizeEvent(event);
    keepKeyReadable();
}

void TokenTable::keepKeyReadable()
{
    int others = 0;
    for (int column = 0; column < TokenTableModel::ColumnCount; ++column) {
        if (column != TokenTableModel::Key && !isColumnHidden(column))
            others += columnWidth(column);
    }
    // A narrow window: the key keeps a readable width and the table scrolls sideways instead.
    QHeaderView* header = horizontalHeader();
    if (viewport()->width() - others >= kMinKeyWidth) {
        header->setSectionResizeMode(TokenTableModel::Key, QHeaderView::Stretch);
    } else if (header->sectionResizeMode(TokenTableModel::Key) == QHeaderView::Stretch) {
        header->setSectionResizeMode(TokenTableModel::Key, QHeaderView::Interactive);
        header->resizeSection(TokenTableModel::Key, kMinKeyWidth);
    }
}

void TokenTable::syncColumnToggles()
{
    for (QAction* toggle : horizontalHeader()->actions()) {
        const int column = toggle->objectName().mid(int(qstrlen("showColumn"))).toInt();
        const QSignalBlocker quiet(toggle);
        toggle->setChecked(!isColumnHidden(column));
    }
}

void TokenTable::rememberTopRow()
{
    const int top = rowAt(0);
    m_topKey = top > 0 ? m_model.index(top, 0).data(TokenTableModel::KeyRole).toString() : QString();
}

void TokenTable::restoreTopRow()
{
    if (m_topKey.isEmpty())
        return;
    const QModelIndex top = m_model.indexForKey(std::exchange(m_topKey, QString()));
    if (top.isValid()) {
        executeDelayedItemsLayout(); // the scroll range must already count the rows that arrived
        scrollTo(top, QAbstractItemView::PositionAtTop);
    }
}

QModelIndexList TokenTable::selectedKeyIndexes() const
{
    QModelIndexList rows = selectionModel()->selectedRows();
    std::sort(rows.begin(), rows.end());
    return rows;
}

QStringList TokenTable::selectedKeys() const
{
    QStringList keys;
    for (const QModelIndex& row : selectedKeyIndexes())
        keys.append(row.data(TokenTableModel::KeyRole).toString());
    return keys;
}

QString TokenTable::selectedKey() const
{
    const QModelIndexList rows = selectionModel()->selectedRows();
    return rows.size() == 1 ? rows.first().data(TokenTableModel::KeyRole).toString() : QString();
}

QStringList TokenTable::selectedProfileNames() const
{
    QStringList names;
    for (const QModelIndex& row : selectedKeyIndexes()) {
        const QString name = row.data(TokenTableModel::ProfileRole).toString();
        if (!name.isEmpty() && !names.contains(name))
            names.append(name);
    }
    return names;
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
