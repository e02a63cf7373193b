#pragma once

#include "ui/sync/CacheSync.h"

#include <QDateTime>
#include <QWidget>

class QLabel;

namespace tokencache {

struct ServerInfo;

/** The status bar's right side: server version, round trip, last sync and the connection state. */
class ConnectionStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionStatus)

public:
    explicit ConnectionStatus(QWidget* parent = nullptr);

    /** @p detail: why (an error while reconnecting), shown as the state's tooltip. */
    void setState(CacheSync::State state, const QString& detail);
    void setSynced(const ServerInfo& server, const QDateTime& at);
    /** Whether the state carries a detail (an error the status bar may still show). */
    bool hasDetail() const;

private:
    QLabel* m_version;
    QLabel* m_roundTrip;
    QLabel* m_synced;
    QLabel* m_state;
};

} // namespace tokencache
