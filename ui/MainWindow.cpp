#include "ui/MainWindow.h"

#include "core/cache/EntryFilter.h"
#include "core/common/Humanize.h"
#include "core/config/SecretPrefetch.h"
#include "ui/ClipboardGuard.h"
#include "ui/ConfigController.h"
#include "ui/Confirmation.h"
#include "ui/Theme.h"
#include "ui/dialogs/AboutBox.h"
#include "ui/dialogs/ConnectionDialog.h"
#include "ui/dialogs/PreferencesDialog.h"
#include "ui/dialogs/ProfileDialog.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/CacheSync.h"
#include "ui/sync/SessionThread.h"
#include "ui/widgets/ConnectionStatus.h"
#include "ui/widgets/DetailPane.h"
#include "ui/widgets/ProfileSidebar.h"
#include "ui/widgets/TokenTable.h"
#include "ui/widgets/WelcomePage.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QStatusBar>
#include <QToolBar>
#include <QToolButton>
#include <QTreeWidgetItem>
#include <QVBoxLayout>

#include <utility>

namespace tokencache {

MainWindow::MainWindow(const QString& configPath, const QString& redisUrlOverride,
                       const QString& connectionName, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), m_clock(clock), m_preferences(Preferences::load()),
      m_config(new ConfigController(configPath, redisUrlOverride, connectionName, this)),
      m_model(new TokenTableModel(this, clock)), m_sync(new CacheSync(*m_model, this)),
      m_clipboard(new ClipboardGuard(clock, this)),
      m_actions(new TokenActions(*m_config, *m_model, *m_clipboard, this)),
      m_confirmation(std::make_unique<DialogConfirmation>()), m_tick(this)
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("tokencache"));
    setWindowIcon(Theme::icon(QStringLiteral("tokencache")));
    createActions();
    createMenus();
    createLayout();

    connect(m_config, &ConfigController::changed, this, &MainWindow::onConfigChanged);
    // What Refresh acts on follows the focus (sidebar or table), so its state does too.
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateActions);
    connect(m_actions, &TokenActions::reported, this, &MainWindow::report);
    connect(m_actions, &TokenActions::refreshed, this, [this](const CacheEntry& entry) {
        if (m_table->selectedKey() == entry.key)
            m_detail->showEntry(entry);
        updateCenter();
    });
    connect(m_sync, &CacheSync::stateChanged, this, &MainWindow::showSyncState);
    m_sync->setVisibleKeys([this] { return m_table->visibleKeys(); });
    m_detail->setRevealGate([this](const CacheEntry& entry) {
        const AuditEvent event{QStringLiteral("reveal"),
                               entry.key,
                               entry.profile,
                               entry.token ? entry.token->fingerprint() : QString(),
                               {},
                               {}};
        const auto recorded = m_config->auditLog()->record(event);
        if (!recorded)
            report(recorded.error().message, true);
        return bool(recorded);
    });
    connect(m_sync, &CacheSync::synced, this, [this](const ServerInfo& server, const QDateTime& at) {
        // Nothing is selected for the user: an action must only ever hit a row they chose.
        showSelectedEntry(); // its TTL and relative times move on
        m_status->setSynced(server, at);
    });
    connect(m_sync, &CacheSync::ttlsSynced, m_status, &ConnectionStatus::setTtlsSynced);
    // Every change to the rows shown: the centre page, the filter's count, the detail pane's entry.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &MainWindow::onRowsChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &MainWindow::onRowsChanged);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &MainWindow::onRowsChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &MainWindow::onRowsChanged);
    connect(m_filter, &QLineEdit::textChanged, this, [this](const QString& text) {
        const auto parsed = EntryFilter::parse(text); // the model keeps the filter; this only words it
        m_filterProblem = parsed ? QString() : parsed.error().message;
        updateFilterCount();
        // The rows it hides leave the selection without a selectionChanged (a layout change); the
        // pane follows only when what it shows is no longer the selection, not on every keystroke.
        const QStringList selected = m_table->selectedKeys();
        if (selected.size() != 1 || selected.first() != m_shownKey)
            onSelectionChanged();
    });
    // One timer moves every countdown on: the visible rows (computed when painted) and the detail pane.
    connect(&m_tick, &QTimer::timeout, this, [this] {
        m_table->viewport()->update();
        m_model->followStatusChanges();
        m_detail->tick();
        m_clipboard->tick();
    });
    m_tick.start(1000);

    restoreLayout();
    setPreferences(m_preferences);
    m_config->load();
    m_config->watch();
}

