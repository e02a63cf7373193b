#include "ui/widgets/ProfileSidebar.h"

#include "core/common/Humanize.h"
#include "core/config/Connection.h"
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

void ProfileSidebar::showConnection(const Connection& shown)
{
    const QString current = currentProfileName();
    clear();
    // host:port/db is what tells connections apart; the whole URL (no credentials) is the tooltip.
    const QUrl url(shown.redis.url);
    const QString shortName =
        url.host().isEmpty()
            ? Humanize::urlWithoutCredentials(shown.redis.url)
            : QStringLiteral("%1:%2/%3").arg(url.host()).arg(url.port(6379)).arg(shown.redis.database());
    const QString label = shown.name == QLatin1String(Connection::kDefaultName)
                              ? shortName
                              : QStringLiteral("%1 \u00b7 %2").arg(shown.name, shortName);
    auto* connection =
        new QTreeWidgetItem(this, {m_connectionNote.isEmpty() ? label : tr("%1 (private)").arg(label)});
    connection->setIcon(0, Theme::icon(QStringLiteral("database")));
    connection->setToolTip(0, Theme::plainToolTip(tr("%1\n%2").arg(
                                  Humanize::urlWithoutCredentials(shown.redis.url),
                                  m_connectionNote.isEmpty() ? tr("Redis connection (double-click to edit)")
                                                             : m_connectionNote)));
    for (const ProviderProfile& profile : shown.profiles) {
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
