#pragma once

#include "model/TokenRow.h"

#include <QAbstractTableModel>
#include <QElapsedTimer>
#include <QHash>
#include <QList>
#include <QSet>

/**
 * The cached entries as a table. Rows stream in per scan batch (inserted, never reset) and are
 * updated in place by key; countdowns are computed when a cell is painted from the TTL at the
 * last sync and the model's clock, so ticking needs no model signal and no per-row timer.
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

    explicit TokenTableModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    /** Adds new keys at the end and updates known ones in place. */
    void upsert(const QList<CacheEntry>& entries);
    /** Removes the rows of keys a complete scan did not see: they expired or were deleted. */
    void retainOnly(const QSet<QString>& keys);
    void removeKey(const QString& key);
    /** New TTLs (PTTL, ms) for known keys; a key reported gone (-2) leaves the table. */
    void updateTtls(const QList<QPair<QString, qint64>>& ttls);
    void clear();

    /** Marks every row as possibly out of date (Redis unreachable); drawn greyed. */
    void setStale(bool stale);
    bool isStale() const { return m_stale; }

    const TokenRow* rowForKey(const QString& key) const;

    /** Typed comparison of two rows by a column, for the proxy: no QVariant per comparison. */
    bool lessThan(int leftRow, int rightRow, int column) const;
    /** Whether a row passes @p filter, on its raw fields. */
    bool matches(int row, const class EntryFilter& filter) const;
    qint64 remainingMs(const TokenRow& row) const;
    CacheEntry::Status liveStatus(const TokenRow& row) const;

private:
    QVariant display(const TokenRow& row, int column) const;
    qint64 now() const { return m_clock.elapsed(); }
    void reindex(int from);

    QList<TokenRow> m_rows;
    QHash<QString, int> m_rowByKey;
    QElapsedTimer m_clock;
    bool m_stale = false;
};
