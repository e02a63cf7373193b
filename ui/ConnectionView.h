#pragma once

#include "core/cache/CacheProblems.h"
#include "core/common/Clock.h"
#include "ui/Preferences.h"
#include "ui/TokenActions.h"
#include "ui/sync/CacheSync.h"

#include <QSet>
#include <QWidget>

#include <memory>

class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QToolButton;

namespace tokencache {

class ClipboardGuard;
class ConfigController;
class Confirmation;
class ConnectionStatus;
class DetailPane;
class LiveStatus;
class SessionThread;
class TokenTable;
class TokenTableModel;
class ProviderMetadataClient;
class WelcomePage;
struct Connection;
struct ProviderProfile;

/**
 * One connection's tab: its own configuration view, session, table, sync, detail pane and status,
 * with the strip that says which environment this is. The window routes its actions to the tab in
 * front; each tab keeps its state (connected, retrying, selection, filter) while another is.
 */
class ConnectionView final : public QWidget
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionView)

public:
    /** @p redisUrlOverride replaces the URL of @p overriddenConnection (the launch's); @p name: shown here.
     */
    ConnectionView(const QString& configPath, const QString& redisUrlOverride,
                   const QString& overriddenConnection, const QString& name, const Clock& clock,
                   ClipboardGuard& clipboard, QWidget* parent = nullptr);
    ~ConnectionView() override;

    /** Loads the configuration and connects. */
    void start();

    ConfigController& config() { return *m_config; }
    const ConfigController& config() const { return *m_config; }
    const Connection& connection() const;
    /** The connection this tab was opened for; the configuration may have lost it since (see gone()). */
    const QString& name() const { return m_name; }
    TokenTableModel& model() { return *m_model; }
    CacheSync& sync() { return *m_sync; }
    /** The status bar's part for this tab: state, server, the offer to fetch a new profile's token. */
    QWidget* statusArea() const { return m_statusArea; }
    /** The last error reported, while it stands (the window shows it when this tab comes to the front). */
    const QString& standingError() const { return m_standingError; }
    void setStandingError(const QString& error) { m_standingError = error; }

    void setPreferences(const Preferences& preferences);
    void setConfirmation(Confirmation* confirmation) { m_confirmation = confirmation; }
    /** The window's token actions, offered in the table's context menu. */
    void setTableActions(const QList<QAction*>& actions);
    /** The launch's Redis was started for this session only (scripts/run.sh). */
    void markRedisPrivate() { m_redisIsPrivate = true; }
    /** The Redis in use is that private one: the launch URL still replaces the file's. */
    bool usesPrivateRedis() const;
    /** A countdown second passed: the rows in view, the detail pane. */
    void tick();
    void saveLayout() const;

    /** What Refresh acts on: profiles, or why there are none. */
    struct RefreshTarget
    {
        QList<const ProviderProfile*> profiles;
        QString whyNot;
    };
    /** The owners of the table's selected rows. */
    RefreshTarget tableRefreshTarget() const;
    /** Why actions that need Redis cannot run now; empty when connected. */
    QString whyNotConnected() const;
    /** Why nothing may be written to this Redis (a read-only connection); empty when it may. */
    QString whyNotWritable() const;
    QStringList selectedKeys() const;

    void syncNow();
    /** Sets notify-keyspace-events at the server (the user pressed the offer); a refusal is reported. */
    void enableLiveUpdates();
    void refresh(const QList<const ProviderProfile*>& profiles);
    void evictSelected();
    void copySelected(TokenActions::Copy what);
    /** Why the selected row's token cannot be verified (none or several selected, no issuer); empty: it can.
     */
    QString whyNotVerifiable() const;
    /** Checks the selected row's token against its profile's issuer's keys; the detail pane shows each check.
     */
    void verifySelected();
    /** Why the selected row's token cannot be revoked (none or several selected, no owner or issuer); empty:
     * it can. */
    QString whyNotRevocable() const;
    /** Revokes the selected row's token at its provider and deletes its key, once the user confirms. */
    void revokeSelected();
    void focusFilter();
    /** What the sidebar's choice shows (a profile's key, the problems); empty brings the user's filter back.
     */
    void filterBySidebar(const QString& filter);
    /** Rows with at least one problem (CacheProblem), as the sidebar counts them. */
    int problemCount() const { return m_problemCount; }
    void newProfile();
    void editProfile(const ProviderProfile& profile);
    void duplicateProfile(const ProviderProfile& profile);
    void deleteProfile(const ProviderProfile& profile);
    void editConnection();

