#pragma once

#include "core/common/Clock.h"
#include "ui/ConnectionView.h"
#include "ui/Preferences.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class QAction;
class QSplitter;
class QTabWidget;
class QTreeWidgetItem;

namespace tokencache {

class ClipboardGuard;
class Confirmation;
class ProblemCensus;
class ProfileSidebar;
struct ProviderProfile;

/**
 * The desktop window: the sidebar of connections and profiles, a tab per open connection, the
 * menus and the toolbar. Each action goes to the tab in front; the tabs (ConnectionView) do the
 * work. All Redis and HTTP work is asynchronous.
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
    /** Opens connection @p name in a tab, or brings its tab to the front. */
    void openConnection(const QString& name);
    /** File > Export connections: every connection, secret references only, to @p path. */
    void exportConnections(const QString& path);
    /** File > Import connections: those of the export at @p path; asks before replacing any. */
    void importConnections(const QString& path);
    /** The tab in front. */
    ConnectionView& currentView() const;
    TokenTableModel& model() { return currentView().model(); }
    CacheSync& sync() { return currentView().sync(); }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createMenus();
    void createLayout();
    void restoreLayout();
    /** A new tab for connection @p name (empty: the default); none when the file has no such connection. */
    ConnectionView* addView(const QString& name);
    ConnectionView* viewFor(const QString& name) const;
    void closeTab(int index);
    void onCurrentTabChanged();
    /** A tab's configuration was read again: the sidebar, its label and the title follow. */
    void onViewConfigChanged(ConnectionView* view);
    /** The tab says which environment it is: name, tag, colour, lock, state. */
    void labelTab(ConnectionView* view);
    void updateTitle();
    void updateActions();
    void showSidebar();
    /** Connections without a tab are counted once in the background; a tab counts its own live. */
    void countProblems(const QList<Connection>& connections);
    void report(const QString& message, bool error = false);
    void editPreferences();
    /** File > New connection: a dialog, then the new connection's tab. */
    void newConnection();

    /** The sidebar's profile while the sidebar has the focus, else the owners of the table's selected rows.
     */
    ConnectionView::RefreshTarget refreshTarget() const;
    /** The sidebar's choice: its connection comes to the front, its profile filters the table. */
    void onSidebarChoice();
    const ProviderProfile* sidebarProfile() const;

    const QString m_configPath;
    const QString m_redisUrlOverride;
    const QString m_launchConnection; ///< whose URL the override replaces; empty: the default
    const Clock& m_clock;
    Preferences m_preferences;
    ClipboardGuard* m_clipboard;
    std::unique_ptr<Confirmation> m_confirmation;
    QTimer m_tick;
    bool m_redisIsPrivate = false; ///< the launch's Redis was started for this session only
    QWidget* m_shownStatus = nullptr;

    ProfileSidebar* m_sidebar = nullptr;
    ProblemCensus* m_census; ///< the sidebar's problem counts for connections without a tab
    QTabWidget* m_tabs = nullptr;
    QSplitter* m_splitter = nullptr;
    QTreeWidgetItem* m_lastSidebarClick = nullptr;

    QAction* m_reloadAction = nullptr;
    QAction* m_refreshAction = nullptr;
    QAction* m_evictAction = nullptr;
    QAction* m_revokeAction = nullptr;
    QAction* m_verifyAction = nullptr;
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
    QAction* m_newConnectionAction = nullptr;
    QAction* m_exportAction = nullptr;
    QAction* m_importAction = nullptr;
};

} // namespace tokencache
