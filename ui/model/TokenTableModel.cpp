#include "ui/model/TokenTableModel.h"

#include "core/cache/EntryFilter.h"
#include "core/common/Humanize.h"
#include "ui/Theme.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QPalette>

#include <algorithm>
#include <numeric>
#include <vector>

namespace tokencache {

namespace {
const EntryFilter::ProblemSet kStormBit = EntryFilter::problemBit(CacheProblem::Kind::RewriteStorm);
/** Problems the status names already ("unreadable", "stale lock"): the cell does not say them twice. */
const EntryFilter::ProblemSet kStatusProblems = EntryFilter::problemBit(CacheProblem::Kind::Unreadable) |
                                                EntryFilter::problemBit(CacheProblem::Kind::StaleLock);
} // namespace

TokenTableModel::TokenTableModel(QObject* parent, const Clock& clock)
    : QAbstractTableModel(parent), m_arranger(new RowArranger(this)), m_clock(clock)
{
    connect(m_arranger, &RowArranger::arranged, this, &TokenTableModel::apply);
}

int TokenTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_shown.size());
}

int TokenTableModel::columnCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant TokenTableModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case Key:
        return tr("Key");
    case Profile:
        return tr("Profile");
    case Type:
        return tr("Type");
    case Scopes:
        return tr("Scopes");
    case ExpiresIn:
        return tr("Expires in");
    case TtlBar:
        return tr("TTL");
    case Age:
        return tr("Age");
    case Size:
        return tr("Size");
    case Status:
        return tr("Status");
    case Fingerprint:
        return tr("Fingerprint");
    default:
        return {};
    }
}

QVariant TokenTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || size_t(index.row()) >= m_shown.size() || m_shown[size_t(index.row())] < 0)
        return {}; // a removed row, during its removal
    const TokenRow& row = m_rows.at(m_shown[size_t(index.row())]);
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case KeyRole:
        return row.key;
    case ProfileRole:
        return row.profile;
    case StatusRole:
        return int(row.liveStatus(now()));
    case RemainingFractionRole:
        // Full when written: a key stored for its lifetime less the margin starts at 100 %.
        if (!row.isToken() || !row.hasCountdown() || row.cachedForSeconds <= 0)
            return -1.0;
        return qBound(0.0, double(row.remainingMs(now())) / double(row.cachedForSeconds * 1000), 1.0);
    case Qt::TextAlignmentRole:
        if (index.column() == ExpiresIn || index.column() == Age || index.column() == Size)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (m_stale)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        if (index.column() == Status)
            return QBrush(Theme::text(Theme::toneFor(row.liveStatus(now())), QPalette()));
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        if (index.column() == ExpiresIn || index.column() == TtlBar) {
            if (const QString both = row.expiryDisagreement(now()); !both.isEmpty())
                lines << both;
        }
        if (index.column() == Scopes && !row.scope.isEmpty())
            lines << row.scope; // elided in the cell when long
        if (!row.reason.isEmpty())
            lines << row.reason;
        if (!row.warnings.isEmpty())
            lines << row.warnings;
        if (row.problems)
            lines << tr("Problems: %1").arg(TokenRow::problemNames(row.problems).join(QStringLiteral(", ")));
        if (m_stale)
            lines << tr("Redis is unreachable: this row shows the last known state.");
        return lines.isEmpty() ? QVariant() : QVariant(Theme::plainToolTip(lines.join(QLatin1Char('\n'))));
    }
    default:
        return {};
    }
}

