#pragma once

#include "core/cache/KeyspaceWatcher.h"

#include <QWidget>

class QLabel;
class QToolButton;

namespace tokencache {

/**
 * The status bar's word on live updates: "live" while changes come from keyspace events, else why
 * the window polls, with the offer to turn events on at the server (only when pressed: it changes
 * the server's configuration).
 */
class LiveStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(LiveStatus)

public:
    explicit LiveStatus(QWidget* parent = nullptr);

    void setLive(KeyspaceWatcher::Live live, const QString& reason);
    /** Why the server's configuration may not be changed (a read-only connection); empty: it may. */
    void setWriteRefusal(const QString& whyNot);

signals:
    void enableRequested();

private:
    QLabel* m_label;
    QToolButton* m_enable;
};

} // namespace tokencache
