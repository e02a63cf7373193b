#include "ui/MainWindow.h"

#include "core/config/Connection.h"
#include "ui/ClipboardGuard.h"
#include "ui/ConfigController.h"
#include "ui/Confirmation.h"
#include "ui/Theme.h"
#include "ui/dialogs/AboutBox.h"
#include "ui/dialogs/ConnectionDialog.h"
#include "ui/dialogs/PreferencesDialog.h"
#include "ui/sync/ProblemCensus.h"
#include "ui/widgets/ProfileSidebar.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QMenu>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTabBar>
#include <QTabWidget>
#include <QTime>
#include <QToolBar>
#include <QTreeWidgetItem>

#include <utility>

namespace tokencache {

MainWindow::MainWindow(const QString& configPath, const QString& redisUrlOverride,
                       const QString& connectionName, const Clock& clock, QWidget* parent)
    : QMainWindow(parent), m_configPath(configPath), m_redisUrlOverride(redisUrlOverride),
      m_launchConnection(connectionName), m_clock(clock), m_preferences(Preferences::load()),
      m_clipboard(new ClipboardGuard(clock, this)), m_confirmation(std::make_unique<DialogConfirmation>()),
      m_tick(this), m_census(new ProblemCensus(this))
{
    setObjectName(QStringLiteral("mainWindow"));
    setWindowTitle(QStringLiteral("tokencache"));
    setWindowIcon(Theme::icon(QStringLiteral("tokencache")));
    createActions();
    createMenus();
    createLayout();

    // What Refresh acts on follows the focus (sidebar or table), so its state does too.
    connect(qApp, &QApplication::focusChanged, this, &MainWindow::updateActions);
    // One timer moves every countdown on: the visible rows (computed when painted) and the detail pane.
    connect(&m_tick, &QTimer::timeout, this, [this] {
        currentView().tick();
        m_clipboard->tick();
    });
    m_tick.start(1000);
    restoreLayout();
    connect(m_census, &ProblemCensus::counted, m_sidebar, &ProfileSidebar::setProblemCount);

    // The launch's connection first (it names the default when none was asked for), then the tabs
    // open when the window last closed; the launch's stays in front.
    ConnectionView* launched = addView(connectionName);
    if (!launched) { // --connection names one the file does not have: the default, and why
        launched = addView({});
        launched->setStandingError(tr("No connection named %1 in %2: this is the default connection")
                                       .arg(connectionName, configPath));
    }
    const QStringList reopened = QSettings().value(QStringLiteral("window/connections")).toStringList();
    const QStringList known = launched->config().config().connectionNames();
    for (const QString& name : reopened) {
        if (known.contains(name) && !viewFor(name))
            addView(name);
    }
    m_tabs->setCurrentWidget(launched);
    onCurrentTabChanged();
}

MainWindow::~MainWindow()
{
    // QWidget's destructor hides the window, which moves the focus: this object is gone by then.
    disconnect(qApp, &QApplication::focusChanged, this, nullptr);
}

ConnectionView& MainWindow::currentView() const
{
    return *static_cast<ConnectionView*>(m_tabs->currentWidget());
}

ConnectionView* MainWindow::viewFor(const QString& name) const
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto* view = static_cast<ConnectionView*>(m_tabs->widget(i));
        if (view->name() == name)
            return view;
    }
    return nullptr;
}