QVariant TokenTableModel::display(const TokenRow& row, int column) const
{
    switch (column) {
    case Key:
        return row.key;
    case Profile:
        return row.profile.isEmpty() ? QStringLiteral("—") : row.profile;
    case Type:
        return row.tokenType;
    case Scopes:
        return row.scope;
    case ExpiresIn:
        if (row.ttlAtSyncMs == CacheEntry::kNoTtl)
            return tr("never");
        if (!row.hasCountdown())
            return QStringLiteral("—");
        return Humanize::timeLeft(row.remainingMs(now()));
    case TtlBar:
        return {};
    case Age:
        if (row.ageAtSyncMs < 0)
            return QStringLiteral("—");
        return Humanize::duration(row.ageAtSyncMs + (now() - row.syncedAtMs));
    case Size:
        // "738 B" rather than Qt's "738 bytes": the column stays narrow.
        return row.sizeBytes < 1024
                   ? QStringLiteral("%1 B").arg(row.sizeBytes)
                   : QLocale().formattedDataSize(row.sizeBytes, 1, QLocale::DataSizeTraditionalFormat);
    case Status: {
        const QString name = CacheEntry::statusName(row.liveStatus(now()));
        if (row.problems & ~kStatusProblems)
            return QStringLiteral("%1 ⚠ %2").arg(
                name, TokenRow::problemNames(row.problems & ~kStatusProblems).join(QStringLiteral(", ")));
        if (!row.warnings.isEmpty() && row.isToken())
            return name + QStringLiteral(" ⚠");
        return name;
    }
    case Fingerprint:
        return row.fingerprint;
    default:
        return {};
    }
}

void TokenTableModel::sort(int column, Qt::SortOrder order)
{
    if (column < 0 || column >= ColumnCount)
        return;
    // QTableView::sortByColumn() asks twice; the order is kept as rows change, so once is enough.
    if (column == m_targetColumn && order == m_targetOrder)
        return;
    m_targetColumn = column;
    m_targetOrder = order;
    arrange();
}

void TokenTableModel::setFilterText(const QString& text)
{
    m_targetFilter = EntryFilter(text);
    arrange();
}

void TokenTableModel::arrange()
{
    RowArranger::Request request;
    request.rows = m_rows; // shared, not copied: the snapshot costs nothing until a row changes
    request.sort = m_targetColumn != m_sortColumn || m_targetOrder != m_sortOrder;
    if (request.sort) {
        request.base.resize(size_t(m_rows.size()));
        std::iota(request.base.begin(), request.base.end(), 0);
    } else {
        request.base = m_sorted;
    }
    request.column = m_targetColumn;
    request.order = m_targetOrder;
    request.filter = m_targetFilter;
    request.now = now();
    if (m_rows.size() < m_backgroundFrom) {
        m_arranger->cancel();
        const RowArranger::Arrangement arrangement = RowArranger::compute(request);
        request = {}; // the rows are no longer shared
        apply(arrangement);
        return;
    }
    m_arranging = true;
    m_arranger->arrangeInBackground(std::move(request));
}

void TokenTableModel::apply(const RowArranger::Arrangement& arrangement)
{
    m_arranging = false;
    m_sortColumn = arrangement.column;
    m_sortOrder = arrangement.order;
    m_filter = arrangement.filter;
    m_sorted = arrangement.sorted;
    show(arrangement.shown, m_shown);
    emit arranged();
    releaseHeldBack();
}

bool TokenTableModel::holdBackWhileArranging(std::function<void()> change)
{
    // The arrangement's snapshot shares the rows: changing one now would copy all of them on this
    // thread (100,000 rows: tens of milliseconds), so the change waits until it shows, and behind
    // those that wait already.
    if (!m_arranging && (m_heldBack.empty() || m_releasing))
        return false;
    m_heldBack.push_back(std::move(change));
    return true;
}

void TokenTableModel::releaseHeldBack()
{
    if (m_arranging || m_heldBack.empty())
        return;
    // One change per turn of the event loop: a scan's batches held back together are each a merge.
    std::function<void()> change = std::move(m_heldBack.front());
    m_heldBack.pop_front();
    m_releasing = true; // the change runs now, not behind the others
    change();
    m_releasing = false;
    if (!m_heldBack.empty())
        QMetaObject::invokeMethod(this, &TokenTableModel::releaseHeldBack, Qt::QueuedConnection);
}

bool TokenTableModel::passesFilter(const TokenRow& row, qint64 at) const
{
    return m_filter.matches(row.foldedKey, row.foldedProfile, row.foldedType, row.foldedScope,
                            CacheEntry::statusName(row.liveStatus(at)), row.problems);
}

