#include "MainWindow.h"

#include "ClipboardGuard.h"
#include "Confirmation.h"
#include "cache/CacheSession.h"
#include "cache/TokenCache.h"
#include "common/Humanize.h"
#include "dialogs/ConnectionDialog.h"
#include "dialogs/PreferencesDialog.h"
#include "dialogs/ProfileDialog.h"
#include "model/TokenTableModel.h"
#include "widgets/DetailPane.h"
#include "widgets/TtlBarDelegate.h"

#include <QAction>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTableView>
#include <QToolBar>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace {

constexpr int kProfileRole = Qt::UserRole + 1;

QIcon icon(const QString& name)
{
    return QIcon(QStringLiteral(":/icons/%1.svg").arg(name));
}

} // namespace

MainWindow::MainWindow(const QString& configPath, const QString& redisUrlOverride, const Clock& clock,
                       QWidget* parent)
    : QMainWindow(parent), m_clock(clock), m_store(configPath), m_redisUrlOverride(redisUrlOverride),
      m_preferences(Preferences::load()), m_model(new TokenTableModel(this, clock)),
      m_sync(new CacheSync(*m_model, this)), m_clipboard(new ClipboardGuard(clock, this)),
      m_confirmation(std::make_unique<DialogConfirmation>()), m_tick(this)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("tokencache"));
    setWindowIcon(icon(QStringLiteral("tokencache")));
    createActions();
    createLayout();

    connect(m_sync, &CacheSync::stateChanged, this, &MainWindow::onSyncState);
    m_sync->setVisibleKeys([this] {
        // The rows in view, from the first to the last visible one.
        QStringList keys;
        const int first = qMax(0, m_table->rowAt(0));
        int last = m_table->rowAt(m_table->viewport()->height() - 1);
        if (last < 0)
            last = m_model->rowCount() - 1;
        for (int row = first; row <= last && row < m_model->rowCount(); ++row)
            keys.append(m_model->index(row, 0).data(TokenTableModel::KeyRole).toString());
        return keys;
    });
    connect(m_sync, &CacheSync::synced, this, &MainWindow::onSynced);
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::updateCenter);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::updateCenter);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &MainWindow::updateCenter);
    // One timer moves every countdown on: the visible rows (computed when painted) and the detail pane.
    connect(&m_tick, &QTimer::timeout, this, [this] {
        m_table->viewport()->update();
        m_model->followStatusChanges();
        m_detail->tick();
        m_clipboard->tick();
    });
    m_tick.start(1000);

    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/columns")).toByteArray());

    setPreferences(m_preferences);
    loadConfig();
    connectToRedis();
}

MainWindow::~MainWindow() = default;

void MainWindow::setConfirmation(std::unique_ptr<Confirmation> confirmation)
{
    m_confirmation = std::move(confirmation);
}

void MainWindow::setPreferences(const Preferences& preferences)
{
    m_preferences = preferences;
    m_sync->setInterval(preferences.syncIntervalMs);
    m_clipboard->setClearDelayMs(preferences.clipboardClearMs);
}