ConnectionView* MainWindow::addView(const QString& name)
{
    auto* view = new ConnectionView(m_configPath, m_redisUrlOverride, m_launchConnection, name, m_clock,
                                    *m_clipboard, m_tabs);
    view->setConfirmation(m_confirmation.get());
    view->setPreferences(m_preferences);
    view->setTableActions({m_refreshAction, m_evictAction, m_revokeAction, m_verifyAction, m_copyTokenAction,
                           m_copyHeaderAction, m_copyCurlAction});
    if (m_redisIsPrivate)
        view->markRedisPrivate(); // it counts only where the launch's URL replaces the file's
    view->statusArea()->hide();
    connect(view, &ConnectionView::reported, this, [this, view](const QString& message, bool error) {
        if (view == m_tabs->currentWidget())
            report(message, error);
    });
    connect(view, &ConnectionView::actionsChanged, this, [this, view] {
        if (view == m_tabs->currentWidget())
            updateActions();
    });
    connect(view, &ConnectionView::stateChanged, this, [this, view] { labelTab(view); });
    connect(view, &ConnectionView::configChanged, this, [this, view] { onViewConfigChanged(view); });
    connect(view, &ConnectionView::gone, this, [this, view] { closeTab(m_tabs->indexOf(view)); });
    connect(view, &ConnectionView::problemCountChanged, this,
            [this, view](int count) { m_sidebar->setProblemCount(view->name(), count); });
    view->start();                  // before it is a tab: a tab in front has its configuration
    if (view->config().removed()) { // removed meanwhile, or a file that cannot be read
        delete view;
        return nullptr;
    }
    m_tabs->addTab(view, QString());
    labelTab(view);
    return view;
}

void MainWindow::openConnection(const QString& name)
{
    ConnectionView* view = viewFor(name);
    if (!view)
        view = addView(name);
    if (view)
        m_tabs->setCurrentWidget(view);
    else
        report(tr("The connection %1 is not in the configuration (any more)").arg(name), true);
}

void MainWindow::closeTab(int index)
{
    if (index < 0)
        return;
    auto* view = static_cast<ConnectionView*>(m_tabs->widget(index));
    if (m_tabs->count() == 1) // the last tab's connection went: the default takes its place
        addView({});
    if (view->statusArea() == m_shownStatus) {
        statusBar()->removeWidget(m_shownStatus);
        m_shownStatus = nullptr;
    }
    // What its table counted stands, said as such; a table that never loaded leaves it to the census.
    const Connection* counted = view->config().config().connection(view->name());
    if (counted && view->sync().state() == CacheSync::State::Connected) {
        m_census->markCounted(*counted);
        m_sidebar->setProblemCount(view->name(), view->problemCount(),
                                   tr("Counted live until its tab closed at %1")
                                       .arg(QTime::currentTime().toString(QStringLiteral("HH:mm"))));
    }
    m_tabs->removeTab(m_tabs->indexOf(view));
    view->deleteLater();
}

void MainWindow::onCurrentTabChanged()
{
    ConnectionView& view = currentView();
    // The status bar shows the tab in front: its state, its offer, its standing error.
    if (m_shownStatus)
        statusBar()->removeWidget(m_shownStatus);
    m_shownStatus = view.statusArea();
    statusBar()->addPermanentWidget(m_shownStatus);
    m_shownStatus->show();
    report(view.standingError(), !view.standingError().isEmpty());
    m_tabs->setTabsClosable(m_tabs->count() > 1);
    showSidebar();
    updateTitle();
    updateActions();
    view.tick(); // countdowns stood still while it was behind
}

void MainWindow::onViewConfigChanged(ConnectionView* view)
{
    labelTab(view);
    if (view != m_tabs->currentWidget())
        return;
    showSidebar();
    updateTitle();
    updateActions();
}

void MainWindow::showSidebar()
{
    const ConnectionView& view = currentView();
    const QString launchName =
        m_launchConnection.isEmpty() ? view.config().config().defaultConnection : m_launchConnection;
    const ConnectionView* launched = viewFor(launchName);
    m_sidebar->setConnectionNote(launchName,
                                 launched && launched->usesPrivateRedis()
                                     ? tr("private Redis for this session, data is discarded on quit")
                                     : QString());
    m_sidebar->showConnections(view.config().config().connections, view.name());
    countProblems(view.config().config().connections);
}

