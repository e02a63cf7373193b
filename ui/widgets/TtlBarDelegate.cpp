#include "widgets/TtlBarDelegate.h"

#include "model/TokenTableModel.h"

#include <QApplication>
#include <QPainter>

QColor TtlBarDelegate::colorFor(double fraction)
{
    if (fraction <= 0)
        return QColor(0x9a, 0x99, 0x96);
    if (fraction < 0.10)
        return QColor(0xe0, 0x1b, 0x24);
    if (fraction < 0.25)
        return QColor(0xf5, 0xa6, 0x23);
    return QColor(0x33, 0xb0, 0x5a);
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
    painter->setBrush(QColor(0xde, 0xdd, 0xda));
    painter->drawRoundedRect(track, 4, 4);
    if (fraction > 0) {
        QRectF filled = track;
        filled.setWidth(qMax(track.height(), track.width() * fraction));
        painter->setBrush(colorFor(fraction));
        painter->drawRoundedRect(filled, 4, 4);
    }
    painter->restore();
}

QSize TtlBarDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    return QStyledItemDelegate::sizeHint(option, index).expandedTo(QSize(110, 0));
}
