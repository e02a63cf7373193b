#pragma once

#include "ui/sync/CacheSync.h"

#include <QDateTime>
#include <QWidget>

class QLabel;

namespace tokencache {

struct ServerInfo;

/**
 * The status bar's right side: server version, round trip, when the TTLs were last read (every
 * interval), when the keys were last scanned in full, and the connection state.
 */
class ConnectionStatus final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionStatus)

public:
    explicit ConnectionStatus(QWidget* parent = nullptr);

    /** @p detail: why (an error while reconnecting), shown as the state's tooltip. */
    void setState(CacheSync::State state, const QString& detail);
    /** A full scan ended (it read the TTLs too). */
    void setSynced(const ServerInfo& server, const QDateTime& at);
    /** Only the TTLs of the rows in view were read. */
    void setTtlsSynced(const QDateTime& at);

private:
    QLabel* m_version;
    QLabel* m_roundTrip;
    QLabel* m_ttlsSynced;
    QLabel* m_scanned;
    QLabel* m_state;
};

} // namespace tokencache