void MainWindow::countProblems(const QList<Connection>& connections)
{
    for (const Connection& connection : connections) {
        if (viewFor(connection.name))
            m_census->forget(connection.name);
        else
            m_census->count(connection);
    }
}

void MainWindow::labelTab(ConnectionView* view)
{
    const Connection& shown = view->connection();
    const int index = m_tabs->indexOf(view);
    if (index < 0)
        return;
    QString text = shown.name;
    if (!shown.tag.isEmpty() && shown.tag != shown.name)
        text += QStringLiteral(" · ") + shown.tag;
    if (view->sync().state() == CacheSync::State::Reconnecting)
        text += tr(" (retrying)");
    m_tabs->setTabText(index, text);
    m_tabs->setTabIcon(index, shown.readOnly ? Theme::icon(QStringLiteral("lock")) : QIcon());
    m_tabs->tabBar()->setTabTextColor(index, shown.color.isEmpty() ? QColor() : QColor(shown.color));
    m_tabs->setTabToolTip(index,
                          Theme::plainToolTip(view->whyNotConnected().isEmpty() ? view->whyNotWritable()
                                                                                : view->whyNotConnected()));
}

void MainWindow::updateTitle()
{
    // The environment in the title too: what a window switcher or a screen share shows.
    const Connection& shown = currentView().connection();
    const bool plain = m_tabs->count() == 1 && shown.tag.isEmpty() && !shown.readOnly &&
                       shown.name == QLatin1String(Connection::kDefaultName);
    QString title = QStringLiteral("tokencache");
    if (!plain)
        title += QStringLiteral(" — ") + (shown.tag.isEmpty() ? shown.name : shown.tag);
    if (!plain && !shown.tag.isEmpty() && shown.tag != shown.name)
        title += QStringLiteral(" (%1)").arg(shown.name);
    if (shown.readOnly)
        title += tr(", read-only");
    setWindowTitle(title);
}

void MainWindow::markRedisPrivate()
{
    m_redisIsPrivate = true;
    for (int i = 0; i < m_tabs->count(); ++i) // it counts only where the launch's URL replaces the file's
        static_cast<ConnectionView*>(m_tabs->widget(i))->markRedisPrivate();
    showSidebar();
}

void MainWindow::setConfirmation(std::unique_ptr<Confirmation> confirmation)
{
    m_confirmation = std::move(confirmation);
    for (int i = 0; i < m_tabs->count(); ++i)
        static_cast<ConnectionView*>(m_tabs->widget(i))->setConfirmation(m_confirmation.get());
}

