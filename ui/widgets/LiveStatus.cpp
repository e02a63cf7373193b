#include "ui/widgets/LiveStatus.h"

#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QToolButton>

namespace tokencache {

LiveStatus::LiveStatus(QWidget* parent)
    : QWidget(parent), m_label(new QLabel(this)), m_enable(new QToolButton(this))
{
    m_label->setObjectName(QStringLiteral("liveLabel"));
    m_enable->setObjectName(QStringLiteral("enableLiveButton"));
    m_enable->setText(tr("Turn on live updates"));
    m_enable->hide();
    connect(m_enable, &QToolButton::clicked, this, &LiveStatus::enableRequested);
    auto* layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_enable);
    hide(); // nothing to say until the first pass ends and the subscription is tried
}

void LiveStatus::setLive(KeyspaceWatcher::Live live, const QString& reason)
{
    show();
    switch (live) {
    case KeyspaceWatcher::Live::On:
        m_label->setText(tr("● live"));
        m_label->setToolTip(tr("changes arrive from keyspace events"));
        m_label->setStyleSheet(Theme::textStyle(Theme::Tone::Good));
        break;
    case KeyspaceWatcher::Live::Off:
        m_label->setText(tr("live updates off: %1 — polling").arg(reason));
        m_label->setToolTip({});
        m_label->setStyleSheet(Theme::textStyle(Theme::Tone::Muted));
        break;
    case KeyspaceWatcher::Live::Unknown:
        m_label->setText(tr("live updates unknown: %1 — polling").arg(reason));
        m_label->setToolTip({});
        m_label->setStyleSheet(Theme::textStyle(Theme::Tone::Muted));
        break;
    }
    // Only Off can be cured by CONFIG SET; Unknown means CONFIG itself is refused.
    m_enable->setVisible(live == KeyspaceWatcher::Live::Off);
}

void LiveStatus::setWriteRefusal(const QString& whyNot)
{
    m_enable->setEnabled(whyNot.isEmpty());
    m_enable->setToolTip(whyNot.isEmpty()
                             ? tr("Sets notify-keyspace-events on the server so that each change "
                                  "arrives as it happens, with no scans")
                             : Theme::plainToolTip(whyNot));
}

} // namespace tokencache
