#include "ui/ConnectionView.h"

#include "core/cache/EntryFilter.h"
#include "core/common/Humanize.h"
#include "core/config/SecretPrefetch.h"
#include "core/oauth/ProviderMetadata.h"
#include "ui/ClipboardGuard.h"
#include "ui/ConfigController.h"
#include "ui/Confirmation.h"
#include "ui/Theme.h"
#include "ui/dialogs/ConnectionDialog.h"
#include "ui/dialogs/ProfileDialog.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/SessionThread.h"
#include "ui/widgets/ConnectionStatus.h"
#include "ui/widgets/DetailPane.h"
#include "ui/widgets/LiveStatus.h"
#include "ui/widgets/TokenTable.h"
#include "ui/widgets/WelcomePage.h"

#include <QAction>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QSettings>
#include <QSplitter>
#include <QStackedWidget>
#include <QTimer>
#include <QToolButton>
#include <QUrl>
#include <QVBoxLayout>

#include <utility>

namespace tokencache {

ConnectionView::ConnectionView(const QString& configPath, const QString& redisUrlOverride,
                               const QString& overriddenConnection, const QString& name, const Clock& clock,
                               ClipboardGuard& clipboard, QWidget* parent)
    : QWidget(parent), m_name(name), m_clock(clock),
      m_config(new ConfigController(configPath, redisUrlOverride, overriddenConnection, name, this)),
      m_model(new TokenTableModel(this, clock)), m_sync(new CacheSync(*m_model, this)),
      m_clipboard(clipboard), m_actions(new TokenActions(*m_config, *m_model, clipboard, this)),
      m_issuers(new ProviderMetadataClient(ProviderMetadataClient::defaultCacheDirectory(), clock, this))
{
    setObjectName(QStringLiteral("connectionView"));
    createLayout();

    connect(m_config, &ConfigController::changed, this, &ConnectionView::onConfigChanged);
    connect(m_actions, &TokenActions::reported, this, &ConnectionView::report);
    connect(m_actions, &TokenActions::refreshed, this, [this](const CacheEntry& entry) {
        if (m_table->selectedKey() == entry.key)
            m_detail->showEntry(entry, problemsOf(entry));
        updateCenter();
    });
    connect(m_sync, &CacheSync::stateChanged, this, &ConnectionView::showSyncState);
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
    connect(m_sync, &CacheSync::liveChanged, m_live, &LiveStatus::setLive);
    // A write is a token replaced by another: read after each event while live (so a forged "set"
    // counts nothing), or found between two passes without events (one for several).
    connect(m_model, &TokenTableModel::tokenReplaced, this, [this](const QString& key) {
        countRewrite(key, m_sync->live() == KeyspaceWatcher::Live::On ? RewriteCounter::Seen::Each
                                                                      : RewriteCounter::Seen::Sampled);
    });
    connect(m_live, &LiveStatus::enableRequested, this, &ConnectionView::enableLiveUpdates);
    // Every change to the rows shown: the centre page, the filter's count, the detail pane's entry.
    connect(m_model, &QAbstractItemModel::rowsInserted, this, &ConnectionView::onRowsChanged);
    connect(m_model, &QAbstractItemModel::rowsRemoved, this, &ConnectionView::onRowsChanged);
    connect(m_model, &QAbstractItemModel::layoutChanged, this, &ConnectionView::onRowsChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, &ConnectionView::onRowsChanged);
    // Rows read again change in place (from the key column on; a countdown's tick starts further right).
    connect(m_model, &QAbstractItemModel::dataChanged, this, [this](const QModelIndex& topLeft) {
        if (topLeft.column() == 0)
            updateProblemCount();
    });
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
    restoreLayout();
}

ConnectionView::~ConnectionView()
{
    delete m_statusArea; // the window's status bar holds it while this tab is in front
}

void ConnectionView::start()
{
    m_config->load();
    m_config->watch();
}

const Connection& ConnectionView::connection() const
{
    return m_config->connection();
}

void ConnectionView::setPreferences(const Preferences& preferences)
{
    m_sync->setInterval(preferences.syncIntervalMs);
}

void ConnectionView::setTableActions(const QList<QAction*>& actions)
{
    m_table->addActions(actions);
}

bool ConnectionView::usesPrivateRedis() const
{
    // Private while the launch's URL is in use: a connection saved in the dialog replaces it.
    return m_redisIsPrivate && !m_config->redisUrlOverride().isEmpty();
}

void ConnectionView::createLayout()
{
    m_strip = new QLabel(this);
    m_strip->setObjectName(QStringLiteral("environmentStrip"));
    m_strip->setTextFormat(Qt::PlainText);
    m_strip->setMargin(4);
    m_strip->hide();

    m_filter = new QLineEdit(this);
    m_filter->setObjectName(QStringLiteral("filterEdit"));
    m_filter->setPlaceholderText(tr("Filter: text, or key: profile: type: scope: status: problem:"));
    m_filter->setClearButtonEnabled(true);
    connect(m_filter, &QLineEdit::textChanged, m_model, &TokenTableModel::setFilterText);
    connect(m_filter, &QLineEdit::textEdited, this, [this] { m_sidebarFilter.clear(); }); // the user's own
    auto* clearFilter = new QAction(m_filter);
    clearFilter->setShortcut(QKeySequence(Qt::Key_Escape));
    clearFilter->setShortcutContext(Qt::WidgetShortcut);
    connect(clearFilter, &QAction::triggered, this, [this] {
        m_sidebarFilter.clear();
        m_filter->clear();
    });
    m_filter->addAction(clearFilter);
    m_filterCount = new QLabel(this);
    m_filterCount->setObjectName(QStringLiteral("filterCount"));
    m_filterCount->setTextInteractionFlags(Qt::TextSelectableByMouse);

    m_table = new TokenTable(*m_model, this);
    setFocusProxy(m_table); // the tab opens with the focus on the table
    // Queued: when a selected row leaves, the selection changes before the row is gone from the model.
    connect(m_table->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &ConnectionView::onSelectionChanged, Qt::QueuedConnection);

    auto* tableArea = new QWidget(this);
    auto* tableLayout = new QVBoxLayout(tableArea);
    tableLayout->setContentsMargins(0, 0, 0, 0);
    auto* filterRow = new QHBoxLayout;
    filterRow->addWidget(m_filter, 1);
    filterRow->addWidget(m_filterCount);
    tableLayout->addLayout(filterRow);
    tableLayout->addWidget(m_table, 1);

    m_welcome = new WelcomePage(this);
    connect(m_welcome, &WelcomePage::connectRequested, this, &ConnectionView::editConnection);
    connect(m_welcome, &WelcomePage::newProfileRequested, this, &ConnectionView::newProfile);

    m_center = new QStackedWidget(this);
    m_center->setObjectName(QStringLiteral("centerPages"));
    m_center->addWidget(m_welcome);
    m_center->addWidget(tableArea);

    m_detail = new DetailPane(this, m_clock);
    m_splitter = new QSplitter(this);
    m_splitter->setObjectName(QStringLiteral("splitter"));
    m_splitter->addWidget(m_center);
    m_splitter->addWidget(m_detail);
    m_splitter->setStretchFactor(0, 1);
    m_splitter->setSizes({880, 320});

    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_strip);
    layout->addWidget(m_splitter, 1);