signals:
    /** A line for the status bar. */
    void reported(const QString& message, bool error);
    /** What the window's actions may do changed (selection, state, configuration). */
    void actionsChanged();
    /** The configuration was read again: labels and the sidebar follow. */
    void configChanged();
    void problemCountChanged(int count);
    /** The connection state changed (the tab shows it). */
    void stateChanged(CacheSync::State state);
    /** The connection was removed from the configuration: the tab closes (never while a dialog of it is
     * open). */
    void gone();

private:
    void createLayout();
    void restoreLayout();
    void onConfigChanged(bool connectionChanged);
    void connectToRedis();
    void connectWithSecrets();
    void showSyncState(CacheSync::State state, const QString& detail);
    void showStrip();
    void updateCenter();
    void updateOffer();
    void showSelectedEntry();
    void report(const QString& message, bool error = false);
    void onSelectionChanged();
    void updateFilterCount();
    void onRowsChanged();
    void noticeShownEntryGone();
    /** One write of @p key: a rewrite storm once there are too many within its token's lifetime. */
    void countRewrite(const QString& key, RewriteCounter::Seen seen);
    /** Rows whose key was not rewritten too often within its last lifetime lose their storm. */
    void calmStorms();
    /** @p entry's problems: its own, and a rewrite storm the window saw. */
    QList<CacheProblem> problemsOf(const CacheEntry& entry) const;
    void updateProblemCount();
    /** @p replacing by value: a reload while the dialog is open replaces the profile it came from. */
    void openProfileDialog(const ProviderProfile& start, QString replacing, const QString& title = {});
    /** After a new profile is saved: a status bar button that fetches its first token and caches it. */
    void offerFirstFetch(const QString& profileName);
    void fetchOffered();
    /** Runs @p modal (a dialog's exec): the tab is not closed under it, and closes once it returns if it
     * went. */
    template <typename Modal> auto withDialog(Modal modal);
    void noticeGone();
    /** Asks before @p keys are deleted; on production only once the key (or the count) is typed. */
    bool confirmDeletion(const QString& title, const QString& question, const QString& acceptText,
                         const QStringList& keys);

    QString m_name; ///< set from the configuration's default when opened without one
    const Clock& m_clock;
    ConfigController* m_config;
    std::shared_ptr<SessionThread> m_session;
    TokenTableModel* m_model;
    CacheSync* m_sync;
    ClipboardGuard& m_clipboard;
    TokenActions* m_actions;
    ProviderMetadataClient* m_issuers; ///< the issuers' metadata and keys (verify), kept on disk
    Confirmation* m_confirmation = nullptr;
    QString m_shownKey;            ///< the entry in the detail pane
    QString m_offeredProfile;      ///< the new profile the status bar offers to fetch a token for
    QString m_standingError;       ///< the last error reported, until something else is
    bool m_shownGone = false;      ///< ...which left Redis, and the pane says so
    bool m_redisIsPrivate = false; ///< the launch's Redis was started for this session only
    bool m_showsSyncError = false; ///< the last report is the connection's error
    int m_openDialogs = 0;         ///< dialogs of this tab in their event loop: it must outlive them
    bool m_gonePending = false;    ///< the connection went while a dialog was open
    QString m_dataSource;          ///< host:port/db of the session: a reconnect to the same keeps the rows

    QLabel* m_strip = nullptr; ///< the environment: tag, colour, read-only
    QStackedWidget* m_center = nullptr;
    WelcomePage* m_welcome = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_filterCount = nullptr;
    QString m_filterProblem;       ///< why the filter's text is wrong (an unknown status), else empty
    QString m_sidebarFilter;       ///< the filter the sidebar's choice set, while it stands
    QString m_filterBeforeSidebar; ///< the user's filter, back when the sidebar's choice goes
    RewriteCounter m_rewrites;     ///< writes per key, over this connection's life
    QSet<QString> m_storming;      ///< the keys whose rows say rewrite storm, until it calms down
    int m_problemCount = 0;
    TokenTable* m_table = nullptr;
    DetailPane* m_detail = nullptr;
    QSplitter* m_splitter = nullptr;
    QWidget* m_statusArea = nullptr;
    ConnectionStatus* m_status = nullptr;
    LiveStatus* m_live = nullptr;
    QToolButton* m_fetchOffer = nullptr; ///< shown after a new profile is saved
};

} // namespace tokencache
