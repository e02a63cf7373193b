#include "ui/widgets/ConnectionStatus.h"

#include "core/cache/ServerInfo.h"
#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QLabel>

namespace tokencache {

ConnectionStatus::ConnectionStatus(QWidget* parent)
    : QWidget(parent), m_version(new QLabel(this)), m_roundTrip(new QLabel(this)),
      m_ttlsSynced(new QLabel(this)), m_scanned(new QLabel(this)), m_state(new QLabel(this))
{
    m_version->setObjectName(QStringLiteral("versionLabel"));
    m_roundTrip->setObjectName(QStringLiteral("rttLabel"));
    m_ttlsSynced->setObjectName(QStringLiteral("ttlSyncLabel"));
    m_scanned->setObjectName(QStringLiteral("scanLabel"));
    m_state->setObjectName(QStringLiteral("stateLabel"));
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(12);
    for (QLabel* label : {m_version, m_roundTrip, m_ttlsSynced, m_scanned, m_state})
        layout->addWidget(label);
}

void ConnectionStatus::setState(CacheSync::State state, const QString& detail)
{
    const auto show = [this](const QString& text, Theme::Tone tone) {
        m_state->setText(text);
        m_state->setStyleSheet(Theme::textStyle(tone));
    };
    switch (state) {
    case CacheSync::State::Idle:
        show(tr("● not connected"), Theme::Tone::Muted);
        break;
    case CacheSync::State::Connecting:
        show(tr("● connecting…"), Theme::Tone::Warning);
        break;
    case CacheSync::State::Connected:
        show(tr("● connected"), Theme::Tone::Good);
        break;
    case CacheSync::State::Reconnecting:
        show(tr("● disconnected, retrying"), Theme::Tone::Bad);
        break;
    }
    m_state->setToolTip(Theme::plainToolTip(detail));
}

void ConnectionStatus::setSynced(const ServerInfo& server, const QDateTime& at)
{
    m_version->setText(tr("Redis %1").arg(server.version));
    m_roundTrip->setText(tr("round trip %1 ms").arg(server.roundTripMs));
    m_scanned->setText(tr("full scan %1").arg(at.toString(QStringLiteral("HH:mm:ss"))));
    setTtlsSynced(at);
}

void ConnectionStatus::setTtlsSynced(const QDateTime& at)
{
    m_ttlsSynced->setText(tr("TTLs synced %1").arg(at.toString(QStringLiteral("HH:mm:ss"))));
}

} // namespace tokencache