void MainWindow::setPreferences(const Preferences& preferences)
{
    m_preferences = preferences;
    m_clipboard->setClearDelayMs(preferences.clipboardClearMs);
    for (int i = 0; i < m_tabs->count(); ++i)
        static_cast<ConnectionView*>(m_tabs->widget(i))->setPreferences(preferences);
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
                            QKeySequence(Qt::CTRL | Qt::Key_R), [this] { currentView().syncNow(); });
    m_refreshAction =
        action(QStringLiteral("refreshAction"), QStringLiteral("refresh"), tr("Refresh token"),
               QKeySequence(Qt::Key_F5), [this] { currentView().refresh(refreshTarget().profiles); });
    m_evictAction = action(QStringLiteral("evictAction"), QStringLiteral("evict"), tr("Evict…"),
                           QKeySequence(QKeySequence::Delete), [this] { currentView().evictSelected(); });
    m_revokeAction = action(QStringLiteral("revokeAction"), QStringLiteral("evict"), tr("Revoke and evict…"),
                            QKeySequence(), [this] { currentView().revokeSelected(); });
    m_verifyAction = action(QStringLiteral("verifyAction"), QStringLiteral("key"), tr("Verify"),
                            QKeySequence(), [this] { currentView().verifySelected(); });
    m_copyTokenAction = action(QStringLiteral("copyTokenAction"), QStringLiteral("copy"), tr("Copy token"),
                               QKeySequence(Qt::CTRL | Qt::Key_C),
                               [this] { currentView().copySelected(TokenActions::Copy::Token); });
    m_copyHeaderAction =
        action(QStringLiteral("copyHeaderAction"), QStringLiteral("copy-header"),
               tr("Copy as Authorization header"), QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_C),
               [this] { currentView().copySelected(TokenActions::Copy::Header); });
    m_copyCurlAction =
        action(QStringLiteral("copyCurlAction"), QStringLiteral("copy-curl"), tr("Copy as curl command"),
               QKeySequence(), [this] { currentView().copySelected(TokenActions::Copy::Curl); });
    m_newProfileAction = action(QStringLiteral("newProfileAction"), QStringLiteral("add"), tr("New profile…"),
                                QKeySequence(QKeySequence::New), [this] { currentView().newProfile(); });
    m_editProfileAction = action(QStringLiteral("editProfileAction"), QStringLiteral("edit"),
                                 tr("Edit profile…"), QKeySequence(), [this] {
                                     if (const ProviderProfile* profile = sidebarProfile())
                                         currentView().editProfile(*profile);
                                 });
    m_duplicateProfileAction = action(QStringLiteral("duplicateProfileAction"), QStringLiteral("copy"),
                                      tr("Duplicate profile…"), QKeySequence(), [this] {
                                          if (const ProviderProfile* profile = sidebarProfile())
                                              currentView().duplicateProfile(*profile);
                                      });
    m_deleteProfileAction = action(QStringLiteral("deleteProfileAction"), QStringLiteral("delete"),
                                   tr("Delete profile…"), QKeySequence(), [this] {
                                       if (const ProviderProfile* profile = sidebarProfile())
                                           currentView().deleteProfile(*profile);
                                   });
    m_connectionAction =
        action(QStringLiteral("connectionAction"), QStringLiteral("database"), tr("Edit connection…"),
               QKeySequence(), [this] { currentView().editConnection(); });
    m_findAction = action(QStringLiteral("findAction"), QStringLiteral("filter"), tr("Filter…"),
                          QKeySequence(QKeySequence::Find), [this] { currentView().focusFilter(); });
    m_findAction->setShortcuts({QKeySequence(QKeySequence::Find), QKeySequence(Qt::CTRL | Qt::Key_L)});
    m_reloadConfigAction =
        action(QStringLiteral("reloadConfigAction"), QStringLiteral("reload"), tr("Reload configuration"),
               QKeySequence(), [this] { currentView().config().load(); });
    m_preferencesAction =
        action(QStringLiteral("preferencesAction"), QStringLiteral("preferences"), tr("Preferences…"),
               QKeySequence(QKeySequence::Preferences), [this] { editPreferences(); });
    m_newConnectionAction = action(QStringLiteral("newConnectionAction"), QStringLiteral("database"),
                                   tr("New connection…"), QKeySequence(), [this] { newConnection(); });
    m_exportAction = action(QStringLiteral("exportAction"), QStringLiteral("copy"), tr("Export connections…"),
                            QKeySequence(), [this] {
                                const QString path = QFileDialog::getSaveFileName(
                                    this, tr("Export connections"),
                                    QStringLiteral("tokencache-connections.json"), tr("JSON (*.json)"));
                                if (!path.isEmpty())
                                    exportConnections(path);
                            });
    m_importAction = action(QStringLiteral("importAction"), QStringLiteral("add"), tr("Import connections…"),
                            QKeySequence(), [this] {
                                const QString path =
                                    QFileDialog::getOpenFileName(this, tr("Import connections"), QString(),
                                                                 tr("JSON (*.json);;All files (*)"));
                                if (!path.isEmpty())
                                    importConnections(path);
                            });
    // Ctrl+1..9: the tab at that place, as in browsers and terminals.
    for (int place = 1; place <= 9; ++place) {
        auto* toTab = new QAction(this);
        toTab->setShortcut(QKeySequence(Qt::CTRL | Qt::Key(Qt::Key_0 + place)));
        toTab->setShortcutContext(Qt::WindowShortcut);
        connect(toTab, &QAction::triggered, this, [this, place] {
            if (place <= m_tabs->count())
                m_tabs->setCurrentIndex(place - 1);
        });
        addAction(toTab);
    }
}

