#include "ui/widgets/ProfileSidebar.h"

#include "core/common/Humanize.h"
#include "core/config/Connection.h"
#include "ui/Theme.h"

#include <QUrl>

namespace tokencache {

namespace {
constexpr int kProfileRole = Qt::UserRole + 1;
constexpr int kConnectionRole = Qt::UserRole + 2;
constexpr int kProblemsRole = Qt::UserRole + 3;

/** Unknown (-1) until the connection's cache was read. */
QString problemsText(int count)
{
    return count < 0 ? ProfileSidebar::tr("Problems") : ProfileSidebar::tr("Problems (%1)").arg(count);
}

QString problemsToolTip(const QString& note)
{
    QString text =
        ProfileSidebar::tr("Keys without a TTL, a TTL past the token's exp, short lifetimes, unreadable "
                           "values, stale locks and rewrite storms: the table shows them (problem:any)");
    if (!note.isEmpty())
        text += QLatin1Char('\n') + note;
    return Theme::plainToolTip(text);
}

/** host:port/db is what tells connections apart; the whole URL (no credentials) is the tooltip. */
QString label(const Connection& shown)
{
    const QUrl url(shown.redis.url);
    const QString shortName =
        url.host().isEmpty()
            ? Humanize::urlWithoutCredentials(shown.redis.url)
            : QStringLiteral("%1:%2/%3").arg(url.host()).arg(url.port(6379)).arg(shown.redis.database());
    return shown.name == QLatin1String(Connection::kDefaultName)
               ? shortName
               : QStringLiteral("%1 \u00b7 %2").arg(shown.name, shortName);
}
} // namespace

ProfileSidebar::ProfileSidebar(QWidget* parent) : QTreeWidget(parent)
{
    setObjectName(QStringLiteral("sidebar"));
    setHeaderHidden(true);
    setContextMenuPolicy(Qt::ActionsContextMenu);
    connect(this, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->data(0, kProblemsRole).toBool())
            return; // nothing to edit: a click chose it already
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

QString ProfileSidebar::currentConnectionName() const
{
    return currentItem() ? currentItem()->data(0, kConnectionRole).toString() : QString();
}

bool ProfileSidebar::problemsChosen() const
{
    return currentItem() && currentItem()->data(0, kProblemsRole).toBool();
}

void ProfileSidebar::setProblemCount(const QString& name, int count, const QString& note)
{
    m_problemCounts.insert(name, {count, note});
    for (int i = 0; i < topLevelItemCount(); ++i) {
        QTreeWidgetItem* connection = topLevelItem(i);
        if (connection->data(0, kConnectionRole).toString() != name)
            continue;
        for (int j = 0; j < connection->childCount(); ++j) {
            QTreeWidgetItem* child = connection->child(j);
            if (!child->data(0, kProblemsRole).toBool())
                continue;
            child->setText(0, problemsText(count));
            child->setToolTip(0, problemsToolTip(note));
        }
    }
}

void ProfileSidebar::setConnectionNote(const QString& name, const QString& note)
{
    m_notedConnection = name;
    m_connectionNote = note;
}

void ProfileSidebar::showConnections(const QList<Connection>& connections, const QString& current)
{
    // Another tab came to the front: its connection is chosen, without a word (nothing new was chosen).
    const bool sameConnection = currentConnectionName() == current;
    const QString chosenProfile = sameConnection ? currentProfileName() : QString();
    const bool chosenProblems = sameConnection && problemsChosen();
    QSignalBlocker quiet(this);
    clear();
    // One connection: its host:port/db, whose both ends matter; several: their names first.
    setTextElideMode(connections.size() > 1 ? Qt::ElideRight : Qt::ElideMiddle);
    for (const Connection& shown : connections) {
        const bool noted = shown.name == m_notedConnection && !m_connectionNote.isEmpty();
        auto* connection =
            new QTreeWidgetItem(this, {noted ? tr("%1 (private)").arg(label(shown)) : label(shown)});
        connection->setData(0, kConnectionRole, shown.name);
        connection->setIcon(
            0, Theme::icon(shown.readOnly ? QStringLiteral("lock") : QStringLiteral("database")));
        QStringList about{Humanize::urlWithoutCredentials(shown.redis.url)};
        if (!shown.tag.isEmpty())
            about.append(tr("Tagged %1").arg(shown.tag));
        if (shown.readOnly)
            about.append(tr("Read-only: nothing is written to this Redis"));
        about.append(noted ? m_connectionNote : tr("Double-click to edit the connection"));
        connection->setToolTip(0, Theme::plainToolTip(about.join(QLatin1Char('\n'))));
        if (!shown.color.isEmpty())
            connection->setForeground(0, QColor(shown.color));
        if (shown.name == current)
            setCurrentItem(connection);
        QFont font = connection->font(0);
        font.setBold(connections.size() > 1 && shown.name == current);
        connection->setFont(0, font);
        const ProblemCount counted = m_problemCounts.value(shown.name);
        auto* problems = new QTreeWidgetItem(connection, {problemsText(counted.count)});
        problems->setIcon(0, Theme::icon(QStringLiteral("filter")));
        problems->setData(0, kProblemsRole, true);
        problems->setData(0, kConnectionRole, shown.name);
        problems->setToolTip(0, problemsToolTip(counted.note));
        if (shown.name == current && chosenProblems)
            setCurrentItem(problems);
        for (const ProviderProfile& profile : shown.profiles) {
            auto* item = new QTreeWidgetItem(connection, {profile.name});
            item->setIcon(0, Theme::icon(QStringLiteral("key")));
            item->setData(0, kProfileRole, profile.name);
            item->setData(0, kConnectionRole, shown.name);
            item->setToolTip(0, Theme::plainToolTip(QStringLiteral("%1\n%2").arg(
                                    Humanize::urlWithoutCredentials(profile.tokenUrl), profile.cacheKey())));
            if (shown.name == current && profile.name == chosenProfile)
                setCurrentItem(item);
        }
    }
    expandAll();
    quiet.unblock();
    // The chosen profile went (deleted, renamed): the choice falls back to its connection, and is said.
    if (sameConnection && !chosenProfile.isEmpty() && currentProfileName() != chosenProfile)
        emit currentItemChanged(currentItem(), nullptr);
}

} // namespace tokencache