void MainWindow::createActions()
{
    const auto action = [this](const QString& objectName, const QString& iconName, const QString& text,
                               const QKeySequence& shortcut, void (MainWindow::*slot)()) {
        auto* created = new QAction(icon(iconName), text, this);
        created->setObjectName(objectName);
        if (!shortcut.isEmpty())
            created->setShortcut(shortcut);
        created->setShortcutContext(Qt::WindowShortcut);
        if (slot)
            connect(created, &QAction::triggered, this, slot);
        return created;
    };
    m_reloadAction = action(QStringLiteral("reloadAction"), QStringLiteral("reload"), tr("Reload list"),
                            QKeySequence(Qt::CTRL | Qt::Key_R), nullptr);
    connect(m_reloadAction, &QAction::triggered, m_sync, &CacheSync::syncNow);
    m_refreshAction = action(QStringLiteral("refreshAction"), QStringLiteral("refresh"), tr("Refresh token"),
                             QKeySequence(Qt::Key_F5), &MainWindow::refreshSelected);
    m_evictAction = action(QStringLiteral("evictAction"), QStringLiteral("evict"), tr("Evict…"),
                           QKeySequence(QKeySequence::Delete), &MainWindow::evictSelected);
    m_copyTokenAction = action(QStringLiteral("copyTokenAction"), QStringLiteral("copy"), tr("Copy token"),
                               QKeySequence(Qt::CTRL | Qt::Key_C), nullptr);
    connect(m_copyTokenAction, &QAction::triggered, this, [this] { copySelected(Copy::Token); });
    m_copyHeaderAction =
        action(QStringLiteral("copyHeaderAction"), QStringLiteral("copy-header"),
               tr("Copy as Authorization header"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), nullptr);
    connect(m_copyHeaderAction, &QAction::triggered, this, [this] { copySelected(Copy::Header); });
    m_copyCurlAction = action(QStringLiteral("copyCurlAction"), QStringLiteral("copy-curl"),
                              tr("Copy as curl command"), QKeySequence(), nullptr);
    connect(m_copyCurlAction, &QAction::triggered, this, [this] { copySelected(Copy::Curl); });
    m_newProfileAction = action(QStringLiteral("newProfileAction"), QStringLiteral("add"), tr("New profile…"),
                                QKeySequence(QKeySequence::New), &MainWindow::newProfile);
    m_editProfileAction = action(QStringLiteral("editProfileAction"), QStringLiteral("edit"),
                                 tr("Edit profile…"), QKeySequence(), &MainWindow::editProfile);
    m_duplicateProfileAction =
        action(QStringLiteral("duplicateProfileAction"), QStringLiteral("copy"), tr("Duplicate profile…"),
               QKeySequence(), &MainWindow::duplicateProfile);
    m_deleteProfileAction = action(QStringLiteral("deleteProfileAction"), QStringLiteral("delete"),
                                   tr("Delete profile…"), QKeySequence(), &MainWindow::deleteProfile);
    m_connectionAction = action(QStringLiteral("connectionAction"), QStringLiteral("database"),
                                tr("Redis connection…"), QKeySequence(), &MainWindow::editConnection);
    m_preferencesAction = action(QStringLiteral("preferencesAction"), QStringLiteral("preferences"),
                                 tr("Preferences…"), QKeySequence(QKeySequence::Preferences), nullptr);
    connect(m_preferencesAction, &QAction::triggered, this, [this] {
        PreferencesDialog dialog(m_preferences, this);
        if (dialog.exec() != QDialog::Accepted)
            return;
        setPreferences(dialog.preferences());
        m_preferences.save();
    });

    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_reloadAction, m_refreshAction, m_evictAction});
    toolbar->addSeparator();
    toolbar->addActions({m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    toolbar->addSeparator();
    toolbar->addActions({m_newProfileAction, m_connectionAction});

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_connectionAction, m_preferencesAction});
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    QMenu* tokens = menuBar()->addMenu(tr("&Token"));
    tokens->addActions({m_reloadAction, m_refreshAction, m_evictAction});
    tokens->addSeparator();
    tokens->addActions({m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    QMenu* profiles = menuBar()->addMenu(tr("&Profile"));
    profiles->addActions(
        {m_newProfileAction, m_editProfileAction, m_duplicateProfileAction, m_deleteProfileAction});
}

void MainWindow::createLayout()
{
    m_sidebar = new QTreeWidget(this);
    m_sidebar->setObjectName(QStringLiteral("sidebar"));
    m_sidebar->setHeaderHidden(true);
    m_sidebar->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_sidebar->addActions({m_newProfileAction, m_editProfileAction, m_duplicateProfileAction,
                           m_deleteProfileAction, m_connectionAction});
    connect(m_sidebar, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        if (item->data(0, kProfileRole).isValid())
            editProfile();
        else
            editConnection();
    });
    connect(m_sidebar, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem* item) {
        // Picking a profile shows its entry.
        const QString name = item ? item->data(0, kProfileRole).toString() : QString();
        if (const ProviderProfile* profile = m_config.profile(name)) {
            const QModelIndex row = m_model->indexForKey(profile->cacheKey());
            if (row.isValid())
                m_table->setCurrentIndex(row);
        }
        updateActions();
    });

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter: text, or key: profile: type: scope: status:"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_model, &TokenTableModel::setFilterText);

    m_table = new QTableView(this);
    m_table->setObjectName(QStringLiteral("tokenTable"));
    m_table->setModel(m_model);
    m_table->setSortingEnabled(true);
    // Soonest to expire first: what an operator looks for.
    m_table->sortByColumn(TokenTableModel::ExpiresIn, Qt::AscendingOrder);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setAlternatingRowColors(true);
    m_table->setShowGrid(false);
    m_table->setWordWrap(false);
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 10);
    m_table->horizontalHeader()->setHighlightSections(false);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setItemDelegateForColumn(TokenTableModel::TtlBar, new TtlBarDelegate(m_table));
    const QList<int> widths{190, 80, 60, 120, 80, 100, 65, 62, 100};
    for (int column = 0; column < widths.size(); ++column)
        m_table->setColumnWidth(column, widths.at(column));
    m_table->setContextMenuPolicy(Qt::ActionsContextMenu);
    m_table->addActions(
        {m_refreshAction, m_evictAction, m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        showSelectedEntry();
        updateActions();
    });

    auto* tableArea = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    tableLayout->addWidget(m_filter);
    tableLayout->addWidget(m_table, 1);

    auto* welcome = new QWidget(this);
    welcome->setObjectName(QStringLiteral("welcome"));
    m_welcomeText = new QLabel(welcome);
    m_welcomeText->setObjectName(QStringLiteral("welcomeText"));
    m_welcomeText->setWordWrap(true);
    m_welcomeText->setAlignment(Qt::AlignCenter);
    auto* connectButton = new QPushButton(icon(QStringLiteral("database")), tr("Connect to Redis…"), welcome);
    connectButton->setObjectName(QStringLiteral("welcomeConnectButton"));
    auto* addButton = new QPushButton(icon(QStringLiteral("add")), tr("Add a provider profile…"), welcome);
    addButton->setObjectName(QStringLiteral("welcomeAddButton"));
    connect(connectButton, &QPushButton::clicked, this, &MainWindow::editConnection);
    connect(addButton, &QPushButton::clicked, this, &MainWindow::newProfile);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(connectButton);
    buttons->addWidget(addButton);
    buttons->addStretch();
    auto* welcomeLayout = new QVBoxLayout(welcome);
    welcomeLayout->addStretch();
    welcomeLayout->addWidget(m_welcomeText);
    welcomeLayout->addLayout(buttons);
    welcomeLayout->addStretch();

    m_center = new QStackedWidget(this);
    m_center->addWidget(welcome);
    m_center->addWidget(tableArea);

    m_detail = new DetailPane(this, m_clock);
    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_center);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({170, 880, 350});
    setCentralWidget(m_splitter);

    m_stateLabel = new QLabel(this);
    m_stateLabel->setObjectName(QStringLiteral("stateLabel"));
    m_versionLabel = new QLabel(this);
    m_versionLabel->setObjectName(QStringLiteral("versionLabel"));
    m_rttLabel = new QLabel(this);
    m_rttLabel->setObjectName(QStringLiteral("rttLabel"));
    m_syncLabel = new QLabel(this);
    m_syncLabel->setObjectName(QStringLiteral("syncLabel"));
    statusBar()->addPermanentWidget(m_versionLabel);
    statusBar()->addPermanentWidget(m_rttLabel);
    statusBar()->addPermanentWidget(m_syncLabel);
    statusBar()->addPermanentWidget(m_stateLabel);
    resize(1400, 720);
}

