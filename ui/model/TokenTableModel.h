#pragma once

#include "core/cache/EntryFilter.h"
#include "core/common/Clock.h"
#include "ui/model/RowArranger.h"
#include "ui/model/RowOrder.h"
#include "ui/model/TokenRow.h"

#include <QAbstractTableModel>
#include <QHash>
#include <QList>

#include <deque>
#include <functional>
#include <vector>

namespace tokencache {

/**
 * The cached entries as a sorted, filtered table. Sorting and filtering live here rather than in
 * a QSortFilterProxyModel: rows stream in per scan batch and are merged into the kept order
 * (one insertion or one layout change per batch, never a reset), and a filter is one pass over
 * the sorted rows. Countdowns are computed when a cell is painted from the TTL at the last sync
 * and the model's clock, so ticking needs no model signal and no per-row timer. Sorting or
 * filtering a large table runs on a background thread (RowArranger) and lands as one layout change.
 */
class TokenTableModel final : public QAbstractTableModel
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenTableModel)

public:
    enum Column
    {
        Key,
        Profile,
        Type,
        Scopes,
        ExpiresIn,
        TtlBar,
        Age,
        Size,
        Status,
        Fingerprint, ///< hidden unless chosen in the header's menu
        ColumnCount
    };
    enum Role
    {
        RemainingFractionRole =
            Qt::UserRole + 1, ///< 0..1 of the lifetime left, or -1 when there is no bar to draw
        KeyRole,
        ProfileRole,
        StatusRole, ///< CacheEntry::Status as int, live
    };

    explicit TokenTableModel(QObject* parent = nullptr, const Clock& clock = Clock::system());

    /** The rows shown: those passing the filter. */
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    /** Sorts now, or in the background for a large table (arranged() says when it shows). */
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    /** From this many rows on, sorting and filtering run in the background. */
    static constexpr int kBackgroundArrangeRows = 20000;
    void setBackgroundArrangeFrom(int rows) { m_backgroundFrom = rows; }
    /** A sort or filter is being computed in the background; the rows shown are the previous order's. */
    bool isArranging() const { return m_arranging; }

    /** The order asked for last (shown once an arrangement in the background lands). */
    int sortColumn() const { return m_targetColumn; }
    Qt::SortOrder sortOrder() const { return m_targetOrder; }

    /** Every row known, shown or filtered out. */
    int totalRowCount() const { return int(m_rows.size()); }
    /** Filter rules of EntryFilter; an empty text shows every row. Like sort(), in the background when large.
     */
    void setFilterText(const QString& text);

    /** Adds new keys and updates known ones in place, each at its sorted position. */
    void upsert(const QList<CacheEntry>& entries);
    /** As upsert(), for rows made elsewhere (the session's thread); their sync time is now. */
    void upsertRows(QList<TokenRow> rows);
    /** Starts a full pass: rows not upserted until finishPass() expired or were deleted. */
    void startPass();
    /** Removes the rows the pass since startPass() did not see. */
    void finishPass();
    void removeKey(const QString& key);
    /** The window saw @p key rewritten too often (@p storm), or no longer: its row says so. */
    void setRewriteStorm(const QString& key, bool storm);
    /** Rows with at least one problem, shown or filtered out. */
    int problemRowCount() const;
    /** New TTLs (PTTL, ms) for known keys; a key reported gone (-2) leaves the table. */
    void updateTtls(const QList<QPair<QString, qint64>>& ttls);
    void clear();

    /**
     * Moves rows whose live status changed since they were placed (valid -> expiring -> expired)
     * when the order or the filter depends on it; called with the countdown's tick.
     */
    void followStatusChanges();

    /** Marks every row as possibly out of date (Redis unreachable); drawn greyed. */
    void setStale(bool stale);
    bool isStale() const { return m_stale; }

    const TokenRow* rowForKey(const QString& key) const;
    /** The shown row of @p key in column 0; invalid when unknown or filtered out. */
    QModelIndex indexForKey(const QString& key) const;

signals:
    /** A sort or filter now shows. */
    void arranged();
    /** A known key was read again with another token in it (some service wrote it). */
    void tokenReplaced(const QString& key);

private:
    QVariant display(const TokenRow& row, int column) const;
    qint64 now() const { return m_clock.monotonicMs(); }
    bool passesFilter(const TokenRow& row, qint64 at) const;
    RowIndexes filtered(const RowIndexes& rows) const;
    /** Puts @p rows (new or changed) at their sorted places; true if the shown rows changed. */
    bool place(const RowIndexes& rows);
    /** Sorts and filters as the newest sort() and setFilterText() ask. */
    void arrange();
    /** Shows @p arrangement, then makes the changes held back while it was computed. */
    void apply(const RowArranger::Arrangement& arrangement);
    /** Keeps @p change for after the arrangement being computed and returns true; false when none is. */
    bool holdBackWhileArranging(std::function<void()> change);
    /** Makes the next change held back, and the rest in later turns of the event loop. */
    void releaseHeldBack();
    /** Drops the rows flagged in @p gone from storage and from both orders. */
    void remove(const std::vector<bool>& gone);
    /**
     * Shows @p rows: one insertion or removal when that is the whole difference from the rows
     * shown before (@p before, in today's storage indexes, -1 for removed rows), else a layout
     * change that keeps the selection. Returns whether anything changed.
     */
    bool show(RowIndexes rows, const RowIndexes& before);
    void emitRowsChanged(int firstColumn, int lastColumn);

    QList<TokenRow> m_rows;         ///< storage, in arrival order
    QHash<QString, int> m_rowByKey; ///< key -> storage index
    RowIndexes m_sorted;            ///< every row, sorted
    RowIndexes m_shown;             ///< the rows passing the filter, sorted: the model's rows
    int m_sortColumn = ExpiresIn;   ///< the order and filter shown...
    Qt::SortOrder m_sortOrder = Qt::AscendingOrder;
    EntryFilter m_filter;
    int m_targetColumn = ExpiresIn; ///< ...and the newest asked for
    Qt::SortOrder m_targetOrder = Qt::AscendingOrder;
    EntryFilter m_targetFilter;
    RowArranger* m_arranger;
    int m_backgroundFrom = kBackgroundArrangeRows;
    bool m_arranging = false;
    std::deque<std::function<void()>> m_heldBack; ///< changes that wait for the arrangement, in order
    bool m_releasing = false;                     ///< a held-back change is being made
    quint32 m_pass = 0;
    const Clock& m_clock;
    bool m_stale = false;
};

} // namespace tokencache