void MainWindow::createMenus()
{
    auto* toolbar = addToolBar(tr("Main"));
    toolbar->setObjectName(QStringLiteral("mainToolbar"));
    toolbar->setMovable(false);
    toolbar->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    toolbar->addActions({m_reloadAction, m_refreshAction, m_evictAction, m_verifyAction});
    toolbar->addSeparator();
    toolbar->addActions({m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    toolbar->addSeparator();
    toolbar->addActions({m_newProfileAction, m_connectionAction});

    QMenu* file = menuBar()->addMenu(tr("&File"));
    file->addActions({m_newConnectionAction, m_connectionAction, m_reloadConfigAction});
    file->addSeparator();
    file->addActions({m_importAction, m_exportAction});
    file->addSeparator();
    file->addAction(m_preferencesAction);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
    QMenu* tokens = menuBar()->addMenu(tr("&Token"));
    tokens->addActions(
        {m_reloadAction, m_refreshAction, m_evictAction, m_revokeAction, m_verifyAction, m_findAction});
    tokens->addSeparator();
    tokens->addActions({m_copyTokenAction, m_copyHeaderAction, m_copyCurlAction});
    QMenu* profiles = menuBar()->addMenu(tr("&Profile"));
    profiles->addActions(
        {m_newProfileAction, m_editProfileAction, m_duplicateProfileAction, m_deleteProfileAction});
    QMenu* help = menuBar()->addMenu(tr("&Help"));
    QAction* about = help->addAction(tr("&About tokencache"));
    about->setObjectName(QStringLiteral("aboutAction"));
    about->setMenuRole(QAction::AboutRole);
    connect(about, &QAction::triggered, this, [this] { AboutBox::show(this, m_configPath); });
}

void MainWindow::createLayout()
{
    m_sidebar = new ProfileSidebar(this);
    m_sidebar->addActions({m_refreshAction, m_newProfileAction, m_editProfileAction, m_duplicateProfileAction,
                           m_deleteProfileAction, m_connectionAction, m_newConnectionAction});
    connect(m_sidebar, &ProfileSidebar::profileActivated, m_editProfileAction, &QAction::trigger);
    connect(m_sidebar, &ProfileSidebar::connectionActivated, m_connectionAction, &QAction::trigger);
    connect(m_sidebar, &QTreeWidget::currentItemChanged, this, [this] {
        m_lastSidebarClick = nullptr; // a second click is one on the item this made current
        onSidebarChoice();
    });
    connect(m_sidebar, &QTreeWidget::itemClicked, this, [this](QTreeWidgetItem* item) {
        // A second click on the profile that filters the table takes the filter back.
        if (item == m_sidebar->currentItem() && !m_sidebar->currentProfileName().isEmpty() &&
            m_lastSidebarClick == item) {
            m_sidebar->setCurrentItem(nullptr);
            item = nullptr;
        }
        m_lastSidebarClick = item;
    });

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("connectionTabs"));
    m_tabs->setDocumentMode(true);
    m_tabs->setMovable(true);
    m_tabs->setTabBarAutoHide(true); // one connection needs no tab
    connect(m_tabs, &QTabWidget::currentChanged, this, [this](int index) {
        if (index >= 0)
            onCurrentTabChanged();
    });
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, &MainWindow::closeTab);
    setFocusProxy(m_tabs); // the window opens with the focus on the table, not the sidebar

    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("sidebarSplitter"));
    m_splitter->addWidget(m_sidebar);
    m_splitter->addWidget(m_tabs);
    m_splitter->setStretchFactor(1, 1);
    m_splitter->setSizes({180, 1200});
    setCentralWidget(m_splitter);
    // The first size fits the screen (1366x768 laptops); a saved geometry replaces it.
    const QSize available = screen()->availableGeometry().size();
    resize(qMin(1400, available.width() * 9 / 10), qMin(720, available.height() * 9 / 10));
}