    m_statusArea = new QWidget(this);
    auto* statusLayout = new QHBoxLayout(m_statusArea);
    statusLayout->setContentsMargins(0, 0, 0, 0);
    // An action like the window's, so its enabled state and tooltip follow the same rule.
    auto* fetchOffer =
        new QAction(Theme::icon(QStringLiteral("refresh")), tr("Fetch and cache a token now"), this);
    connect(fetchOffer, &QAction::triggered, this, &ConnectionView::fetchOffered);
    m_fetchOffer = new QToolButton(m_statusArea);
    m_fetchOffer->setObjectName(QStringLiteral("fetchOfferButton"));
    m_fetchOffer->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    m_fetchOffer->setDefaultAction(fetchOffer);
    m_fetchOffer->hide();
    m_status = new ConnectionStatus(m_statusArea);
    m_live = new LiveStatus(m_statusArea);
    statusLayout->addWidget(m_fetchOffer);
    statusLayout->addWidget(m_live);
    statusLayout->addWidget(m_status);
}

void ConnectionView::restoreLayout()
{
    QSettings settings;
    m_splitter->restoreState(settings.value(QStringLiteral("window/tableSplitter")).toByteArray());
    // A key of its own since the fingerprint column: an older layout would show it.
    m_table->horizontalHeader()->restoreState(
        settings.value(QStringLiteral("window/tableColumns")).toByteArray());
    m_table->syncColumnToggles();
}