void MainWindow::loadConfig()
{
    auto loaded = m_store.load();
    m_configError = loaded ? QString() : loaded.error().message;
    m_config = loaded ? *loaded : AppConfig{};
    if (!m_redisUrlOverride.isEmpty())
        m_config.redis.url = m_redisUrlOverride;
    m_sync->setProfiles(m_config.profiles);
    populateSidebar();
    updateCenter();
    updateActions();
}

void MainWindow::connectToRedis()
{
    auto session = CacheSession::create(m_config.redis);
    if (!session) {
        m_session.reset();
        m_sync->setSession(nullptr, {});
        onSyncState(CacheSync::State::Reconnecting, session.error().message);
        return;
    }
    m_session = *session;
    m_sync->setSession(m_session, m_config.profiles);
}

void MainWindow::populateSidebar()
{
    const QString current =
        m_sidebar->currentItem() ? m_sidebar->currentItem()->data(0, kProfileRole).toString() : QString();
    m_sidebar->clear();
    auto* connection = new QTreeWidgetItem(m_sidebar, {Humanize::urlWithoutCredentials(m_config.redis.url)});
    connection->setIcon(0, icon(QStringLiteral("database")));
    connection->setToolTip(0, tr("Redis connection (double-click to edit)"));
    for (const ProviderProfile& profile : m_config.profiles) {
        auto* item = new QTreeWidgetItem(connection, {profile.name});
        item->setIcon(0, icon(QStringLiteral("key")));
        item->setData(0, kProfileRole, profile.name);
        item->setToolTip(0, QStringLiteral("%1\n%2").arg(Humanize::urlWithoutCredentials(profile.tokenUrl),
                                                         profile.cacheKey()));
        if (profile.name == current)
            m_sidebar->setCurrentItem(item);
    }
    m_sidebar->expandAll();
}

