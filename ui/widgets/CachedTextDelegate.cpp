#include "ui/widgets/CachedTextDelegate.h"

#include <QApplication>
#include <QPainter>

namespace tokencache {

const QStaticText& CachedTextDelegate::laidOut(const QString& text, int width,
                                               const QStyleOptionViewItem& option) const
{
    Key key{text, width, option.font.key()};
    if (const auto found = m_cache.constFind(key); found != m_cache.cend())
        return *found;
    if (m_cache.size() >= kMaxCached)
        m_cache.clear();
    QStaticText laid(option.fontMetrics.elidedText(text, option.textElideMode, width));
    laid.setTextFormat(Qt::PlainText);
    laid.setPerformanceHint(QStaticText::AggressiveCaching);
    laid.prepare(QTransform(), option.font);
    return *m_cache.insert(std::move(key), std::move(laid));
}

void CachedTextDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option,
                               const QModelIndex& index) const
{
    QStyleOptionViewItem item = option;
    initStyleOption(&item, index);
    item.textElideMode = m_elide;
    const QString text = item.text;
    item.text.clear(); // the style draws background, selection and focus; the text is drawn below
    const QWidget* widget = item.widget;
    QStyle* style = widget ? widget->style() : QApplication::style();
    style->drawControl(QStyle::CE_ItemViewItem, &item, painter, widget);
    if (text.isEmpty())
        return;

    // The text's place and colour as QCommonStyle computes them for an item view; asked without
    // the text, which the style would lay out only to measure it.
    const int margin = style->pixelMetric(QStyle::PM_FocusFrameHMargin, nullptr, widget) + 1;
    const QRect area =
        style->subElementRect(QStyle::SE_ItemViewItemText, &item, widget).adjusted(margin, 0, -margin, 0);
    if (area.width() <= 0)
        return;
    const QStaticText& laid = laidOut(text, area.width(), item);
    const QSizeF size = laid.size();
    qreal x = area.left();
    if (item.displayAlignment & Qt::AlignRight)
        x = area.right() + 1 - size.width();
    else if (item.displayAlignment & Qt::AlignHCenter)
        x = area.left() + (area.width() - size.width()) / 2;
    const qreal y = area.top() + (area.height() - size.height()) / 2;
    const QPalette::ColorGroup group = !(item.state & QStyle::State_Enabled) ? QPalette::Disabled
                                       : (item.state & QStyle::State_Active) ? QPalette::Normal
                                                                             : QPalette::Inactive;
    painter->save();
    painter->setFont(item.font);
    painter->setPen(item.palette.color(
        group, (item.state & QStyle::State_Selected) ? QPalette::HighlightedText : QPalette::Text));
    painter->setClipRect(area);
    painter->drawStaticText(QPointF(x, y), laid);
    painter->restore();
}

} // namespace tokencache