RowIndexes TokenTableModel::filtered(const RowIndexes& rows) const
{
    if (m_filter.isEmpty())
        return rows;
    const qint64 at = now();
    RowIndexes passing;
    if (rows.size() < size_t(m_rows.size())) {
        for (int row : rows) {
            if (passesFilter(m_rows.at(row), at))
                passing.push_back(row);
        }
        return passing;
    }
    // All rows: tested in storage order, which reads memory front to back, then kept in order.
    std::vector<bool> passes(size_t(m_rows.size()));
    for (qsizetype row = 0; row < m_rows.size(); ++row)
        passes[size_t(row)] = passesFilter(m_rows.at(row), at);
    std::copy_if(rows.cbegin(), rows.cend(), std::back_inserter(passing),
                 [&passes](int row) { return passes[size_t(row)]; });
    return passing;
}

void TokenTableModel::upsert(const QList<CacheEntry>& entries)
{
    QList<TokenRow> rows;
    rows.reserve(entries.size());
    for (const CacheEntry& entry : entries)
        rows.append(TokenRow::fromEntry(entry, 0));
    upsertRows(std::move(rows));
}

void TokenTableModel::upsertRows(QList<TokenRow> rows)
{
    if (holdBackWhileArranging([this, rows]() mutable { upsertRows(std::move(rows)); }))
        return;
    const qint64 syncedAt = now();
    RowIndexes touched;
    touched.reserve(size_t(rows.size()));
    bool updated = false;
    QStringList replacedKeys;
    for (TokenRow& row : rows) {
        row.syncedAtMs = syncedAt;
        row.seenInPass = m_pass;
        const auto known = m_rowByKey.constFind(row.key);
        if (known != m_rowByKey.cend()) {
            // A storm is what the window saw over time, not what one read of the key shows.
            row.problems |= m_rows.at(*known).problems & kStormBit;
            const bool replaced =
                !row.fingerprint.isEmpty() && row.fingerprint != m_rows.at(*known).fingerprint;
            m_rows[*known] = std::move(row);
            if (replaced)
                replacedKeys.append(m_rows.at(*known).key);
            touched.push_back(*known);
            updated = true;
            continue;
        }
        touched.push_back(int(m_rows.size()));
        m_rowByKey.insert(row.key, int(m_rows.size()));
        m_rows.append(std::move(row));
    }
    if (!place(touched) && updated)
        emitRowsChanged(0, ColumnCount - 1);
    for (const QString& key : replacedKeys)
        emit tokenReplaced(key);
}

bool TokenTableModel::place(const RowIndexes& rows)
{
    std::vector<bool> moved(size_t(m_rows.size()), false);
    RowIndexes placed;
    placed.reserve(rows.size());
    for (int row : rows) {
        if (!moved[size_t(row)]) { // a scan may return a key twice
            moved[size_t(row)] = true;
            placed.push_back(row);
        }
    }
    const qint64 at = now();
    const RowOrder less(m_rows, m_sortColumn, m_sortOrder, at);
    for (int row : placed)
        m_rows[row].placedAs = m_rows.at(row).liveStatus(at);
    if (!std::is_sorted(placed.begin(), placed.end(),
                        less)) // the session sorts them unless the order changed
        less.sort(placed);
    m_sorted = less.merged(m_sorted, moved, placed);
    if (m_filter.isEmpty())
        return show(m_sorted, m_shown);
    return show(less.merged(m_shown, moved, filtered(placed)), m_shown);
}

void TokenTableModel::followStatusChanges()
{
    if (m_arranging)
        return; // the next tick looks again
    // Other columns sort by what time does not change (deadlines, not time left).
    if (m_sortColumn != Status && m_filter.isEmpty())
        return;
    const qint64 at = now();
    RowIndexes crossed;
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).liveStatus(at) != m_rows.at(row).placedAs)
            crossed.push_back(int(row));
    }
    if (!crossed.empty())
        place(crossed);
}

void TokenTableModel::startPass()
{
    if (!holdBackWhileArranging([this] { startPass(); }))
        ++m_pass;
}