void MainWindow::updateCenter()
{
    // Called for every batch the model takes: the welcome text is only built when it is shown.
    const bool welcome =
        !m_configError.isEmpty() || (m_config.profiles.isEmpty() && m_model->totalRowCount() == 0);
    m_center->setCurrentIndex(welcome ? 0 : 1);
    if (!welcome)
        return;
    if (!m_configError.isEmpty())
        m_welcomeText->setText(
            tr("<h2>The configuration cannot be read</h2><p>%1</p><p>Fix or move the file; "
               "tokencache will not overwrite it.</p>")
                .arg(m_configError.toHtmlEscaped()));
    else
        m_welcomeText->setText(
            tr("<h2>Welcome to tokencache</h2><p>See which OAuth2 tokens your services cache in "
               "Redis, how long each has left, and refresh or evict them.</p><p>Watching "
               "<b>%1</b>. No tokens found there yet.</p>")
                .arg(Humanize::urlWithoutCredentials(m_config.redis.url).toHtmlEscaped()));
}

void MainWindow::updateActions()
{
    const bool hasKey = !selectedKey().isEmpty();
    const bool editable = m_configError.isEmpty();
    m_refreshAction->setEnabled(selectedProfile() != nullptr);
    m_evictAction->setEnabled(hasKey);
    m_copyTokenAction->setEnabled(hasKey);
    m_copyHeaderAction->setEnabled(hasKey);
    m_copyCurlAction->setEnabled(hasKey);
    m_newProfileAction->setEnabled(editable);
    m_connectionAction->setEnabled(editable);
    const bool profileChosen = editable && sidebarProfile() != nullptr;
    m_editProfileAction->setEnabled(profileChosen);
    m_duplicateProfileAction->setEnabled(profileChosen);
    m_deleteProfileAction->setEnabled(profileChosen);
}

void MainWindow::onSyncState(CacheSync::State state, const QString& detail)
{
    switch (state) {
    case CacheSync::State::Idle:
        m_stateLabel->setText(tr("● not connected"));
        m_stateLabel->setStyleSheet(QStringLiteral("color: #77767b;"));
        break;
    case CacheSync::State::Connecting:
        m_stateLabel->setText(tr("● connecting…"));
        m_stateLabel->setStyleSheet(QStringLiteral("color: #b36b00;"));
        break;
    case CacheSync::State::Connected:
        m_stateLabel->setText(tr("● connected"));
        m_stateLabel->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
        break;
    case CacheSync::State::Reconnecting:
        m_stateLabel->setText(tr("● disconnected, retrying"));
        m_stateLabel->setStyleSheet(QStringLiteral("color: #c01c28;"));
        break;
    }
    m_stateLabel->setToolTip(detail);
    if (!detail.isEmpty())
        statusBar()->showMessage(detail);
}