void ConnectionView::saveLayout() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/tableSplitter"), m_splitter->saveState());
    settings.setValue(QStringLiteral("window/tableColumns"), m_table->horizontalHeader()->saveState());
}

void ConnectionView::tick()
{
    m_table->viewport()->update();
    m_model->followStatusChanges();
    calmStorms();
    m_detail->tick();
}

void ConnectionView::onRowsChanged()
{
    updateCenter();
    updateFilterCount();
    noticeShownEntryGone();
    updateProblemCount();
}

void ConnectionView::onConfigChanged(bool connectionChanged)
{
    if (m_name.isEmpty())
        m_name = connection().name;
    if (m_config->removed())
        return noticeGone();
    m_sync->setProfiles(connection().profiles);
    m_live->setWriteRefusal(whyNotWritable());
    showStrip();
    updateCenter();
    updateOffer();
    emit configChanged();
    emit actionsChanged();
    // Any connection setting, TLS included, takes a new connection; a profile change a new pass.
    if (connectionChanged)
        connectToRedis();
    else
        m_sync->syncNow();
}

template <typename Modal> auto ConnectionView::withDialog(Modal modal)
{
    ++m_openDialogs;
    const auto result = modal();
    if (--m_openDialogs == 0 && m_gonePending)
        QTimer::singleShot(0, this, &ConnectionView::gone); // after the caller is done with this tab
    return result;
}

void ConnectionView::noticeGone()
{
    // Deleted under a dialog's event loop, the tab would take the dialog (its child) with it.
    if (m_openDialogs > 0)
        m_gonePending = true;
    else
        QTimer::singleShot(0, this, &ConnectionView::gone);
}

void ConnectionView::showStrip()
{
    // Said above the table, in the connection's colour: nobody takes production for staging.
    const Connection& shown = connection();
    QStringList said;
    if (!shown.tag.isEmpty())
        said.append(shown.tag.toUpper());
    if (shown.tag.compare(shown.name, Qt::CaseInsensitive) != 0)
        said.append(shown.name);
    if (shown.readOnly)
        said.append(tr("read-only: nothing is written to this Redis"));
    const bool labelled = !shown.tag.isEmpty() || !shown.color.isEmpty() || shown.readOnly;
    m_strip->setVisible(labelled);
    m_strip->setText(said.join(QStringLiteral("  \u00b7  ")));
    const QColor background(
        shown.color.isEmpty() ? (shown.isProduction() ? QStringLiteral("#c01c28") : QStringLiteral("#5e5c64"))
                              : shown.color);
    const QColor text = background.lightness() > 150 ? QColor(Qt::black) : QColor(Qt::white);
    m_strip->setStyleSheet(QStringLiteral("QLabel { background: %1; color: %2; font-weight: bold; }")
                               .arg(background.name(), text.name()));
}

void ConnectionView::connectToRedis()
{
    // Keychain (issue 17): a keychain: password is read first; the session resolves it from memory.
    SecretPrefetch::run({connection().redis.passwordRef}, this, [this] { connectWithSecrets(); });
}

