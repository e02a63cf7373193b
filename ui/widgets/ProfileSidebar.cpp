#include "ui/widgets/ProfileSidebar.h"

#include "core/common/Humanize.h"
#include "core/config/AppConfig.h"
#include "ui/Theme.h"

#include <QUrl>

namespace tokencache {

namespace {
constexpr int kProfileRole = Qt::UserRole + 1;
}

ProfileSidebar::ProfileSidebar(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("sidebar"));
    setHeaderHidden(true);
    setContextMenuPolicy(Qt::ActionsContextMenu);
    setTextElideMode(Qt::ElideMiddle);
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->data(0, kProfileRole).isValid())
            emit profileActivated();
        else
            emit connectionActivated();
    });
}

QString ProfileSidebar::currentProfileName() const
{
    return currentItem() ? currentItem()->data(0, kProfileRole).toString() : QString();
}

void ProfileSidebar::showConfig(const AppConfig& config)
{
    const QString current = currentProfileName();
    clear();
    // host:port/db is what tells connections apart; the whole URL (no credentials) is the tooltip.
    const QUrl url(config.redis.url);
    const QString shortName =
        url.host().isEmpty()
            ? Humanize::urlWithoutCredentials(config.redis.url)
            : QStringLiteral("%1:%2/%3").arg(url.host()).arg(url.port(6379)).arg(config.redis.database());
    auto* connection = new QTreeWidgetItem(
        this, {m_connectionNote.isEmpty() ? shortName : tr("%1 (private)").arg(shortName)});
    connection->setIcon(0, Theme::icon(QStringLiteral("database")));
    connection->setToolTip(0, Theme::plainToolTip(tr("%1\n%2").arg(
                                  Humanize::urlWithoutCredentials(config.redis.url),
                                  m_connectionNote.isEmpty() ? tr("Redis connection (double-click to edit)")
                                                             : m_connectionNote)));
    for (const ProviderProfile& profile : config.profiles) {
        auto* item = new QTreeWidgetItem(connection, {profile.name});
        item->setIcon(0, Theme::icon(QStringLiteral("key")));
        item->setData(0, kProfileRole, profile.name);
        item->setToolTip(0, Theme::plainToolTip(QStringLiteral("%1\n%2").arg(
                                Humanize::urlWithoutCredentials(profile.tokenUrl), profile.cacheKey())));
        if (profile.name == current)
            setCurrentItem(item);
    }
    expandAll();
}

} // namespace tokencache