void MainWindow::onSynced(const ServerInfo& server, const QDateTime& at)
{
    // Something useful in the detail pane from the start: the first token (not a lock or broken value).
    for (int row = 0; !m_table->currentIndex().isValid() && row < m_model->rowCount(); ++row) {
        const auto status =
            CacheEntry::Status(m_model->index(row, 0).data(TokenTableModel::StatusRole).toInt());
        if (status == CacheEntry::Status::Valid || status == CacheEntry::Status::Expiring)
            m_table->setCurrentIndex(m_model->index(row, 0));
    }
    showSelectedEntry(); // its TTL and relative times move on
    m_versionLabel->setText(tr("Redis %1").arg(server.version));
    m_rttLabel->setText(tr("round trip %1 ms").arg(server.roundTripMs));
    m_syncLabel->setText(tr("synced %1").arg(at.toString(QStringLiteral("HH:mm:ss"))));
    if (m_stateLabel->toolTip().isEmpty())
        return;
    statusBar()->clearMessage();
}

QString MainWindow::selectedKey() const
{
    const QModelIndex current = m_table->currentIndex();
    return current.isValid() ? current.data(TokenTableModel::KeyRole).toString() : QString();
}

const ProviderProfile* MainWindow::sidebarProfile() const
{
    const QTreeWidgetItem* item = m_sidebar->currentItem();
    return item ? m_config.profile(item->data(0, kProfileRole).toString()) : nullptr;
}

const ProviderProfile* MainWindow::selectedProfile() const
{
    const QModelIndex current = m_table->currentIndex();
    if (current.isValid()) {
        if (const ProviderProfile* profile =
                m_config.profile(current.data(TokenTableModel::ProfileRole).toString()))
            return profile;
    }
    return sidebarProfile();
}

void MainWindow::showSelectedEntry()
{
    const QString key = selectedKey();
    if (key.isEmpty() || !m_session) {
        m_detail->clear();
        return;
    }
    m_session->cache().read(key, m_detail, [this, key](const Result<CacheEntry>& entry) {
        if (selectedKey() != key)
            return;
        if (!entry) {
            m_detail->showMessage(entry.error().message);
            return;
        }
        CacheEntry shown = *entry;
        if (const ProviderProfile* profile = m_config.profileForKey(shown.key))
            shown.applyProfile(*profile);
        m_detail->showEntry(shown);
    });
}

void MainWindow::report(const QString& message, bool error)
{
    statusBar()->setStyleSheet(error ? QStringLiteral("QStatusBar { color: #c01c28; }") : QString());
    statusBar()->showMessage(message, error ? 0 : 8000);
}

void MainWindow::refreshSelected()
{
    const ProviderProfile* selected = selectedProfile();
    if (!selected || !m_session)
        return;
    const ProviderProfile profile = *selected;
    report(tr("Refreshing %1…").arg(profile.name));
    m_session->cache().refresh(profile, this, [this, profile](const Result<CacheEntry>& entry) {
        if (!entry) {
            report(entry.error().message, true);
            return;
        }
        if (entry->stored)
            m_model->upsert({*entry});
        report(tr("Refreshed %1: expires in %2").arg(entry->key, Humanize::duration(entry->ttlMs)));
        if (selectedKey() == entry->key)
            m_detail->showEntry(*entry);
        updateCenter();
    });
}

void MainWindow::evictSelected()
{
    const QString key = selectedKey();
    if (key.isEmpty() || !m_session)
        return;
    if (!m_confirmation->confirm(
            this, tr("Evict token"),
            tr("Delete %1 from Redis?\n\nEvery service using it fetches a new token on its next "
               "request.")
                .arg(key),
            tr("Evict %1").arg(key)))
        return;
    m_session->cache().evict(key, this, [this, key](const Result<Done>& done) {
        if (!done && done.error().kind != Error::Kind::NotFound) {
            report(done.error().message, true);
            return;
        }
        m_model->removeKey(key);
        report(tr("Evicted %1").arg(key));
    });
}

