#include "ui/model/RowOrder.h"

#include "ui/model/TokenTableModel.h"

#include <algorithm>
#include <limits>
#include <numeric>

namespace tokencache {

namespace {

/** Keys without TTL sort after every countdown; gone or unread ones before. */
qint64 deadline(const TokenRow& row)
{
    if (row.ttlAtSyncMs == CacheEntry::kNoTtl)
        return std::numeric_limits<qint64>::max();
    return row.hasCountdown() ? row.syncedAtMs + row.ttlAtSyncMs : row.ttlAtSyncMs;
}

/** Grows with age but not with the clock: minus the time the token was issued. */
qint64 ageKey(const TokenRow& row)
{
    if (row.ageAtSyncMs < 0)
        return std::numeric_limits<qint64>::min();
    return row.ageAtSyncMs - row.syncedAtMs;
}

/** How many leading characters all @p texts share. */
qsizetype sharedPrefix(const std::vector<QStringView>& texts)
{
    const QStringView first = texts.front();
    qsizetype shared = first.size();
    for (const QStringView other : texts) {
        qsizetype same = 0;
        while (same < shared && same < other.size() && other[same] == first[same])
            ++same;
        shared = same;
    }
    return shared;
}

/** Bits per character in a head: 8 when every window is ASCII, 16 below the surrogates, else 0
 *  (no heads: where code units and code points order differently, only compare() decides). */
int headBits(const std::vector<QStringView>& windows)
{
    int bits = 8;
    for (const QStringView window : windows) {
        for (const QChar unit : window) {
            if (unit.unicode() >= 0xD800)
                return 0;
            if (unit.unicode() >= 0x80)
                bits = 16;
        }
    }
    return bits;
}

} // namespace

RowOrder::RowOrder(const QList<TokenRow>& rows, int column, Qt::SortOrder order, qint64 now)
    : m_rows(rows), m_column(column), m_descending(order == Qt::DescendingOrder), m_now(now)
{}

RowOrder::SortKey RowOrder::keyOf(int row) const
{
    const TokenRow& entry = m_rows.at(row);
    SortKey key;
    key.row = row;
    switch (m_column) {
    case TokenTableModel::ExpiresIn:
    case TokenTableModel::TtlBar:
        key.number = deadline(entry);
        break;
    case TokenTableModel::Age:
        key.number = ageKey(entry);
        break;
    case TokenTableModel::Size:
        key.number = entry.sizeBytes;
        break;
    case TokenTableModel::Status:
        key.number = int(entry.liveStatus(m_now));
        break;
    default:
        break; // compared by text
    }
    return key;
}

QStringView RowOrder::textOf(int row) const
{
    switch (m_column) {
    case TokenTableModel::Profile:
        return m_rows.at(row).profile;
    case TokenTableModel::Type:
        return m_rows.at(row).tokenType;
    case TokenTableModel::Scopes:
        return m_rows.at(row).scope;
    case TokenTableModel::Fingerprint:
        return m_rows.at(row).fingerprint;
    default:
        return {}; // a number, or the key alone
    }
}

bool RowOrder::less(const SortKey& left, const SortKey& right) const
{
    int result = left.number < right.number ? -1 : (right.number < left.number ? 1 : 0);
    if (result == 0 && left.textHead != right.textHead)
        result = left.textHead < right.textHead ? -1 : 1;
    if (result == 0)
        result = textOf(left.row).compare(textOf(right.row));
    if (result == 0 && left.keyHead != right.keyHead)
        result = left.keyHead < right.keyHead ? -1 : 1;
    if (result == 0)
        result = m_rows.at(left.row).key.compare(m_rows.at(right.row).key);
    return m_descending ? result > 0 : result < 0;
}

/**
 * Sets each @p head to the characters after the prefix all texts share, packed big-endian and
 * padded with zeros, so that unequal heads order their texts as compare() would: most
 * comparisons of a sort then never read the strings, which lie scattered in memory.
 */
template <typename Text>
void RowOrder::fillHeads(std::vector<SortKey>& keys, quint64 SortKey::*head, Text text) const
{
    if (keys.empty())
        return;
    std::vector<QStringView> texts;
    texts.reserve(keys.size());
    for (const SortKey& key : keys)
        texts.push_back(text(key.row));
    const qsizetype shared = sharedPrefix(texts);
    for (QStringView& window : texts)
        window = window.mid(shared, 8);
    const int bits = headBits(texts);
    if (bits == 0)
        return;
    const qsizetype length = 64 / bits;
    for (size_t i = 0; i < keys.size(); ++i) {
        quint64 packed = 0;
        for (qsizetype at = 0; at < length; ++at)
            packed = (packed << bits) | (at < texts[i].size() ? texts[i][at].unicode() : 0u);
        keys[i].*head = packed;
    }
}

void RowOrder::sort(RowIndexes& rows) const
{
    // All rows are read in storage order, not in the old order: far fewer cache misses.
    if (rows.size() == size_t(m_rows.size()))
        std::iota(rows.begin(), rows.end(), 0);
    std::vector<SortKey> keys;
    keys.reserve(rows.size());
    for (int row : rows)
        keys.push_back(keyOf(row));
    fillHeads(keys, &SortKey::textHead, [this](int row) { return textOf(row); });
    fillHeads(keys, &SortKey::keyHead, [this](int row) { return QStringView(m_rows.at(row).key); });
    std::sort(keys.begin(), keys.end(),
              [this](const SortKey& left, const SortKey& right) { return less(left, right); });
    for (size_t i = 0; i < keys.size(); ++i)
        rows[i] = keys[i].row;
}

RowIndexes RowOrder::merged(const RowIndexes& order, const std::vector<bool>& moved,
                            const RowIndexes& placed) const
{
    RowIndexes kept;
    kept.reserve(order.size());
    for (int row : order) {
        if (!moved[size_t(row)])
            kept.push_back(row);
    }
    if (placed.empty())
        return kept;
    RowIndexes result;
    result.reserve(kept.size() + placed.size());
    auto from = kept.cbegin();
    for (int row : placed) {
        // Galloping from the last place: a large batch lands in small gaps, found in a few
        // comparisons, where a search of all the rest would read rows scattered across memory.
        auto low = from; // rows before low sort no later than row; the row at end sorts after it
        auto end = from;
        for (qsizetype step = 1; end != kept.cend() && !(*this)(row, *end); step *= 2) {
            low = end;
            end += qMin(step, qsizetype(kept.cend() - end));
        }
        const auto to = std::upper_bound(low, end, row, *this);
        result.insert(result.end(), from, to);
        result.push_back(row);
        from = to;
    }
    result.insert(result.end(), from, kept.cend());
    return result;
}

} // namespace tokencache
