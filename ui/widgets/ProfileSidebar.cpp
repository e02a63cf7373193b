#include "ui/widgets/ProfileSidebar.h"

#include "core/common/Humanize.h"
#include "core/config/AppConfig.h"
#include "ui/Theme.h"

namespace tokencache {

namespace {
constexpr int kProfileRole = Qt::UserRole + 1;
}

ProfileSidebar::ProfileSidebar(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("sidebar"));
    setHeaderHidden(true);
    setContextMenuPolicy(Qt::ActionsContextMenu);
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
    auto* connection = new QTreeWidgetItem(this, {Humanize::urlWithoutCredentials(config.redis.url)});
    connection->setIcon(0, Theme::icon(QStringLiteral("database")));
    connection->setToolTip(0, tr("Redis connection (double-click to edit)"));
    for (const ProviderProfile& profile : config.profiles) {
        auto* item = new QTreeWidgetItem(connection, {profile.name});
        item->setIcon(0, Theme::icon(QStringLiteral("key")));
        item->setData(0, kProfileRole, profile.name);
        item->setToolTip(0, QStringLiteral("%1\n%2").arg(Humanize::urlWithoutCredentials(profile.tokenUrl),
                                                         profile.cacheKey()));
        if (profile.name == current)
            setCurrentItem(item);
    }
    expandAll();
}

} // namespace tokencache