void MainWindow::restoreLayout()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    m_splitter->restoreState(settings.value(QStringLiteral("window/sidebarSplitter")).toByteArray());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/sidebarSplitter"), m_splitter->saveState());
    currentView().saveLayout();
    QStringList open;
    for (int i = 0; i < m_tabs->count(); ++i)
        open.append(static_cast<ConnectionView*>(m_tabs->widget(i))->name());
    settings.setValue(QStringLiteral("window/connections"), open);
    QMainWindow::closeEvent(event);
}

void MainWindow::onSidebarChoice()
{
    const QString chosen = m_sidebar->currentConnectionName();
    if (!chosen.isEmpty() && chosen != currentView().name())
        openConnection(chosen);
    const ProviderProfile* profile = sidebarProfile();
    const bool problems = m_sidebar->problemsChosen() && chosen == currentView().name();
    currentView().filterBySidebar(profile    ? QStringLiteral("key:") + profile->cacheKey()
                                  : problems ? QStringLiteral("problem:any")
                                             : QString());
    updateActions();
}

const ProviderProfile* MainWindow::sidebarProfile() const
{
    if (m_sidebar->currentConnectionName() != currentView().name())
        return nullptr;
    return currentView().connection().profile(m_sidebar->currentProfileName());
}

ConnectionView::RefreshTarget MainWindow::refreshTarget() const
{
    const QWidget* focus = QApplication::focusWidget();
    if (focus && (focus == m_sidebar || m_sidebar->isAncestorOf(focus))) {
        if (const ProviderProfile* profile = sidebarProfile())
            return {{profile}, {}};
        return {{}, tr("Select a profile to refresh its token")};
    }
    return currentView().tableRefreshTarget();
}

void MainWindow::updateActions()
{
    if (!m_tabs || m_tabs->count() == 0)
        return;
    const ConnectionView& view = currentView();
    const QString notConnected = view.whyNotConnected();
    const QString notWritable = view.whyNotWritable();
    const QStringList keys = view.selectedKeys();
    const bool editable = view.config().editable();
    const ConnectionView::RefreshTarget refresh = refreshTarget();
    QStringList refreshed;
    for (const ProviderProfile* profile : refresh.profiles)
        refreshed.append(profile->name);
    // Why not, first: no connection; then, for what writes, a read-only connection; then the action's own.
    const auto enable = [&](QAction* action, const QString& whyNot, const QString& what, bool writes) {
        const QString reason = !notConnected.isEmpty()            ? notConnected
                               : writes && !notWritable.isEmpty() ? notWritable
                                                                  : whyNot;
        action->setEnabled(reason.isEmpty());
        action->setToolTip(Theme::plainToolTip(reason.isEmpty() ? what : reason));
    };
    enable(m_refreshAction, refresh.whyNot,
           tr("Fetch a new token for %1 and store it (F5)").arg(refreshed.join(QStringLiteral(", "))), true);
    enable(m_evictAction, keys.isEmpty() ? tr("Select the tokens to evict") : QString(),
           keys.size() == 1 ? tr("Delete %1 from Redis (Del)").arg(keys.first())
                            : tr("Delete the %n selected keys from Redis (Del)", nullptr, int(keys.size())),
           true);
    enable(m_revokeAction, view.whyNotRevocable(),
           tr("Revoke the token at its provider (RFC 7009), then delete its key from Redis"), true);
    enable(m_verifyAction, view.whyNotVerifiable(),
           tr("Check the token's signature against its issuer's published keys, and its times"), false);
    const QString copyWhyNot = keys.size() == 1 ? QString() : tr("Select one token to copy");
    enable(m_copyTokenAction, copyWhyNot, tr("Copy the access token (Ctrl+C)"), false);
    enable(m_copyHeaderAction, copyWhyNot, tr("Copy as an Authorization header (Ctrl+Shift+C)"), false);
    enable(m_copyCurlAction, copyWhyNot, tr("Copy as a curl command"), false);
    const QString unreadable =
        editable ? QString()
                 : tr("The configuration file cannot be read, so nothing can be saved to it: %1")
                       .arg(view.config().error());
    for (QAction* change : {m_newProfileAction, m_connectionAction, m_newConnectionAction, m_importAction}) {
        change->setEnabled(editable);
        change->setToolTip(editable ? change->text().remove(QStringLiteral("…")) : unreadable);
    }
    const bool profileChosen = editable && sidebarProfile() != nullptr;
    m_editProfileAction->setEnabled(profileChosen);
    m_duplicateProfileAction->setEnabled(profileChosen);
    m_deleteProfileAction->setEnabled(profileChosen);
}

