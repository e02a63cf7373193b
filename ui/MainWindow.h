#pragma once

#include "core/common/Clock.h"
#include "ui/Preferences.h"
#include "ui/TokenActions.h"
#include "ui/sync/CacheSync.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QAction;
class QLabel;
class QToolButton;
class QTreeWidgetItem;
class QLineEdit;
class QSplitter;
class QStackedWidget;

namespace tokencache {

class ClipboardGuard;
class ConfigController;
class Confirmation;
class ConnectionStatus;
class DetailPane;
class ProfileSidebar;
class SessionThread;
class TokenTable;
class TokenTableModel;
class WelcomePage;
struct ProviderProfile;

/**
 * The desktop window. It arranges the parts (sidebar, table, detail pane, status) and wires the
 * actions to them; loading and saving the configuration, acting on tokens and keeping the table
 * in sync are the parts' own jobs. All Redis and HTTP work is asynchronous.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /** @p configPath, @p redisUrlOverride and @p connectionName: as LaunchOptions decides. Countdowns and the
     * clipboard's delay read @p clock. */
    MainWindow(const QString& configPath, const QString& redisUrlOverride, const QString& connectionName = {},
               const Clock& clock = Clock::system(), QWidget* parent = nullptr);
    ~MainWindow() override;

    void setPreferences(const Preferences& preferences);
    /** The Redis in use was started for this session (scripts/run.sh): the window says so. */
    void markRedisPrivate();
    /** Who confirms evictions and deletions: a dialog unless replaced (tests script the answers). */
    void setConfirmation(std::unique_ptr<Confirmation> confirmation);
    TokenTableModel& model() { return *m_model; }
    CacheSync& sync() { return *m_sync; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createLayout();
    void restoreLayout();
    void onConfigChanged(bool connectionChanged);
    void connectToRedis();
    void connectWithSecrets();
    void showSyncState(CacheSync::State state, const QString& detail);
    void updateCenter();
    void updateActions();
    void showSelectedEntry();
    void report(const QString& message, bool error = false);

    void refreshSelected();
    void evictSelected();
    void copySelected(TokenActions::Copy what);
    void newProfile();
    void editProfile();
    void duplicateProfile();
    void deleteProfile();
    void editConnection();
    void editPreferences();
    /** @p replacing by value: a reload while the dialog is open replaces the profile it came from. */
    void openProfileDialog(const ProviderProfile& start, QString replacing, const QString& title = {});

    /** What Refresh acts on: profiles, or why there are none. */
    struct RefreshTarget
    {
        QList<const ProviderProfile*> profiles;
        QString whyNot;
    };
    /** The sidebar's profile while the sidebar has the focus, else the owners of the table's selected rows.
     */
    RefreshTarget refreshTarget() const;
    /** Why actions that need Redis cannot run now; empty when connected. */
    QString whyNotConnected() const;
    /** The detail pane follows the selection; a selected row that left the table is said to be gone. */
    void onSelectionChanged();
    /** "N of M" beside the filter, or what is wrong with it. */
    void updateFilterCount();
    /** The rows shown changed: what depends on them follows. */
    void onRowsChanged();
    /** The connection in the sidebar, marked private when it is. */
    void showConnection();
    /** A profile chosen in the sidebar filters the table to its key; none brings the user's filter back. */
    void filterBySidebarProfile();
    void noticeShownEntryGone();
    /** After a new profile is saved: a status bar button that fetches its first token and caches it. */
    void offerFirstFetch(const QString& profileName);
    void fetchOffered();
    const ProviderProfile* sidebarProfile() const;

    const Clock& m_clock;
    Preferences m_preferences;
    ConfigController* m_config;
    std::shared_ptr<SessionThread> m_session;
    TokenTableModel* m_model;
    CacheSync* m_sync;
    ClipboardGuard* m_clipboard;
    TokenActions* m_actions;
    std::unique_ptr<Confirmation> m_confirmation;
    QTimer m_tick;
    QString m_shownKey;            ///< the entry in the detail pane
    QString m_offeredProfile;      ///< the new profile the status bar offers to fetch a token for
    bool m_shownGone = false;      ///< ...which left Redis, and the pane says so
    bool m_redisIsPrivate = false; ///< the launch's Redis was started for this session only
    bool m_showsSyncError = false; ///< the status bar's message is the connection's error
    QString m_dataSource;          ///< host:port/db of the session: a reconnect to the same keeps the rows

    ProfileSidebar* m_sidebar = nullptr;
    QStackedWidget* m_center = nullptr;
    WelcomePage* m_welcome = nullptr;
    QLineEdit* m_filter = nullptr;
    QLabel* m_filterCount = nullptr;
    QToolButton* m_fetchOffer = nullptr; ///< shown after a new profile is saved
    QString m_filterProblem;             ///< why the filter's text is wrong (an unknown status), else empty
    QString m_filteredProfile;           ///< the sidebar profile whose key the filter shows
    QString m_filterBeforeProfile;       ///< the user's filter, back when no profile is chosen
    QTreeWidgetItem* m_lastSidebarClick = nullptr;
    TokenTable* m_table = nullptr;
    DetailPane* m_detail = nullptr;
    QSplitter* m_splitter = nullptr;
    ConnectionStatus* m_status = nullptr;

    QAction* m_reloadAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_evictAction = nullptr;
    QAction* m_copyTokenAction = nullptr;
    QAction* m_copyHeaderAction = nullptr;
    QAction* m_copyCurlAction = nullptr;
    QAction* m_newProfileAction = nullptr;
    QAction* m_editProfileAction = nullptr;
    QAction* m_duplicateProfileAction = nullptr;
    QAction* m_deleteProfileAction = nullptr;
    QAction* m_connectionAction = nullptr;
    QAction* m_preferencesAction = nullptr;
    QAction* m_findAction = nullptr;
    QAction* m_reloadConfigAction = nullptr;
};

} // namespace tokencache