void ConnectionView::connectWithSecrets()
{
    const RedisSettings& redis = connection().redis;
    // A new password, user or TLS setting reaches the same data: the rows and the selection stay.
    const QString dataSource = redis.dataSource();
    const bool sameData = !dataSource.isEmpty() && std::exchange(m_dataSource, dataSource) == dataSource;
    if (!sameData) {
        m_shownKey.clear(); // another server's rows leave: the pane's entry is not "gone" from this one
        m_detail->clear();
        m_rewrites = {}; // writes seen on another server say nothing about this one's keys
        m_storming.clear();
    }
    auto session = SessionThread::start(redis, connection().writeRefusal(), m_config->auditLog());
    m_session = session ? *session : nullptr;
    m_live->hide(); // until the new session says whether changes come live
    m_actions->setSession(m_session);
    m_sync->setSubscribeAnyway(connection().subscribeAnyway);
    m_sync->setSession(m_session, connection().profiles,
                       sameData ? CacheSync::Rows::Keep : CacheSync::Rows::Clear);
    if (!session)
        showSyncState(CacheSync::State::Reconnecting, session.error().message);
}

void ConnectionView::showSyncState(CacheSync::State state, const QString& detail)
{
    m_status->setState(state, detail);
    if (!detail.isEmpty()) {
        report(detail, true);
        m_showsSyncError = true;
    } else if (m_showsSyncError) {
        report({}); // recovered: the old error goes at once
    }
    m_detail->setStale(state == CacheSync::State::Reconnecting);
    updateOffer();
    emit stateChanged(state);
    emit actionsChanged();
}

void ConnectionView::updateCenter()
{
    // Called for every batch the model takes: the welcome text is only built when it is shown.
    const bool welcome =
        !m_config->editable() || (connection().profiles.isEmpty() && m_model->totalRowCount() == 0);
    m_center->setCurrentIndex(welcome ? 0 : 1);
    if (!welcome)
        return;
    if (!m_config->editable())
        m_welcome->showConfigError(m_config->error());
    else
        m_welcome->showEmpty(connection().redis.url);
}

void ConnectionView::updateOffer()
{
    QString whyNot = whyNotConnected();
    if (whyNot.isEmpty())
        whyNot = whyNotWritable();
    QAction* offer = m_fetchOffer->defaultAction();
    offer->setEnabled(whyNot.isEmpty());
    offer->setToolTip(Theme::plainToolTip(
        whyNot.isEmpty() ? tr("Ask %1's provider for a token and store it in Redis").arg(m_offeredProfile)
                         : whyNot));
}

QString ConnectionView::whyNotConnected() const
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

QString ConnectionView::whyNotWritable() const
{
    if (!connection().readOnly)
        return {};
    return tr("The connection %1 is read-only: tokencache never writes to its Redis").arg(connection().name);
}

QStringList ConnectionView::selectedKeys() const
{
    return m_table->selectedKeys();
}

ConnectionView::RefreshTarget ConnectionView::tableRefreshTarget() const
{
    // From the table, the filter or the detail pane: the selected rows, never the sidebar's choice.
    if (!m_table->selectionModel()->hasSelection())
        return {{}, tr("Select a token to refresh")};
    RefreshTarget target;
    for (const QString& name : m_table->selectedProfileNames()) {
        if (const ProviderProfile* profile = connection().profile(name))
            target.profiles.append(profile);
    }
    if (target.profiles.isEmpty())
        target.whyNot = tr("No profile writes this key, so none can refresh it");
    return target;
}

void ConnectionView::updateFilterCount()
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

void ConnectionView::focusFilter()
{
    m_filter->setFocus(Qt::ShortcutFocusReason);
    m_filter->selectAll();
}

void ConnectionView::filterBySidebar(const QString& filter)
{
    if (filter.isEmpty()) {
        if (!std::exchange(m_sidebarFilter, QString()).isEmpty())
            m_filter->setText(m_filterBeforeSidebar);
        return;
    }
    if (m_sidebarFilter.isEmpty())
        m_filterBeforeSidebar = m_filter->text();
    m_sidebarFilter = filter;
    m_filter->setText(filter);
}

