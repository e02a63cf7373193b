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
    auto* connectButton =
        new QPushButton(Theme::icon(QStringLiteral("database")), tr("Connect to Redis…"), this);
    connectButton->setObjectName(QStringLiteral("welcomeConnectButton"));
    auto* addButton =
        new QPushButton(Theme::icon(QStringLiteral("add")), tr("Add a provider profile…"), this);
    addButton->setObjectName(QStringLiteral("welcomeAddButton"));
    connect(connectButton, &QPushButton::clicked, this, &WelcomePage::connectRequested);
    connect(addButton, &QPushButton::clicked, this, &WelcomePage::newProfileRequested);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(connectButton);
    buttons->addWidget(addButton);
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
                       "tokencache will not overwrite it.</p>")
                        .arg(message.toHtmlEscaped()));
}

void WelcomePage::showEmpty(const QString& redisUrl)
{
    m_text->setText(tr("<h2>Welcome to tokencache</h2><p>See which OAuth2 tokens your services cache in "
                       "Redis, how long each has left, and refresh or evict them.</p><p>Watching "
                       "<b>%1</b>. No tokens found there yet.</p>")
                        .arg(Humanize::urlWithoutCredentials(redisUrl).toHtmlEscaped()));
}

} // namespace tokencache