void MainWindow::report(const QString& message, bool error)
{
    statusBar()->setStyleSheet(
        error ? QStringLiteral("QStatusBar { %1 }").arg(Theme::textStyle(Theme::Tone::Bad)) : QString());
    statusBar()->showMessage(message, error ? 0 : 8000);
}

void MainWindow::newConnection()
{
    Connection start;
    start.name.clear(); // named in the dialog
    ConnectionDialog dialog(start, currentView().config().config().connectionNames(), this);
    // A save that fails (the file became unreadable) opens the dialog again: nothing typed is lost.
    while (dialog.exec() == QDialog::Accepted) {
        const Connection added = dialog.connection();
        // The tab in front now: the one before may have closed while the dialog was open.
        if (auto saved = currentView().config().addConnection(added); !saved) {
            report(saved.error().message, true);
            continue;
        }
        openConnection(added.name);
        report(tr("Added the connection %1").arg(added.name));
        return;
    }
}

void MainWindow::exportConnections(const QString& path)
{
    const auto exported = currentView().config().exportTo(path);
    if (!exported)
        return report(exported.error().message, true);
    QStringList omitted;
    for (const ConfigTransfer::SecretSlot& slot : exported->omitted)
        omitted.append(slot.path());
    const QString written =
        tr("Exported %1 to %2")
            .arg(exported->connections.join(QStringLiteral(", ")), QDir::toNativeSeparators(path));
    if (omitted.isEmpty())
        return report(written);
    // Said until the next message: these must be set again wherever the file is imported.
    report(tr("%1; left out, as stored in the config itself: %2")
               .arg(written, omitted.join(QStringLiteral(", "))),
           true);
}

void MainWindow::importConnections(const QString& path)
{
    auto imported = currentView().config().importFrom(path, false);
    if (!imported && imported.error().kind == Error::Kind::Usage) { // names the config has already
        if (!m_confirmation->confirm(
                this, tr("Replace connections"),
                tr("%1\n\nReplace them, with their profiles, by the file's?").arg(imported.error().message),
                tr("Replace")))
            return report(tr("Nothing imported"));
        imported = currentView().config().importFrom(path, true); // the tab in front may have changed
    }
    if (!imported)
        return report(imported.error().message, true);
    QStringList unset;
    for (const ConfigTransfer::SecretSlot& slot : imported->unset)
        unset.append(slot.path());
    const QStringList names = imported->added + imported->replaced;
    if (!imported->added.isEmpty())
        openConnection(imported->added.first());
    const QString done = tr("Imported %1").arg(names.join(QStringLiteral(", ")));
    if (unset.isEmpty())
        return report(done);
    report(
        tr("%1; set before use (the export left them out): %2").arg(done, unset.join(QStringLiteral(", "))),
        true);
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
