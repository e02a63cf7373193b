#pragma once

#include "Preferences.h"
#include "cache/CacheEntry.h"
#include "common/Clock.h"
#include "config/AppConfig.h"
#include "config/ConfigStore.h"
#include "sync/CacheSync.h"

#include <QMainWindow>
#include <QTimer>

#include <memory>

class CacheSession;
class ClipboardGuard;
class Confirmation;
class DetailPane;
class QAction;
class QLabel;
class QLineEdit;
class QSplitter;
class QStackedWidget;
class QTableView;
class QTreeWidget;
class QTreeWidgetItem;
class TokenTableModel;

/**
 * The desktop window: connection and profiles on the left, the live token table in the middle,
 * the selected entry on the right. All Redis and HTTP work is asynchronous.
 */
class MainWindow final : public QMainWindow
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(MainWindow)

public:
    /**
     * @p redisUrlOverride: from $TOKENCACHE_REDIS_URL, used instead of the config's URL. Countdowns
     * and the clipboard's delay read @p clock.
     */
    MainWindow(const QString& configPath, const QString& redisUrlOverride,
               const Clock& clock = Clock::system(), QWidget* parent = nullptr);
    ~MainWindow() override;

    void setPreferences(const Preferences& preferences);
    /** Who confirms evictions and deletions: a dialog unless replaced (tests script the answers). */
    void setConfirmation(std::unique_ptr<Confirmation> confirmation);
    TokenTableModel& model() { return *m_model; }
    CacheSync& sync() { return *m_sync; }

    enum class Copy
    {
        Token,
        Header,
        Curl
    };
    void copySelected(Copy what);
    void refreshSelected();
    void evictSelected();
    void newProfile();
    void editProfile();
    void duplicateProfile();
    void deleteProfile();
    void editConnection();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void createActions();
    void createLayout();
    void loadConfig();
    void connectToRedis();
    void populateSidebar();
    void updateCenter();
    void updateActions();
    void onSyncState(CacheSync::State state, const QString& detail);
    void onSynced(const ServerInfo& server, const QDateTime& at);
    void showSelectedEntry();
    void report(const QString& message, bool error = false);
    bool saveConfig(const std::function<Result<Done>(AppConfig&)>& change);
    void openProfileDialog(const ProviderProfile& start, const QString& replacing);

    QString selectedKey() const;
    const ProviderProfile* selectedProfile() const;
    const ProviderProfile* sidebarProfile() const;

    const Clock& m_clock;
    ConfigStore m_store;
    QString m_redisUrlOverride;
    AppConfig m_config;
    QString m_configError;
    Preferences m_preferences;
    std::shared_ptr<CacheSession> m_session;

    TokenTableModel* m_model;
    CacheSync* m_sync;
    ClipboardGuard* m_clipboard;
    std::unique_ptr<Confirmation> m_confirmation;
    QTimer m_tick;

    QTreeWidget* m_sidebar = nullptr;
    QStackedWidget* m_center = nullptr;
    QLabel* m_welcomeText = nullptr;
    QLineEdit* m_filter = nullptr;
    QTableView* m_table = nullptr;
    DetailPane* m_detail = nullptr;
    QSplitter* m_splitter = nullptr;
    QLabel* m_stateLabel = nullptr;
    QLabel* m_versionLabel = nullptr;
    QLabel* m_rttLabel = nullptr;
    QLabel* m_syncLabel = nullptr;

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
};
