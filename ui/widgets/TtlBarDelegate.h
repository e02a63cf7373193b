#pragma once

#include <QStyledItemDelegate>

namespace tokencache {

/** Paints the share of the token's lifetime left: green, amber under 25 %, red under 10 %, grey when over. */
class TtlBarDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TtlBarDelegate)

public:
    using QStyledItemDelegate::QStyledItemDelegate;

    static QColor colorFor(double fraction);
    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace tokencache