void ConnectionView::onSelectionChanged()
{
    showSelectedEntry();
    emit actionsChanged();
}

void ConnectionView::noticeShownEntryGone()
{
    // rowForKey, not indexForKey: a row the filter hides is still in Redis.
    if (m_shownKey.isEmpty() || m_shownGone || m_model->rowForKey(m_shownKey))
        return;
    m_shownGone = true;
    m_detail->showGone(m_shownKey);
    emit actionsChanged();
}

void ConnectionView::showSelectedEntry()
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
    m_session->read(key, connection().profileForKey(key), m_detail,
                    [this, key](const Result<CacheEntry>& entry) {
                        if (m_table->selectedKey() != key)
                            return;
                        if (!entry) {
                            m_detail->showMessage(entry.error().message);
                            return;
                        }
                        m_detail->showEntry(*entry, problemsOf(*entry));
                    });
}

void ConnectionView::report(const QString& message, bool error)
{
    m_showsSyncError = false;
    m_standingError = error ? message : QString();
    m_fetchOffer->hide(); // an offer stands until the next thing the window reports
    emit reported(message, error);
}

void ConnectionView::countRewrite(const QString& key, RewriteCounter::Seen seen)
{
    const TokenRow* row = m_model->rowForKey(key);
    if (!row)
        return;
    m_rewrites.record(key, row->profile, m_clock.nowUtc(), qMax<qint64>(0, row->expiresIn), seen);
    for (const CacheProblem& storm : m_rewrites.storms(m_clock.nowUtc())) {
        if (storm.key == key && !m_storming.contains(key)) {
            m_storming.insert(key);
            m_model->setRewriteStorm(key, true);
        }
    }
}

void ConnectionView::calmStorms()
{
    if (m_storming.isEmpty())
        return;
    QSet<QString> storming;
    for (const CacheProblem& storm : m_rewrites.storms(m_clock.nowUtc()))
        storming.insert(storm.key);
    for (const QString& key : std::exchange(m_storming, m_storming & storming)) {
        if (!storming.contains(key))
            m_model->setRewriteStorm(key, false);
    }
}

QList<CacheProblem> ConnectionView::problemsOf(const CacheEntry& entry) const
{
    QList<CacheProblem> problems = CacheProblem::of(entry, connection().profileForKey(entry.key));
    for (const CacheProblem& storm : m_rewrites.storms(m_clock.nowUtc())) {
        if (storm.key == entry.key)
            problems.append(storm);
    }
    return problems;
}

void ConnectionView::updateProblemCount()
{
    const int count = m_model->problemRowCount();
    if (std::exchange(m_problemCount, count) != count)
        emit problemCountChanged(count);
}

void ConnectionView::enableLiveUpdates()
{
    m_sync->enableLiveUpdates([this](const Result<Done>& done) {
        if (done)
            report(tr("Live updates turned on: notify-keyspace-events set on the server"));
        else
            report(tr("Could not turn on live updates: %1").arg(done.error().message), true);
    });
}

void ConnectionView::syncNow()
{
    m_sync->syncNow();
}

void ConnectionView::refresh(const QList<const ProviderProfile*>& profiles)
{
    for (const ProviderProfile* profile : profiles)
        m_actions->refresh(*profile);
}

void ConnectionView::evictSelected()
{
    const QStringList keys = m_table->selectedKeys();
    if (keys.isEmpty() || !whyNotConnected().isEmpty() || !whyNotWritable().isEmpty())
        return;
    const std::shared_ptr<SessionThread> session = m_session;
    const QString consequence = keys.size() == 1
                                    ? tr("Every service using it fetches a new token on its next request.")
                                    : tr("Every service using them fetches a new token on its next request.");
    const bool confirmed =
        keys.size() == 1
            ? confirmDeletion(tr("Evict token"), tr("Delete this key from Redis?\n\n%1").arg(consequence),
                              tr("Evict"), keys)
            : confirmDeletion(
                  tr("Evict tokens"),
                  tr("Delete these %n keys from Redis?\n\n%1", nullptr, int(keys.size())).arg(consequence),
                  tr("Evict %n keys", nullptr, int(keys.size())), keys);
    // The connection may have changed while the question was open: never delete on another server.
    if (confirmed && m_session == session && whyNotConnected().isEmpty())
        m_actions->evict(keys);
    else if (confirmed)
        report(tr("Not evicted: the connection changed while you were asked"), true);
}

