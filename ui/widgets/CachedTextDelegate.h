#pragma once

#include <QHash>
#include <QStaticText>
#include <QStyledItemDelegate>

namespace tokencache {

/**
 * Draws cell text from a cache of laid-out texts (QStaticText): laying text out again on every
 * paint (what QStyledItemDelegate does) cost a repaint of the table 10-20 ms, and the table
 * repaints every second and after every batch of rows. Looks as the style draws items otherwise.
 */
class CachedTextDelegate final : public QStyledItemDelegate
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CachedTextDelegate)

public:
    /** @p elide: where text too wide is cut (keys share their prefix: the middle tells them apart). */
    explicit CachedTextDelegate(QObject* parent = nullptr, Qt::TextElideMode elide = Qt::ElideRight)
        : QStyledItemDelegate(parent), m_elide(elide)
    {}

    void paint(QPainter* painter, const QStyleOptionViewItem& option,
               const QModelIndex& index) const override;

private:
    struct Key
    {
        QString text;
        int width;
        QString font;
        bool operator==(const Key&) const = default;
    };
    friend size_t qHash(const Key& key, size_t seed)
    {
        return qHashMulti(seed, key.text, key.width, key.font);
    }
    static constexpr qsizetype kMaxCached = 8192; ///< a few screens of cells; then it starts again

    const QStaticText& laidOut(const QString& text, int width, const QStyleOptionViewItem& option) const;

    mutable QHash<Key, QStaticText> m_cache;
    Qt::TextElideMode m_elide;
};

} // namespace tokencache
