#pragma once

#include "ui/model/TokenRow.h"

#include <QList>

#include <vector>

namespace tokencache {

using RowIndexes = std::vector<int>; ///< indexes into the model's row storage

/**
 * The table's order: rows (by storage index) compared on one column, ties broken by key, with
 * the clock frozen so live values (time left, status) compare the same throughout one sort.
 * Time left compares as the deadline, which does not move while the clock runs.
 */
class RowOrder
{
public:
    RowOrder(const QList<TokenRow>& rows, int column, Qt::SortOrder order, qint64 now);

    bool operator()(int left, int right) const { return less(keyOf(left), keyOf(right)); }
    /** Sorts @p rows (distinct indexes) by this order, on compact keys: a full sort of 100,000
     *  rows stays short. */
    void sort(RowIndexes& rows) const;

    /** @p order without the rows flagged in @p moved, with @p placed (sorted by this order) merged
     *  in: a galloping search per placed row and one copy, so a batch costs O(n), not a full sort. */
    RowIndexes merged(const RowIndexes& order, const std::vector<bool>& moved,
                      const RowIndexes& placed) const;

private:
    /** What a row is compared on: a number, then its column's text, then the key (unique). The
     *  heads are the texts' leading characters packed by sort(); elsewhere they stay equal. */
    struct SortKey
    {
        qint64 number = 0;
        quint64 textHead = 0;
        quint64 keyHead = 0;
        int row = -1;
    };
    SortKey keyOf(int row) const;
    QStringView textOf(int row) const;
    bool less(const SortKey& left, const SortKey& right) const;
    template <typename Text>
    void fillHeads(std::vector<SortKey>& keys, quint64 SortKey::*head, Text text) const;

    const QList<TokenRow>& m_rows;
    int m_column;
    bool m_descending;
    qint64 m_now;
};

} // namespace tokencache
