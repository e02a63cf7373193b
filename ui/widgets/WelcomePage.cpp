#include "ui/widgets/WelcomePage.h"

#include "core/common/Humanize.h"
#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokencache {

WelcomePage::WelcomePage(QWidget* parent) : QWidget(parent), m_text(new QLabel(this))
{
    setObjectName(QStringLiteral("welcome"));
    m_text->setObjectName(QStringLiteral("welcomeText"));
    m_text->setAlignment(Qt::AlignCenter);
    m_text->setWordWrap(true);
    m_connectButton = new QPushButton(Theme::icon(QStringLiteral("database")), tr("Connect to Redis…"), this);
    m_connectButton->setObjectName(QStringLiteral("welcomeConnectButton"));
    m_addButton = new QPushButton(Theme::icon(QStringLiteral("add")), tr("Add a provider profile…"), this);
    m_addButton->setObjectName(QStringLiteral("welcomeAddButton"));
    connect(m_connectButton, &QPushButton::clicked, this, &WelcomePage::connectRequested);
    connect(m_addButton, &QPushButton::clicked, this, &WelcomePage::newProfileRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(m_connectButton);
    buttons->addWidget(m_addButton);
    buttons->addStretch();
    auto* layout = new QVBoxLayout(this);
    layout->addStretch();
    layout->addWidget(m_text);
    layout->addLayout(buttons);
    layout->addStretch();
}

void WelcomePage::showConfigError(const QString& message)
{
    m_text->setText(tr("<h2>The configuration cannot be read</h2><p>%1</p><p>Fix or move the file; "
                       "tokencache will not overwrite it. The window reloads it when it changes.</p>")
                        .arg(message.toHtmlEscaped()));
    // Nothing may be typed into a dialog whose result could not be saved.
    for (QPushButton* button : {m_connectButton, m_addButton}) {
        button->setEnabled(false);
        button->setToolTip(tr("The configuration file cannot be read, so nothing can be saved to it"));
    }
}

void WelcomePage::showEmpty(const QString& redisUrl)
{
    for (QPushButton* button : {m_connectButton, m_addButton}) {
        button->setEnabled(true);
        button->setToolTip({});
    }
    m_text->setText(tr("<h2>Welcome to tokencache</h2><p>See which OAuth2 tokens your services cache in "
                       "Redis, how long each has left, and refresh or evict them.</p><p>Watching "
                       "<b>%1</b>. No tokens found there yet.</p>")
                        .arg(Humanize::urlWithoutCredentials(redisUrl).toHtmlEscaped()));
}

} // namespace tokencache