void MainWindow::copySelected(Copy what)
{
    const QString key = selectedKey();
    if (key.isEmpty() || !m_session)
        return;
    m_session->cache().read(key, this, [this, what](const Result<CacheEntry>& entry) {
        if (!entry) {
            report(entry.error().message, true);
            return;
        }
        if (!entry->token) {
            report(tr("%1 holds no token to copy").arg(entry->key), true);
            return;
        }
        const QString token = entry->token->accessToken;
        const QString type =
            entry->token->tokenType.isEmpty() ? QStringLiteral("Bearer") : entry->token->tokenType;
        QString text = token;
        if (what == Copy::Header)
            text = QStringLiteral("Authorization: %1 %2").arg(type, token);
        if (what == Copy::Curl) {
            const ProviderProfile* profile = m_config.profile(entry->profile);
            const QString audience = profile ? profile->audience : QString();
            const QString target = audience.startsWith(QLatin1String("http"))
                                       ? audience
                                       : QStringLiteral("https://api.example.com/");
            text = QStringLiteral("curl -H 'Authorization: %1 %2' '%3'").arg(type, token, target);
        }
        m_clipboard->copy(text);
        report(m_preferences.clipboardClearMs > 0
                   ? tr("Copied the token of %1; the clipboard is cleared in %2 s")
                         .arg(entry->key)
                         .arg(m_preferences.clipboardClearMs / 1000)
                   : tr("Copied the token of %1").arg(entry->key));
    });
}

bool MainWindow::saveConfig(const std::function<Result<Done>(AppConfig&)>& change)
{
    auto saved = m_store.update(change);
    if (!saved) {
        report(saved.error().message, true);
        return false;
    }
    const RedisSettings before = m_config.redis;
    loadConfig();
    // Any connection setting, TLS included, takes a new connection; a profile change a new pass.
    if (!(before == m_config.redis))
        connectToRedis();
    else
        m_sync->syncNow();
    return true;
}

void MainWindow::openProfileDialog(const ProviderProfile& start, const QString& replacing)
{
    // Profiles are configuration: editing them needs no live connection.
    QStringList taken;
    for (const ProviderProfile& profile : m_config.profiles) {
        if (profile.name != replacing)
            taken.append(profile.name);
    }
    ProfileDialog dialog(start, taken, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const ProviderProfile edited = dialog.profile();
    if (saveConfig([&edited, &replacing](AppConfig& config) -> Result<Done> {
            config.profiles.removeIf([&replacing](const ProviderProfile& p) {
                return !replacing.isEmpty() && p.name == replacing;
            });
            config.profiles.append(edited);
            return Done{};
        }))
        report(tr("Saved profile %1").arg(edited.name));
}

void MainWindow::newProfile()
{
    openProfileDialog(ProviderProfile{}, {});
}

void MainWindow::editProfile()
{
    if (const ProviderProfile* profile = sidebarProfile())
        openProfileDialog(*profile, profile->name);
}

void MainWindow::duplicateProfile()
{
    const ProviderProfile* profile = sidebarProfile();
    if (!profile)
        return;
    ProviderProfile copy = *profile;
    copy.name += tr("-copy");
    copy.key.clear();
    openProfileDialog(copy, {});
}

void MainWindow::deleteProfile()
{
    const ProviderProfile* profile = sidebarProfile();
    if (!profile)
        return;
    const QString name = profile->name;
    if (!m_confirmation->confirm(
            this, tr("Delete profile"),
            tr("Delete the profile %1 from the configuration?\n\nIts cached token stays in Redis.").arg(name),
            tr("Delete %1").arg(name)))
        return;
    if (saveConfig([&name](AppConfig& config) -> Result<Done> {
            config.profiles.removeIf([&name](const ProviderProfile& p) { return p.name == name; });
            return Done{};
        }))
        report(tr("Deleted profile %1").arg(name));
}

void MainWindow::editConnection()
{
    ConnectionDialog dialog(m_config.redis, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    const RedisSettings settings = dialog.settings();
    m_redisUrlOverride.clear();
    if (saveConfig([&settings](AppConfig& config) -> Result<Done> {
            config.redis = settings;
            return Done{};
        }))
        report(tr("Saved the Redis connection"));
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/columns"), m_table->horizontalHeader()->saveState());
    QMainWindow::closeEvent(event);
}