bool ConnectionView::confirmDeletion(const QString& title, const QString& question, const QString& acceptText,
                                     const QStringList& keys)
{
    // On production a click is not enough: the user types what goes (the key, or how many keys).
    const bool production = connection().isProduction();
    const QString typed = !production        ? QString()
                          : keys.size() == 1 ? keys.first()
                                             : QString::number(keys.size());
    const QString where =
        production ? tr("\n\nThis is %1, tagged production.").arg(connection().name) : QString();
    return withDialog(
        [&] { return m_confirmation->confirm(this, title, question + where, acceptText, keys, typed); });
}

QString ConnectionView::whyNotRevocable() const
{
    const QStringList keys = m_table->selectedKeys();
    if (keys.size() != 1)
        return tr("Select one token to revoke");
    const ProviderProfile* owner = connection().profileForKey(keys.first());
    if (!owner)
        return tr("No profile writes this key, so no client of the provider can revoke its token");
    if (owner->issuer.isEmpty())
        return tr("The profile %1 names no issuer: its revocation endpoint is unknown (tokencache profiles "
                  "edit %1 --issuer URL)")
            .arg(owner->name);
    return {};
}

void ConnectionView::revokeSelected()
{
    if (!whyNotRevocable().isEmpty() || !whyNotConnected().isEmpty() || !whyNotWritable().isEmpty())
        return;
    const QString key = m_table->selectedKey();
    const QString owner = connection().profileForKey(key)->name;
    const std::shared_ptr<SessionThread> session = m_session;
    const bool confirmed = confirmDeletion(
        tr("Revoke and evict token"),
        tr("Revoke this token at %1's provider, then delete its key from Redis?\n\nThe provider refuses the "
           "token from then on, wherever it is in use; every service using it fetches a new one.")
            .arg(owner),
        tr("Revoke and evict"), {key});
    if (!confirmed)
        return;
    // As for evict: never on another server; and the profile, read again, must still own the key.
    const ProviderProfile* profile = connection().profileForKey(key);
    if (m_session != session || !whyNotConnected().isEmpty() || !profile || profile->name != owner)
        return report(tr("Not revoked: the connection or its profiles changed while you were asked"), true);
    m_actions->revokeAndEvict(*profile);
}

QString ConnectionView::whyNotVerifiable() const
{
    const QStringList keys = m_table->selectedKeys();
    if (keys.size() != 1)
        return tr("Select one token to verify");
    const ProviderProfile* owner = connection().profileForKey(keys.first());
    if (!owner)
        return tr("No profile writes this key, so its issuer is unknown");
    if (owner->issuer.isEmpty())
        return tr("The profile %1 names no issuer (tokencache profiles edit %1 --issuer URL)")
            .arg(owner->name);
    return {};
}

