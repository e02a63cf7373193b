#include "ui/widgets/TtlBarDelegate.h"

#include "ui/Theme.h"
#include "ui/model/TokenTableModel.h"

#include <QApplication>
#include <QPainter>

namespace tokencache {

QColor TtlBarDelegate::colorFor(CacheEntry::Status status)
{
    return Theme::fill(Theme::toneFor(status));
}

void TtlBarDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                           const QModelIndex& index) const
{
    QStyleOptionViewItem background = option;
    initStyleOption(&background, index);
    QApplication::style()->drawControl(QStyle::CE_ItemViewItem, &background, painter, background.widget);

    const double fraction = index.data(TokenTableModel::RemainingFractionRole).toDouble();
    const QRectF track =
        QRectF(option.rect)
            .adjusted(6, option.rect.height() / 2.0 - 4, -6, -(option.rect.height() / 2.0 - 4));
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setPen(Qt::NoPen);
    painter->setBrush(Theme::track(option.palette));
    painter->drawRoundedRect(track, 4, 4);
    if (fraction > 0) {
        QRectF filled = track;
        filled.setWidth(qMax(track.height(), track.width() * fraction));
        painter->setBrush(colorFor(CacheEntry::Status(index.data(TokenTableModel::StatusRole).toInt())));
        painter->drawRoundedRect(filled, 4, 4);
    }
    painter->restore();
}

QSize TtlBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(110, 0));
}

} // namespace tokencache
