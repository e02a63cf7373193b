#include "model/TokenTableModel.h"

#include "cache/EntryFilter.h"
#include "common/Humanize.h"

#include <QBrush>
#include <QColor>
#include <QLocale>
#include <QPalette>

#include <algorithm>

TokenTableModel::TokenTableModel(QObject* parent) : QAbstractTableModel(parent)
{
    m_clock.start();
}

int TokenTableModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
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
    default:
        return {};
    }
}

qint64 TokenTableModel::remainingMs(const TokenRow& row) const
{
    if (!row.hasCountdown())
        return row.ttlAtSyncMs;
    return qMax<qint64>(0, row.ttlAtSyncMs - (now() - row.syncedAtMs));
}

CacheEntry::Status TokenTableModel::liveStatus(const TokenRow& row) const
{
    if (!row.isToken() || !row.hasCountdown() || row.status == CacheEntry::Status::Expired)
        return row.status;
    return CacheEntry::statusForRemaining(
        remainingMs(row), row.expiresIn > 0 ? std::optional<qint64>(row.expiresIn) : std::nullopt);
}

QVariant TokenTableModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= m_rows.size())
        return {};
    const TokenRow& row = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return display(row, index.column());
    case KeyRole:
        return row.key;
    case ProfileRole:
        return row.profile;
    case StatusRole:
        return int(liveStatus(row));
    case RemainingFractionRole:
        if (!row.isToken() || !row.hasCountdown() || row.expiresIn <= 0)
            return -1.0;
        return qBound(0.0, double(remainingMs(row)) / double(row.expiresIn * 1000), 1.0);
    case Qt::TextAlignmentRole:
        if (index.column() == ExpiresIn || index.column() == Age || index.column() == Size)
            return QVariant(Qt::AlignRight | Qt::AlignVCenter);
        return {};
    case Qt::ForegroundRole:
        if (m_stale)
            return QBrush(QPalette().color(QPalette::Disabled, QPalette::Text));
        if (index.column() == Status) {
            switch (liveStatus(row)) {
            case CacheEntry::Status::Valid:
                return QBrush(QColor(0x1b, 0x7f, 0x3b));
            case CacheEntry::Status::Expiring:
                return QBrush(QColor(0xb3, 0x6b, 0x00));
            case CacheEntry::Status::Locked:
                return QBrush(QColor(0x2f, 0x5d, 0xa8));
            default:
                return QBrush(QColor(0xc0, 0x1c, 0x28));
            }
        }
        return {};
    case Qt::ToolTipRole: {
        QStringList lines;
        if (!row.reason.isEmpty())
            lines << row.reason;
        if (!row.warnings.isEmpty())
            lines << row.warnings;
        if (m_stale)
            lines << tr("Redis is unreachable: this row shows the last known state.");
        return lines.isEmpty() ? QVariant() : QVariant(lines.join(QLatin1Char('\n')));
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
        return Humanize::duration(remainingMs(row) / 1000 * 1000);
    case TtlBar:
        return {};
    case Age:
        if (row.ageAtSyncS < 0)
            return QStringLiteral("—");
        return Humanize::duration((row.ageAtSyncS * 1000) + (now() - row.syncedAtMs));
    case Size:
        // "738 B" rather than Qt's "738 bytes": the column stays narrow.
        return row.sizeBytes < 1024
                   ? QStringLiteral("%1 B").arg(row.sizeBytes)
                   : QLocale().formattedDataSize(row.sizeBytes, 1, QLocale::DataSizeTraditionalFormat);
    case Status: {
        const QString name = CacheEntry::statusName(liveStatus(row));
        if (!row.warnings.isEmpty() && row.isToken())
            return name + QStringLiteral(" ⚠");
        return name;
    }
    default:
        return {};
    }
}