void TokenTableModel::finishPass()
{
    if (holdBackWhileArranging([this] { finishPass(); }))
        return;
    std::vector<bool> gone(size_t(m_rows.size()), false);
    bool any = false;
    for (qsizetype row = 0; row < m_rows.size(); ++row) {
        if (m_rows.at(row).seenInPass != m_pass) {
            gone[size_t(row)] = true;
            any = true;
        }
    }
    if (any)
        remove(gone);
}

void TokenTableModel::setRewriteStorm(const QString& key, bool storm)
{
    if (holdBackWhileArranging([this, key, storm] { setRewriteStorm(key, storm); }))
        return;
    const auto known = m_rowByKey.constFind(key);
    if (known == m_rowByKey.cend() || bool(m_rows.at(*known).problems & kStormBit) == storm)
        return;
    m_rows[*known].problems ^= kStormBit;
    if (!place({*known}))
        emitRowsChanged(0, ColumnCount - 1);
}

int TokenTableModel::problemRowCount() const
{
    return int(
        std::count_if(m_rows.cbegin(), m_rows.cend(), [](const TokenRow& row) { return row.problems != 0; }));
}

void TokenTableModel::removeKey(const QString& key)
{
    if (holdBackWhileArranging([this, key] { removeKey(key); }))
        return;
    const auto found = m_rowByKey.constFind(key);
    if (found == m_rowByKey.cend())
        return;
    std::vector<bool> gone(size_t(m_rows.size()), false);
    gone[size_t(*found)] = true;
    remove(gone);
}

void TokenTableModel::remove(const std::vector<bool>& gone)
{
    // Each removed row's slot takes the last kept row: only moved rows change index, so the
    // key index is patched, not rebuilt.
    std::vector<int> renumbered(gone.size());
    std::iota(renumbered.begin(), renumbered.end(), 0);
    for (size_t row = 0; row < gone.size(); ++row) {
        if (gone[row]) {
            m_rowByKey.remove(m_rows.at(qsizetype(row)).key);
            renumbered[row] = -1;
        }
    }
    qsizetype end = m_rows.size(); // rows [0, end) are kept
    for (qsizetype row = 0; row < end; ++row) {
        if (!gone[size_t(row)])
            continue;
        while (end > row && gone[size_t(end - 1)])
            --end;
        if (end <= row)
            break;
        --end;
        m_rows[row] = std::move(m_rows[end]);
        renumbered[size_t(end)] = int(row);
        m_rowByKey.insert(m_rows.at(row).key, int(row));
    }
    m_rows.resize(end);
    const auto renumber = [&renumbered](const RowIndexes& rows, bool keepGone) {
        RowIndexes result;
        result.reserve(rows.size());
        for (int row : rows) {
            if (renumbered[size_t(row)] >= 0 || keepGone)
                result.push_back(renumbered[size_t(row)]);
        }
        return result;
    };
    m_sorted = renumber(m_sorted, false);
    // Until the view hears of the removal, its rows are the old ones: removed rows read as -1.
    m_shown = renumber(m_shown, true);
    RowIndexes shown;
    std::copy_if(m_shown.cbegin(), m_shown.cend(), std::back_inserter(shown),
                 [](int row) { return row >= 0; });
    show(std::move(shown), m_shown);
}