void ConnectionView::verifySelected()
{
    if (!whyNotVerifiable().isEmpty() || !whyNotConnected().isEmpty())
        return;
    const QString key = m_table->selectedKey();
    const ProviderProfile profile = *connection().profileForKey(key);
    const std::shared_ptr<const AuditLog> audit = m_config->auditLog();
    if (auto writable = audit->check(); !writable)
        return report(writable.error().message, true);
    report(tr("Verifying %1 with %2's keys…").arg(key, profile.issuer));
    m_session->read(key, &profile, this, [this, key, profile, audit](const Result<CacheEntry>& entry) {
        if (!entry)
            return report(entry.error().message, true);
        if (!entry->token)
            return report(tr("%1 holds no token to verify").arg(key), true);
        const QString fingerprint = entry->token->fingerprint();
        m_issuers->verify(
            entry->token->accessToken.toUtf8(), {profile.issuer, profile.audience}, this,
            [this, key, profile, audit, fingerprint](const Result<TokenVerifier::Report>& result) {
                if (!result)
                    return report(result.error().message, true);
                const bool valid = result->verdict == TokenVerifier::Verdict::Valid;
                const QString failure = result->firstFailure();
                audit->record({QStringLiteral("verify"),
                               key,
                               profile.name,
                               fingerprint,
                               valid ? QString() : failure,
                               {}});
                if (m_shownKey == key)
                    m_detail->showVerification(fingerprint, *result);
                report(valid
                           ? tr("%1 is valid: signed by %2's key, within its times").arg(key, profile.issuer)
                           : tr("%1 is not shown valid: %2").arg(key, failure),
                       !valid);
            });
    });
}

void ConnectionView::copySelected(TokenActions::Copy what)
{
    if (const QString key = m_table->selectedKey(); !key.isEmpty())
        m_actions->copy(key, what);
}

void ConnectionView::openProfileDialog(const ProviderProfile& start, QString replacing, const QString& title)
{
    // Profiles are configuration: editing them needs no live connection.
    QStringList taken;
    for (const ProviderProfile& profile : connection().profiles) {
        if (profile.name != replacing)
            taken.append(profile.name);
    }
    ProfileDialog dialog(start, taken, this);
    if (!title.isEmpty())
        dialog.setWindowTitle(title);
    // A save that fails (the file became unreadable) opens the dialog again: nothing typed is lost.
    while (withDialog([&dialog] { return dialog.exec(); }) == QDialog::Accepted) {
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

void ConnectionView::offerFirstFetch(const QString& profileName)
{
    m_offeredProfile = profileName;
    m_fetchOffer->show();
    updateOffer();
}

void ConnectionView::fetchOffered()
{
    m_fetchOffer->hide();
    if (const ProviderProfile* profile = connection().profile(m_offeredProfile))
        m_actions->refresh(*profile);
    else
        report(tr("The profile %1 is no longer configured").arg(m_offeredProfile), true);
}

void ConnectionView::newProfile()
{
    openProfileDialog(ProviderProfile{}, {});
}

void ConnectionView::editProfile(const ProviderProfile& profile)
{
    openProfileDialog(profile, profile.name);
}

void ConnectionView::duplicateProfile(const ProviderProfile& profile)
{
    ProviderProfile copy = profile;
    copy.name += tr("-copy");
    copy.key.clear();
    openProfileDialog(copy, {}, tr("New profile (copy of %1)").arg(profile.name));
}

void ConnectionView::deleteProfile(const ProviderProfile& profile)
{
    const QString name = profile.name;
    const bool confirmed = withDialog([&] {
        return m_confirmation->confirm(
            this, tr("Delete profile"),
            tr("Delete the profile %1 from the configuration?\n\nIts cached token stays in Redis.").arg(name),
            tr("Delete %1").arg(name));
    });
    if (!confirmed)
        return;
    if (auto deleted = m_config->deleteProfile(name); !deleted)
        report(deleted.error().message, true);
    else
        report(tr("Deleted profile %1").arg(name));
}

void ConnectionView::editConnection()
{
    Connection start = connection();
    start.redis = m_config->savedConnection(); // the file's: the launch override is never saved
    ConnectionDialog dialog(start, {}, this);
    if (!m_config->redisUrlOverride().isEmpty())
        dialog.setNotice(tr("This window uses %1 from $TOKENCACHE_REDIS_URL. Saving the connection "
                            "below switches it to the saved one.")
                             .arg(Humanize::urlWithoutCredentials(m_config->redisUrlOverride())));
    if (withDialog([&dialog] { return dialog.exec(); }) != QDialog::Accepted)
        return;
    if (auto saved = m_config->saveConnection(dialog.connection()); !saved)
        report(saved.error().message, true);
    else
        report(tr("Saved the connection %1").arg(m_name));
}

} // namespace tokencache
