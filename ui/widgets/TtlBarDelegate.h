#pragma once

#include "core/cache/CacheEntry.h"

#include <QStyledItemDelegate>

namespace tokencache {

/**
 * Paints the share of the token's lifetime left, in the colour of the row's live status (the
 * Status column's rule), so the bar and the status never disagree.
 */
class TtlBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TtlBarDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QColor colorFor(CacheEntry::Status status);
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace tokencache