bool TokenTableModel::show(RowIndexes rows, const RowIndexes& before)
{
    if (rows == before)
        return false;
    const auto common = size_t(
        std::mismatch(rows.cbegin(), rows.cend(), before.cbegin(), before.cend()).first - rows.cbegin());
    // Whether the shorter list is the longer one without one run of rows starting at `common`.
    const auto oneRunApart = [common](const RowIndexes& longer, const RowIndexes& shorter) {
        return std::equal(shorter.cbegin() + qsizetype(common), shorter.cend(),
                          longer.cbegin() + qsizetype(common + longer.size() - shorter.size()));
    };
    const int first = int(common);
    if (rows.size() > before.size() && oneRunApart(rows, before)) {
        beginInsertRows({}, first, first + int(rows.size() - before.size()) - 1);
        m_shown = std::move(rows);
        endInsertRows();
        return true;
    }
    if (rows.size() < before.size() && oneRunApart(before, rows)) {
        beginRemoveRows({}, first, first + int(before.size() - rows.size()) - 1);
        m_shown = std::move(rows);
        endRemoveRows();
        return true;
    }
    // Rows moved: persistent indexes (selection, current row) follow their rows.
    emit layoutAboutToBeChanged();
    const QModelIndexList persistent = persistentIndexList();
    QModelIndexList moved;
    if (!persistent.isEmpty()) {
        std::vector<int> newRowOf(size_t(m_rows.size()), -1);
        for (size_t row = 0; row < rows.size(); ++row)
            newRowOf[size_t(rows[row])] = int(row);
        for (const QModelIndex& index : persistent) {
            const int storage = size_t(index.row()) < before.size() ? before[size_t(index.row())] : -1;
            const int row = storage < 0 ? -1 : newRowOf[size_t(storage)];
            moved.append(row < 0 ? QModelIndex() : createIndex(row, index.column()));
        }
    }
    m_shown = std::move(rows);
    changePersistentIndexList(persistent, moved);
    emit layoutChanged();
    return true;
}

void TokenTableModel::updateTtls(const QList<QPair<QString, qint64>>& ttls)
{
    if (holdBackWhileArranging([this, ttls] { updateTtls(ttls); }))
        return;
    const qint64 syncedAt = now();
    RowIndexes changed;
    std::vector<bool> gone(size_t(m_rows.size()), false);
    bool anyGone = false;
    for (const auto& [key, ttlMs] : ttls) {
        const auto found = m_rowByKey.constFind(key);
        if (found == m_rowByKey.cend())
            continue;
        if (ttlMs == CacheEntry::kGone) {
            gone[size_t(*found)] = true;
            anyGone = true;
            continue;
        }
        TokenRow& row = m_rows[*found];
        row.ttlAtSyncMs = ttlMs;
        // The age and the JWT's time left go on from where they were, not from the last full read.
        if (row.ageAtSyncMs >= 0)
            row.ageAtSyncMs += syncedAt - row.syncedAtMs;
        if (row.jwtLeftAtSyncMs)
            *row.jwtLeftAtSyncMs -= syncedAt - row.syncedAtMs;
        row.syncedAtMs = syncedAt;
        changed.push_back(*found);
    }
    const bool moved = place(changed);
    if (anyGone)
        remove(gone);
    if (!moved && !anyGone)
        emitRowsChanged(ExpiresIn, Status);
}

void TokenTableModel::emitRowsChanged(int firstColumn, int lastColumn)
{
    // The view repaints only what is visible of the range, so one signal for all rows is cheap.
    if (!m_shown.empty())
        emit dataChanged(index(0, firstColumn), index(rowCount() - 1, lastColumn));
}

void TokenTableModel::clear()
{
    m_arranger->cancel();
    m_heldBack.clear();
    // An arrangement cut short: the empty table takes the order and filter it was for at once.
    const bool wasArranging = std::exchange(m_arranging, false);
    m_sortColumn = m_targetColumn;
    m_sortOrder = m_targetOrder;
    m_filter = m_targetFilter;
    beginResetModel();
    m_rows.clear();
    m_rowByKey.clear();
    m_sorted.clear();
    m_shown.clear();
    endResetModel();
    if (wasArranging)
        emit arranged();
}

void TokenTableModel::setStale(bool stale)
{
    if (m_stale == stale)
        return;
    m_stale = stale;
    if (!m_shown.empty())
        emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1),
                         {Qt::ForegroundRole, Qt::ToolTipRole});
}

const TokenRow* TokenTableModel::rowForKey(const QString& key) const
{
    const auto found = m_rowByKey.constFind(key);
    return found == m_rowByKey.cend() ? nullptr : &m_rows.at(*found);
}

QModelIndex TokenTableModel::indexForKey(const QString& key) const
{
    const auto found = m_rowByKey.constFind(key);
    if (found == m_rowByKey.cend())
        return {};
    const auto shown = std::find(m_shown.cbegin(), m_shown.cend(), *found);
    return shown == m_shown.cend() ? QModelIndex() : index(int(shown - m_shown.cbegin()), 0);
}

} // namespace tokencache