MainWindow::~MainWindow()
{
    // QWidget's destructor hides the window, which moves the focus: this object is gone by then.
    disconnect(qApp, &QApplication::focusChanged, this, nullptr);
}

void MainWindow::markRedisPrivate()
{
    m_redisIsPrivate = true;
    showConnection();
}

void MainWindow::showConnection()
{
    // Private while the launch's URL is in use: a connection saved in the dialog replaces it.
    const bool isPrivate = m_redisIsPrivate && !m_config->redisUrlOverride().isEmpty();
    m_sidebar->setConnectionNote(isPrivate ? tr("private Redis for this session, data is discarded on quit")
                                           : QString());
    m_sidebar->showConnection(m_config->connection());
}

void MainWindow::onRowsChanged()
{
    updateCenter();
    updateFilterCount();
    noticeShownEntryGone();
}

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
                               const QKeySequence& shortcut, const std::function<void()>& slot) {
        auto* created = new QAction(Theme::icon(iconName), text, this);
        created->setObjectName(objectName);
        if (!shortcut.isEmpty())
            created->setShortcut(shortcut);
        created->setShortcutContext(Qt::WindowShortcut);
        connect(created, &QAction::triggered, this, slot);
        return created;
    };
    m_reloadAction = action(QStringLiteral("reloadAction"), QStringLiteral("reload"), tr("Reload list"),
                            QKeySequence(Qt::CTRL | Qt::Key_R), [this] { m_sync->syncNow(); });
    m_refreshAction = action(QStringLiteral("refreshAction"), QStringLiteral("refresh"), tr("Refresh token"),
                             QKeySequence(Qt::Key_F5), [this] { refreshSelected(); });
    m_evictAction = action(QStringLiteral("evictAction"), QStringLiteral("evict"), tr("Evict…"),
                           QKeySequence(QKeySequence::Delete), [this] { evictSelected(); });
    m_copyTokenAction =
        action(QStringLiteral("copyTokenAction"), QStringLiteral("copy"), tr("Copy token"),
               QKeySequence(Qt::CTRL | Qt::Key_C), [this] { copySelected(TokenActions::Copy::Token); });
    m_copyHeaderAction = action(
        QStringLiteral("copyHeaderAction"), QStringLiteral("copy-header"), tr("Copy as Authorization header"),
        QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C), [this] { copySelected(TokenActions::Copy::Header); });
    m_copyCurlAction =
        action(QStringLiteral("copyCurlAction"), QStringLiteral("copy-curl"), tr("Copy as curl command"),
               QKeySequence(), [this] { copySelected(TokenActions::Copy::Curl); });
    m_newProfileAction = action(QStringLiteral("newProfileAction"), QStringLiteral("add"), tr("New profile…"),
                                QKeySequence(QKeySequence::New), [this] { newProfile(); });
    m_editProfileAction = action(QStringLiteral("editProfileAction"), QStringLiteral("edit"),
                                 tr("Edit profile…"), QKeySequence(), [this] { editProfile(); });
    m_duplicateProfileAction =
        action(QStringLiteral("duplicateProfileAction"), QStringLiteral("copy"), tr("Duplicate profile…"),
               QKeySequence(), [this] { duplicateProfile(); });
    m_deleteProfileAction = action(QStringLiteral("deleteProfileAction"), QStringLiteral("delete"),
                                   tr("Delete profile…"), QKeySequence(), [this] { deleteProfile(); });
    m_connectionAction = action(QStringLiteral("connectionAction"), QStringLiteral("database"),
                                tr("Redis connection…"), QKeySequence(), [this] { editConnection(); });
    m_findAction = action(QStringLiteral("findAction"), QStringLiteral("filter"), tr("Filter…"),
                          QKeySequence(QKeySequence::Find), [this] {
                              m_filter->setFocus(Qt::ShortcutFocusReason);
                              m_filter->selectAll();
                          });
    m_findAction->setShortcuts({QKeySequence(QKeySequence::Find), QKeySequence(Qt::CTRL | Qt::Key_L)});
    m_reloadConfigAction = action(QStringLiteral("reloadConfigAction"), QStringLiteral("reload"),
                                  tr("Reload configuration"), QKeySequence(), [this] { m_config->load(); });
    m_preferencesAction =
        action(QStringLiteral("preferencesAction"), QStringLiteral("preferences"), tr("Preferences…"),
               QKeySequence(QKeySequence::Preferences), [this] { editPreferences(); });
}