bool TokenTableModel::lessThan(int leftRow, int rightRow, int column) const
{
    const TokenRow& left = m_rows.at(leftRow);
    const TokenRow& right = m_rows.at(rightRow);
    // Keys without TTL sort after every countdown.
    const auto remaining = [this](const TokenRow& row) {
        return row.ttlAtSyncMs == CacheEntry::kNoTtl ? std::numeric_limits<qint64>::max() : remainingMs(row);
    };
    switch (column) {
    case ExpiresIn:
    case TtlBar:
        return remaining(left) < remaining(right);
    case Age:
        return left.ageAtSyncS < right.ageAtSyncS;
    case Size:
        return left.sizeBytes < right.sizeBytes;
    case Status:
        return int(liveStatus(left)) < int(liveStatus(right));
    case Profile:
        return left.profile < right.profile;
    case Type:
        return left.tokenType < right.tokenType;
    case Scopes:
        return left.scope < right.scope;
    default:
        return left.key < right.key;
    }
}

bool TokenTableModel::matches(int row, const EntryFilter& filter) const
{
    const TokenRow& entry = m_rows.at(row);
    return filter.matches(entry.key, entry.profile, entry.tokenType, entry.scope,
                          CacheEntry::statusName(liveStatus(entry)));
}

void TokenTableModel::upsert(const QList<CacheEntry>& entries)
{
    const qint64 syncedAt = now();
    QList<TokenRow> added;
    int firstChanged = int(m_rows.size());
    int lastChanged = -1;
    for (const CacheEntry& entry : entries) {
        const auto known = m_rowByKey.constFind(entry.key);
        if (known == m_rowByKey.cend()) {
            added.append(TokenRow::fromEntry(entry, syncedAt));
            continue;
        }
        m_rows[*known] = TokenRow::fromEntry(entry, syncedAt);
        firstChanged = qMin(firstChanged, *known);
        lastChanged = qMax(lastChanged, *known);
    }
    if (lastChanged >= 0)
        emit dataChanged(index(firstChanged, 0), index(lastChanged, ColumnCount - 1));
    if (added.isEmpty())
        return;
    const int first = int(m_rows.size());
    beginInsertRows({}, first, first + int(added.size()) - 1);
    m_rows.append(added);
    reindex(first);
    endInsertRows();
}

void TokenTableModel::retainOnly(const QSet<QString>& keys)
{
    // Contiguous runs of vanished rows are removed together, from the end so indexes stay valid.
    int row = int(m_rows.size()) - 1;
    bool removed = false;
    while (row >= 0) {
        if (keys.contains(m_rows.at(row).key)) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && !keys.contains(m_rows.at(row).key))
            --row;
        beginRemoveRows({}, row + 1, last);
        m_rows.remove(row + 1, last - row);
        endRemoveRows();
        removed = true;
    }
    if (removed) {
        m_rowByKey.clear();
        reindex(0);
    }
}

void TokenTableModel::removeKey(const QString& key)
{
    const auto found = m_rowByKey.constFind(key);
    if (found == m_rowByKey.cend())
        return;
    const int row = *found;
    beginRemoveRows({}, row, row);
    m_rows.remove(row);
    m_rowByKey.remove(key);
    reindex(row);
    endRemoveRows();
}

void TokenTableModel::updateTtls(const QList<QPair<QString, qint64>>& ttls)
{
    const qint64 syncedAt = now();
    for (const auto& [key, ttlMs] : ttls) {
        const auto found = m_rowByKey.constFind(key);
        if (found == m_rowByKey.cend())
            continue;
        if (ttlMs == CacheEntry::kGone) {
            removeKey(key);
            continue;
        }
        TokenRow& row = m_rows[*found];
        row.ttlAtSyncMs = ttlMs;
        row.syncedAtMs = syncedAt;
        emit dataChanged(index(*found, ExpiresIn), index(*found, Status));
    }
}

void TokenTableModel::clear()
{
    beginResetModel();
    m_rows.clear();
    m_rowByKey.clear();
    endResetModel();
}

void TokenTableModel::setStale(bool stale)
{
    if (m_stale == stale)
        return;
    m_stale = stale;
    if (!m_rows.isEmpty())
        emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1),
                         {Qt::ForegroundRole, Qt::ToolTipRole});
}

const TokenRow* TokenTableModel::rowForKey(const QString& key) const
{
    const auto found = m_rowByKey.constFind(key);
    return found == m_rowByKey.cend() ? nullptr : &m_rows.at(*found);
}

void TokenTableModel::reindex(int from)
{
    for (int row = from; row < m_rows.size(); ++row)
        m_rowByKey.insert(m_rows.at(row).key, row);
}