void MainWindow::createMenus()
{
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
    file->addActions({m_connectionAction, m_reloadConfigAction, m_preferencesAction});
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    QMenu* tokens = menuBar()->addMenu(tr("&Token"));
    tokens->addActions({m_reloadAction, m_refreshAction, m_evictAction, m_findAction});
    tokens->addSeparator();
    tokens->addActions({m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    QMenu* profiles = menuBar()->addMenu(tr("&Profile"));
    profiles->addActions(
        {m_newProfileAction, m_editProfileAction, m_duplicateProfileAction, m_deleteProfileAction});
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About tokencache"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { AboutBox::show(this, m_config->path()); });
}

void MainWindow::createLayout()
{
    m_sidebar = new ProfileSidebar(this);
    m_sidebar->addActions({m_refreshAction, m_newProfileAction, m_editProfileAction, m_duplicateProfileAction,
                           m_deleteProfileAction, m_connectionAction});
    connect(m_sidebar, &ProfileSidebar::profileActivated, this, &MainWindow::editProfile);
    connect(m_sidebar, &ProfileSidebar::connectionActivated, this, &MainWindow::editConnection);
    connect(m_sidebar, &QTreeWidget::currentItemChanged, this, [this] {
        m_lastSidebarClick = nullptr; // a second click is one on the item this made current
        filterBySidebarProfile();
        updateActions();
    });
    connect(m_sidebar, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        // A second click on the profile that filters the table takes the filter back.
        if (item == m_sidebar->currentItem() && !m_filteredProfile.isEmpty() && m_lastSidebarClick == item) {
            m_sidebar->setCurrentItem(nullptr);
            item = nullptr;
        }
        m_lastSidebarClick = item;
    });

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter: text, or key: profile: type: scope: status:"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_model, &TokenTableModel::setFilterText);
    connect(m_filter, &QLineEdit::textEdited, this, [this] { m_filteredProfile.clear(); }); // the user's own
    auto* clearFilter = new QAction(m_filter);
    clearFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    clearFilter->setShortcutContext(Qt::WidgetShortcut);
    connect(clearFilter, &QAction::triggered, this, [this] {
        m_filteredProfile.clear();
        m_filter->clear();
    });
    m_filter->addAction(clearFilter);
    m_filterCount = new QLabel(this);
    m_filterCount->setObjectName(QStringLiteral("filterCount"));
    m_filterCount->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = new TokenTable(*m_model, this);
    setFocusProxy(m_table); // the window opens with the focus on the table, not the sidebar
    m_table->addActions(
        {m_refreshAction, m_evictAction, m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    // Queued: when a selected row leaves, the selection changes before the row is gone from the model.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::onSelectionChanged, Qt::QueuedConnection);

    auto* tableArea = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_filterCount);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table, 1);

    m_welcome = new WelcomePage(this);
    connect(m_welcome, &WelcomePage::connectRequested, this, &MainWindow::editConnection);
    connect(m_welcome, &WelcomePage::newProfileRequested, this, &MainWindow::newProfile);

    m_center = new QStackedWidget(this);
    m_center->addWidget(m_welcome);
    m_center->addWidget(tableArea);

    m_detail = new DetailPane(this, m_clock);
    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_center);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({160, 880, 320});
    setCentralWidget(m_splitter);

    m_status = new ConnectionStatus(this);
    statusBar()->addPermanentWidget(m_status);
    // An action like the others, so its enabled state and tooltip follow the same rule.
    auto* fetchOffer =
        new QAction(Theme::icon(QStringLiteral("refresh")), tr("Fetch and cache a token now"), this);
    connect(fetchOffer, &QAction::triggered, this, &MainWindow::fetchOffered);
    m_fetchOffer = new QToolButton(this);
    m_fetchOffer->setObjectName(QStringLiteral("fetchOfferButton"));
    m_fetchOffer->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_fetchOffer->setDefaultAction(fetchOffer);
    m_fetchOffer->hide();
    statusBar()->insertPermanentWidget(0, m_fetchOffer);
    // The first size fits the screen (1366x768 laptops); a saved geometry replaces it.
    const QSize available = screen()->availableGeometry().size();
    resize(qMin(1400, available.width() * 9 / 10), qMin(720, available.height() * 9 / 10));
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/splitter")).toByteArray());
    m_table->horizontalHeader()->restoreState(settings.value(QStringLiteral("window/columns")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/splitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/columns"), m_table->horizontalHeader()->saveState());
    QMainWindow::closeEvent(event);
}

void MainWindow::onConfigChanged(bool connectionChanged)
{
    m_sync->setProfiles(m_config->connection().profiles);
    showConnection();
    updateCenter();
    updateActions();
    // Any connection setting, TLS included, takes a new connection; a profile change a new pass.
    if (connectionChanged)
        connectToRedis();
    else
        m_sync->syncNow();
}

void MainWindow::connectToRedis()
{
    // Keychain (issue 17): a keychain: password is read first; the session resolves it from memory.
    SecretPrefetch::run({m_config->connection().redis.passwordRef}, this, [this] { connectWithSecrets(); });
}

void MainWindow::connectWithSecrets()
{
    const RedisSettings& redis = m_config->connection().redis;
    // A new password, user or TLS setting reaches the same data: the rows and the selection stay.
    const QString dataSource = redis.dataSource();
    const bool sameData = !dataSource.isEmpty() && std::exchange(m_dataSource, dataSource) == dataSource;
    if (!sameData) {
        m_shownKey.clear(); // another server's rows leave: the pane's entry is not "gone" from this one
        m_detail->clear();
    }
    auto session = SessionThread::start(redis, m_config->connection().writeRefusal(), m_config->auditLog());
    m_session = session ? *session : nullptr;
    m_actions->setSession(m_session);
    m_sync->setSession(m_session, m_config->connection().profiles,
                       sameData ? CacheSync::Rows::Keep : CacheSync::Rows::Clear);
    if (!session)
        showSyncState(CacheSync::State::Reconnecting, session.error().message);
}

void MainWindow::showSyncState(CacheSync::State state, const QString& detail)
{
    m_status->setState(state, detail);
    if (!detail.isEmpty()) {
        report(detail, true);
        m_showsSyncError = true;
    } else if (m_showsSyncError) {
        report({}); // recovered: the old error goes at once
    }
    m_detail->setStale(state == CacheSync::State::Reconnecting);
    updateActions();
}

void MainWindow::updateCenter()
{
    // Called for every batch the model takes: the welcome text is only built when it is shown.
    const bool welcome =
        !m_config->editable() || (m_config->connection().profiles.isEmpty() && m_model->totalRowCount() == 0);
    m_center->setCurrentIndex(welcome ? 0 : 1);
    if (!welcome)
        return;
    if (!m_config->editable())
        m_welcome->showConfigError(m_config->error());
    else
        m_welcome->showEmpty(m_config->connection().redis.url);
}

void MainWindow::updateActions()
{
    const QString notConnected = whyNotConnected();
    const QStringList keys = m_table->selectedKeys();
    const bool editable = m_config->editable();
    const RefreshTarget refresh = refreshTarget();
    QStringList refreshed;
    for (const ProviderProfile* profile : refresh.profiles)
        refreshed.append(profile->name);
    const auto enable = [&notConnected](QAction* action, const QString& whyNot, const QString& what) {
        const QString reason = !notConnected.isEmpty() ? notConnected : whyNot;
        action->setEnabled(reason.isEmpty());
        action->setToolTip(Theme::plainToolTip(reason.isEmpty() ? what : reason));
    };
    enable(m_refreshAction, refresh.whyNot,
           tr("Fetch a new token for %1 and store it (F5)").arg(refreshed.join(QStringLiteral(", "))));
    enable(m_fetchOffer->defaultAction(), {},
           tr("Ask %1's provider for a token and store it in Redis").arg(m_offeredProfile));
    enable(m_evictAction, keys.isEmpty() ? tr("Select the tokens to evict") : QString(),
           keys.size() == 1 ? tr("Delete %1 from Redis (Del)").arg(keys.first())
                            : tr("Delete the %n selected keys from Redis (Del)", nullptr, int(keys.size())));
    const QString copyWhyNot = keys.size() == 1 ? QString() : tr("Select one token to copy");
    enable(m_copyTokenAction, copyWhyNot, tr("Copy the access token (Ctrl+C)"));
    enable(m_copyHeaderAction, copyWhyNot, tr("Copy as an Authorization header (Ctrl+Shift+C)"));
    enable(m_copyCurlAction, copyWhyNot, tr("Copy as a curl command"));
    const QString unreadable =
        editable ? QString()
                 : tr("The configuration file cannot be read, so nothing can be saved to it: %1")
                       .arg(m_config->error());
    for (QAction* change : {m_newProfileAction, m_connectionAction}) {
        change->setEnabled(editable);
        change->setToolTip(editable ? change->text().remove(QStringLiteral("…")) : unreadable);
    }
    const bool profileChosen = editable && sidebarProfile() != nullptr;
    m_editProfileAction->setEnabled(profileChosen);
    m_duplicateProfileAction->setEnabled(profileChosen);
    m_deleteProfileAction->setEnabled(profileChosen);
}

QString MainWindow::whyNotConnected() const
{
    if (!m_session)
        return tr("Not connected to Redis");
    switch (m_sync->state()) {
    case CacheSync::State::Connected:
        return {};
    case CacheSync::State::Reconnecting:
        return tr("Redis is unreachable: the window retries on its own");
    default:
        return tr("Connecting to Redis…");
    }
}

const ProviderProfile* MainWindow::sidebarProfile() const
{
    return m_config->connection().profile(m_sidebar->currentProfileName());
}

MainWindow::RefreshTarget MainWindow::refreshTarget() const
{
    const QWidget* focus = QApplication::focusWidget();
    if (focus && (focus == m_sidebar || m_sidebar->isAncestorOf(focus))) {
        if (const ProviderProfile* profile = sidebarProfile())
            return {{profile}, {}};
        return {{}, tr("Select a profile to refresh its token")};
    }
    // From the table, the filter or the detail pane: the selected rows, never the sidebar's choice.
    if (!m_table->selectionModel()->hasSelection())
        return {{}, tr("Select a token to refresh")};
    RefreshTarget target;
    for (const QString& name : m_table->selectedProfileNames()) {
        if (const ProviderProfile* profile = m_config->connection().profile(name))
            target.profiles.append(profile);
    }
    if (target.profiles.isEmpty())
        target.whyNot = tr("No profile writes this key, so none can refresh it");
    return target;
}

void MainWindow::updateFilterCount()
{
    // An unknown status matches nothing: say which exist rather than show an empty table.
    if (!m_filterProblem.isEmpty()) {
        m_filterCount->setText(m_filterProblem);
        m_filterCount->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
        return;
    }
    m_filterCount->setStyleSheet({});
    const int total = m_model->totalRowCount();
    m_filterCount->setText(m_filter->text().trimmed().isEmpty()
                               ? tr("%n keys", nullptr, total)
                               : tr("%1 of %2").arg(m_model->rowCount()).arg(total));
}

void MainWindow::filterBySidebarProfile()
{
    const ProviderProfile* profile = sidebarProfile();
    if (!profile) {
        if (!std::exchange(m_filteredProfile, QString()).isEmpty())
            m_filter->setText(m_filterBeforeProfile);
        return;
    }
    if (m_filteredProfile.isEmpty())
        m_filterBeforeProfile = m_filter->text();
    m_filteredProfile = profile->name;
    m_filter->setText(QStringLiteral("key:") + profile->cacheKey());
}

void MainWindow::onSelectionChanged()
{
    showSelectedEntry();
    updateActions();
}

void MainWindow::noticeShownEntryGone()
{
    // rowForKey, not indexForKey: a row the filter hides is still in Redis.
    if (m_shownKey.isEmpty() || m_shownGone || m_model->rowForKey(m_shownKey))
        return;
    m_shownGone = true;
    m_detail->showGone(m_shownKey);
    updateActions();
}

void MainWindow::showSelectedEntry()
{
    const QStringList keys = m_table->selectedKeys();
    if (keys.isEmpty() && !m_shownKey.isEmpty() && !m_model->rowForKey(m_shownKey))
        return noticeShownEntryGone(); // it stays said until another row is chosen
    m_shownGone = false;
    if (keys.size() != 1 || !m_session) {
        m_shownKey.clear();
        if (keys.size() > 1)
            m_detail->showMessage(tr("%n tokens selected", nullptr, int(keys.size())), false);
        else
            m_detail->clear();
        return;
    }
    const QString key = keys.first();
    m_shownKey = key;
    m_session->read(key, m_config->connection().profileForKey(key), m_detail,
                    [this, key](const Result<CacheEntry>& entry) {
                        if (m_table->selectedKey() != key)
                            return;
                        if (!entry) {
                            m_detail->showMessage(entry.error().message);
                            return;
                        }
                        m_detail->showEntry(*entry);
                    });
}

void MainWindow::report(const QString& message, bool error)
{
    m_showsSyncError = false;
    m_fetchOffer->hide(); // an offer stands until the next thing the window reports
    statusBar()->setStyleSheet(
        error ? QStringLiteral("QStatusBar { %1 }").arg(Theme::textStyle(Theme::Tone::Bad)) : QString());
    statusBar()->showMessage(message, error ? 0 : 8000);
}

void MainWindow::refreshSelected()
{
    for (const ProviderProfile* profile : refreshTarget().profiles)
        m_actions->refresh(*profile);
}

void MainWindow::evictSelected()
{
    const QStringList keys = m_table->selectedKeys();
    if (keys.isEmpty() || !whyNotConnected().isEmpty())
        return;
    const std::shared_ptr<SessionThread> session = m_session;
    const QString consequence = keys.size() == 1
                                    ? tr("Every service using it fetches a new token on its next request.")
                                    : tr("Every service using them fetches a new token on its next request.");
    const bool confirmed =
        keys.size() == 1
            ? m_confirmation->confirm(this, tr("Evict token"),
                                      tr("Delete this key from Redis?\n\n%1").arg(consequence), tr("Evict"),
                                      keys)
            : m_confirmation->confirm(
                  this, tr("Evict tokens"),
                  tr("Delete these %n keys from Redis?\n\n%1", nullptr, int(keys.size())).arg(consequence),
                  tr("Evict %n keys", nullptr, int(keys.size())), keys);
    // The connection may have changed while the question was open: never delete on another server.
    if (confirmed && m_session == session && whyNotConnected().isEmpty())
        m_actions->evict(keys);
    else if (confirmed)
        report(tr("Not evicted: the connection changed while you were asked"), true);
}

void MainWindow::copySelected(TokenActions::Copy what)
{
    if (const QString key = m_table->selectedKey(); !key.isEmpty())
        m_actions->copy(key, what);
}

void MainWindow::openProfileDialog(const ProviderProfile& start, QString replacing, const QString& title)
{
    // Profiles are configuration: editing them needs no live connection.
    QStringList taken;
    for (const ProviderProfile& profile : m_config->connection().profiles) {
        if (profile.name != replacing)
            taken.append(profile.name);
    }
    ProfileDialog dialog(start, taken, this);
    if (!title.isEmpty())
        dialog.setWindowTitle(title);
    // A save that fails (the file became unreadable) opens the dialog again: nothing typed is lost.
    while (dialog.exec() == QDialog::Accepted) {
        const ProviderProfile edited = dialog.profile();
        if (auto saved = m_config->saveProfile(edited, replacing); !saved) {
            report(saved.error().message, true);
            continue;
        }
        report(tr("Saved profile %1").arg(edited.name));
        if (replacing.isEmpty())
            offerFirstFetch(edited.name);
        return;
    }
}

void MainWindow::offerFirstFetch(const QString& profileName)
{
    m_offeredProfile = profileName;
    m_fetchOffer->show();
    updateActions();
}

void MainWindow::fetchOffered()
{
    m_fetchOffer->hide();
    if (const ProviderProfile* profile = m_config->connection().profile(m_offeredProfile))
        m_actions->refresh(*profile);
    else
        report(tr("The profile %1 is no longer configured").arg(m_offeredProfile), true);
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
    openProfileDialog(copy, {}, tr("New profile (copy of %1)").arg(profile->name));
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
    if (auto deleted = m_config->deleteProfile(name); !deleted)
        report(deleted.error().message, true);
    else
        report(tr("Deleted profile %1").arg(name));
}

void MainWindow::editConnection()
{
    ConnectionDialog dialog(m_config->savedConnection(), this);
    if (!m_config->redisUrlOverride().isEmpty())
        dialog.setNotice(tr("This window uses %1 from $TOKENCACHE_REDIS_URL. Saving the connection "
                            "below switches it to the saved one.")
                             .arg(Humanize::urlWithoutCredentials(m_config->redisUrlOverride())));
    if (dialog.exec() != QDialog::Accepted)
        return;
    if (auto saved = m_config->saveConnection(dialog.settings()); !saved)
        report(saved.error().message, true);
    else
        report(tr("Saved the Redis connection"));
}

void MainWindow::editPreferences()
{
    PreferencesDialog dialog(m_preferences, this);
    if (dialog.exec() != QDialog::Accepted)
        return;
    setPreferences(dialog.preferences());
    m_preferences.save();
}

} // namespace tokencache
