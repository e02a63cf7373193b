#include "core/cache/CacheSession.h"
#include "core/cache/TokenCache.h"
#include "core/common/Humanize.h"
#include "core/config/ConfigStore.h"
#include "core/config/SecretRef.h"
#include "tests/support/Await.h"
#include "tests/support/ManualClock.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TestTokens.h"
#include "tests/support/TlsMaterial.h"
#include "tests/support/TokenEndpoint.h"
#include "ui/ClipboardGuard.h"
#include "ui/ConfigController.h"
#include "ui/Confirmation.h"
#include "ui/MainWindow.h"
#include "ui/dialogs/ConnectionDialog.h"
#include "ui/dialogs/ProfileDialog.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/CacheSync.h"
#include "ui/sync/SessionThread.h"
#include "ui/widgets/DetailPane.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QClipboard>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QScrollBar>
#include <QSettings>
#include <QSignalSpy>
#include <QSpinBox>
#include <QStackedWidget>
#include <QStatusBar>
#include <QTabWidget>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>
#include <QToolButton>
#include <QTreeWidget>
#include <QUrl>

#include <limits>
#include <memory>

using namespace tokencache;

/** What a confirmation asked. */
struct Question
{
    QString text;
    QString acceptText;
    QStringList items;
    QString typeToConfirm;
};

/** Answers confirmations from a script, and keeps the questions. */
class ScriptedConfirmation final : public Confirmation
{
public:
    ScriptedConfirmation(QList<bool>* answers, QList<Question>* asked) : m_answers(answers), m_asked(asked) {}
    bool confirm(QWidget*, const QString&, const QString& text, const QString& acceptText,
                 const QStringList& items, const QString& typeToConfirm) override
    {
        m_asked->append({text, acceptText, items, typeToConfirm});
        return !m_answers->isEmpty() && m_answers->takeFirst();
    }

private:
    QList<bool>* m_answers;
    QList<Question>* m_asked;
};

class tst_MainWindow : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<QTemporaryDir> m_cacheDirectory;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<TokenEndpoint> m_endpoint;
    std::unique_ptr<ManualClock> m_clock; ///< countdowns and the clipboard's delay move only with it
    QList<bool> m_answers;                ///< the next confirmations' answers; none left: declined
    QList<Question> m_asked;              ///< the confirmations asked, in order
    QString m_dialogTitle;                ///< of the last profile dialog saveNextProfileDialogAs() filled
    std::unique_ptr<MainWindow> m_window;

    QString configPath() const { return m_directory->filePath(QStringLiteral("config.json")); }

    /** @p issuer: the profile's, none when empty; @p tag: the connection's, none when empty. */
    void writeConfig(bool withProfile, const QString& issuer = {}, const QString& tag = {})
    {
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QJsonObject profile{{QStringLiteral("name"), QStringLiteral("acme")},
                            {QStringLiteral("tokenUrl"), m_endpoint->url()},
                            {QStringLiteral("clientId"), QStringLiteral("c")},
                            {QStringLiteral("clientSecret"), QStringLiteral("literal:s")}};
        if (!issuer.isEmpty())
            profile.insert(QStringLiteral("issuer"), issuer);
        const QJsonArray profiles = withProfile ? QJsonArray{profile} : QJsonArray();
        if (tag.isEmpty())
            return void(
                file.write(QJsonDocument(QJsonObject{{QStringLiteral("profiles"), profiles}}).toJson()));
        const QJsonObject connection{
            {QStringLiteral("name"), QStringLiteral("default")},
            {QStringLiteral("tag"), tag},
            {QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), m_redis->url()}}},
            {QStringLiteral("profiles"), profiles}};
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 4},
                                             {QStringLiteral("defaultConnection"), QStringLiteral("default")},
                                             {QStringLiteral("connections"), QJsonArray{connection}}})
                       .toJson());
    }

    /** The test's endpoint as an issuer: its metadata names its token and revocation endpoints, a revocation
     *  gets @p revocation, a token request a new token. */
    QString serveAsIssuer(const TokenEndpoint::Response& revocation)
    {
        const QString issuer = QUrl(m_endpoint->url()).adjusted(QUrl::RemovePath).toString();
        m_endpoint->setHandler([issuer, revocation](const TokenEndpoint::Request& request) {
            if (request.path == "/.well-known/openid-configuration")
                return TokenEndpoint::Response{
                    200, QJsonDocument(
                             QJsonObject{
                                 {QStringLiteral("issuer"), issuer},
                                 {QStringLiteral("token_endpoint"), issuer + QStringLiteral("/token")},
                                 {QStringLiteral("revocation_endpoint"), issuer + QStringLiteral("/revoke")}})
                             .toJson(QJsonDocument::Compact)};
            if (request.path == "/revoke")
                return revocation;
            return TokenEndpoint::token(QStringLiteral("new-token"));
        });
        return issuer;
    }

    /** The requests the endpoint got at @p path. */
    QList<TokenEndpoint::Request> requestsTo(const QByteArray& path) const
    {
        QList<TokenEndpoint::Request> found;
        for (const TokenEndpoint::Request& request : m_endpoint->requests()) {
            if (request.path == path)
                found.append(request);
        }
        return found;
    }

    /** @p redisUrl: as from $TOKENCACHE_REDIS_URL; "config" for the config file's own. */
    void openWindow(int syncIntervalMs = 300, const QString& redisUrl = {})
    {
        const QString url = redisUrl.isEmpty()                    ? m_redis->url()
                            : redisUrl == QLatin1String("config") ? QString()
                                                                  : redisUrl;
        m_window = std::make_unique<MainWindow>(configPath(), url, QString(), *m_clock);
        m_window->setConfirmation(std::make_unique<ScriptedConfirmation>(&m_answers, &m_asked));
        m_window->setPreferences({syncIntervalMs, 400});
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    }

    /** A profile of the test's token endpoint, as the dialog tests start from. */
    ProviderProfile endpointProfile(const QString& name) const
    {
        ProviderProfile profile;
        profile.name = name;
        profile.tokenUrl = m_endpoint->url();
        profile.clientId = QStringLiteral("c");
        profile.clientSecretRef = QStringLiteral("literal:s");
        return profile;
    }

    /** The table of the tab in front. */
    QTableView* table() const
    {
        return m_window->currentView().findChild<QTableView*>(QStringLiteral("tokenTable"));
    }

    void select(const QString& key)
    {
        QAbstractItemModel* model = table()->model();
        QModelIndexList found;
        QTRY_VERIFY(
            (found = model->match(model->index(0, 0), TokenTableModel::KeyRole, key, 1, Qt::MatchExactly))
                .size() == 1);
        // As a click: the row is selected even when it is the current one already.
        table()->selectionModel()->setCurrentIndex(found.first(), QItemSelectionModel::ClearAndSelect |
                                                                      QItemSelectionModel::Rows);
        table()->setFocus(); // as a click on the row gives it
    }

    /** Triggers @p actionName once it is enabled (actions that need Redis wait for the connection). */
    void trigger(const QString& actionName)
    {
        auto* action = m_window->findChild<QAction*>(actionName);
        QVERIFY2(action, qPrintable(actionName));
        QTRY_VERIFY2(action->isEnabled(), qPrintable(actionName + QStringLiteral(": ") + action->toolTip()));
        action->trigger();
    }

    QAction* action(const QString& name) const { return m_window->findChild<QAction*>(name); }

    QStringList selectedKeys() const
    {
        QStringList keys;
        for (const QModelIndex& row : table()->selectionModel()->selectedRows())
            keys.append(row.data(TokenTableModel::KeyRole).toString());
        keys.sort();
        return keys;
    }

    /** Adds the row of @p key to the selection, as Ctrl+click does. */
    void addToSelection(const QString& key)
    {
        const QModelIndex row = m_window->model().indexForKey(key);
        QVERIFY2(row.isValid(), qPrintable(key));
        table()->selectionModel()->select(row, QItemSelectionModel::Select | QItemSelectionModel::Rows);
    }

    QByteArray redis(const QStringList& arguments) { return m_redis->cli(arguments); }

    void seed(const QString& key, int ttl, const QString& token)
    {
        redis(
            {QStringLiteral("SETEX"), key, QString::number(ttl),
             QStringLiteral(R"({"access_token":"%1","token_type":"Bearer","expires_in":3600})").arg(token)});
    }

private slots:
    void initTestCase()
    {
        QSettings::setDefaultFormat(QSettings::IniFormat);
        m_directory = std::make_unique<QTemporaryDir>();
        QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_directory->path());
        // Discovery keeps issuers' documents here: none from an earlier run on the same port.
        m_cacheDirectory = std::make_unique<QTemporaryDir>();
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cacheDirectory->path()));
    }

    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
        m_endpoint = std::make_unique<TokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_clock = std::make_unique<ManualClock>();
    }

    void cleanup()
    {
        m_window.reset();
        m_answers.clear();
        m_asked.clear();
        m_endpoint.reset();
        m_redis.reset();
    }

    void welcomeWhenNothingIsConfigured()
    {
        writeConfig(false);
        openWindow();
        auto* center = m_window->findChild<QStackedWidget*>(QStringLiteral("centerPages"));
        QVERIFY(center);
        QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("welcomeText"))->isVisible());
        QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("welcomeConnectButton"))->isVisible());
        QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("welcomeAddButton"))->isVisible());
        // A token appearing in Redis replaces the welcome with the table.
        seed(QStringLiteral("oauth2token"), 600, QStringLiteral("svc-token"));
        QTRY_VERIFY(table()->isVisible());
        QTRY_COMPARE(m_window->model().rowCount(), 1);
    }

    void tableFillsFromRedisAndCountsDown()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        seed(QStringLiteral("oauth2token:other"), 90, QStringLiteral("other-token"));
        redis({QStringLiteral("SET"), QStringLiteral("oauth2token:broken"), QStringLiteral("garbage")});
        openWindow();
        QTRY_COMPARE(m_window->model().rowCount(), 3);
        QTRY_COMPARE(m_window->findChild<QLabel*>(QStringLiteral("stateLabel"))->text(),
                     QStringLiteral("● connected"));
        QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("versionLabel"))
                    ->text()
                    .startsWith(QStringLiteral("Redis 7")));
        QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("scanLabel"))
                    ->text()
                    .startsWith(QStringLiteral("full scan ")));
        QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("ttlSyncLabel"))
                    ->text()
                    .startsWith(QStringLiteral("TTLs synced ")));

        select(QStringLiteral("oauth2token:other"));
        const QModelIndex expiresIn = table()->currentIndex().siblingAtColumn(TokenTableModel::ExpiresIn);
        const qint64 ttlAtSyncMs =
            m_window->model().rowForKey(QStringLiteral("oauth2token:other"))->ttlAtSyncMs;
        QVERIFY2(ttlAtSyncMs > 80'000 && ttlAtSyncMs <= 90'000, qPrintable(QString::number(ttlAtSyncMs)));
        QCOMPARE(expiresIn.data().toString(), Humanize::timeLeft(ttlAtSyncMs));
        m_clock->advance(2000); // the row counts down between syncs, by the clock alone
        QCOMPARE(expiresIn.data().toString(), Humanize::timeLeft(ttlAtSyncMs - 2000));

        // Entries deleted or added elsewhere leave and join at the next sync.
        redis({QStringLiteral("DEL"), QStringLiteral("oauth2token:broken")});
        seed(QStringLiteral("oauth2token:new"), 300, QStringLiteral("new-token"));
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:new")));
        QTRY_VERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:broken")));
    }

    void detailPaneCountsDownBetweenSyncs()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 90, QStringLiteral("acme-token"));
        openWindow(60'000);
        select(QStringLiteral("oauth2token:acme"));
        auto* expiry = m_window->findChild<QLabel*>(QStringLiteral("detailExpiry"));
        QVERIFY(expiry);
        QTRY_VERIFY2(expiry->text().contains(QRegularExpression(QStringLiteral("^expires in 1m (29|30)s"))),
                     qPrintable(expiry->text()));

        // Between reads, the pane moves on by its clock alone: the time left down, the age (from
        // expires_in: 3600 s, of which 90 s are left) up.
        ManualClock clock;
        DetailPane pane(nullptr, clock);
        pane.showEntry(CacheEntry::fromValue(QStringLiteral("oauth2token:acme"),
                                             R"({"access_token":"t","expires_in":3600})", 90'000));
        auto* label = pane.findChild<QLabel*>(QStringLiteral("detailExpiry"));
        QCOMPARE(label->text(), QStringLiteral("expires in 1m 30s, age 58m 30s"));
        clock.advance(3000);
        QCOMPARE(label->text(), QStringLiteral("expires in 1m 30s, age 58m 30s")); // until the next tick
        pane.tick();
        QCOMPARE(label->text(), QStringLiteral("expires in 1m 27s, age 58m 33s"));

        // A JWT whose exp is not the TTL: the pane says both, and its claim times tick with it.
        const qint64 issued = clock.nowUtc().toSecsSinceEpoch() - 60;
        const QByteArray jwt =
            makeJwt({{QStringLiteral("iat"), issued}, {QStringLiteral("exp"), issued + 160}});
        pane.showEntry(CacheEntry::fromValue(QStringLiteral("oauth2token:jwt"),
                                             QStringLiteral(R"({"access_token":"%1","expires_in":3600})")
                                                 .arg(QString::fromLatin1(jwt))
                                                 .toUtf8(),
                                             200'000, clock.nowUtc()));
        QCOMPARE(label->text(), QStringLiteral("expires in 3m 20s, age 1m 0s; the JWT's exp in 1m 40s"));
        auto* body = pane.findChild<QTextBrowser*>(QStringLiteral("detailBody"));
        QVERIFY2(body->toPlainText().contains(QStringLiteral("(in 1m 40s)")),
                 qPrintable(body->toPlainText()));
        clock.advance(3000);
        pane.tick();
        QCOMPARE(label->text(), QStringLiteral("expires in 3m 17s, age 1m 3s; the JWT's exp in 1m 37s"));
        QVERIFY2(body->toPlainText().contains(QStringLiteral("(in 1m 37s)")),
                 qPrintable(body->toPlainText()));
        QVERIFY(body->toPlainText().contains(QStringLiteral("(1m 3s ago)")));
    }

    void evictAsksAndDeletes()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        openWindow();
        select(QStringLiteral("oauth2token:acme"));

        redis({QStringLiteral("CONFIG"), QStringLiteral("RESETSTAT")});
        m_answers = {false};
        trigger(QStringLiteral("evictAction"));
        QCOMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("1"));

        m_answers = {true};
        trigger(QStringLiteral("evictAction"));
        QTRY_COMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));
        // The declined eviction sent nothing, not even late: one DEL in all.
        QCOMPARE(m_redis->commandCalls("del"), 1);
        QTRY_VERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));
    }

    void nothingIsSelectedForTheUserAndARowThatLeavesTakesTheSelectionWithIt()
    {
        writeConfig(true);
        for (const QString& name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            seed(QStringLiteral("oauth2token:") + name, 600, name + QStringLiteral("-token"));
        openWindow();
        QSignalSpy synced(&m_window->sync(), &CacheSync::synced);
        QTRY_VERIFY(synced.count() >= 1);
        QVERIFY(selectedKeys().isEmpty()); // nothing is chosen for the user
        QCOMPARE(m_window->findChild<QLabel*>(QStringLiteral("detailTitle"))->text(),
                 QStringLiteral("No entry selected"));
        QVERIFY(!action(QStringLiteral("evictAction"))->isEnabled());

        // The selected row is deleted elsewhere: at the next sync it leaves, and nothing else is selected.
        select(QStringLiteral("oauth2token:b"));
        QTRY_COMPARE(m_window->findChild<QLabel*>(QStringLiteral("detailTitle"))->text(),
                     QStringLiteral("oauth2token:b"));
        redis({QStringLiteral("DEL"), QStringLiteral("oauth2token:b")});
        QTRY_VERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:b")));
        QVERIFY(selectedKeys().isEmpty());
        QTRY_COMPARE(m_window->findChild<QLabel*>(QStringLiteral("detailExpiry"))->text(),
                     QStringLiteral("gone"));
        QVERIFY(m_window->findChild<QTextBrowser*>(QStringLiteral("detailBody"))
                    ->toPlainText()
                    .contains(QStringLiteral("no longer in Redis")));
        for (const QString& name : {QStringLiteral("evictAction"), QStringLiteral("copyTokenAction"),
                                    QStringLiteral("refreshAction")})
            QVERIFY2(!action(name)->isEnabled(), qPrintable(name));

        // Evicting a row does not hand the selection to its neighbour either.
        select(QStringLiteral("oauth2token:a"));
        m_answers = {true};
        trigger(QStringLiteral("evictAction"));
        QTRY_VERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:a")));
        QVERIFY(selectedKeys().isEmpty());
        QVERIFY(!action(QStringLiteral("evictAction"))->isEnabled());
        QCOMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:c")}), QByteArray("1"));
    }

    void severalRowsAreEvictedAfterOneConfirmationThatListsThem()
    {
        writeConfig(true);
        for (int i = 1; i <= 4; ++i)
            seed(QStringLiteral("oauth2token:k%1").arg(i), 600, QStringLiteral("t%1").arg(i));
        openWindow();
        QTRY_COMPARE(m_window->model().rowCount(), 4);
        select(QStringLiteral("oauth2token:k1"));
        addToSelection(QStringLiteral("oauth2token:k3"));
        addToSelection(QStringLiteral("oauth2token:k4"));
        QCOMPARE(selectedKeys(),
                 QStringList({QStringLiteral("oauth2token:k1"), QStringLiteral("oauth2token:k3"),
                              QStringLiteral("oauth2token:k4")}));
        // Several rows: nothing to copy, the pane says how many.
        QTRY_VERIFY(!action(QStringLiteral("copyTokenAction"))->isEnabled());
        QCOMPARE(action(QStringLiteral("copyTokenAction"))->toolTip(),
                 QStringLiteral("Select one token to copy"));
        QTRY_VERIFY(m_window->findChild<QTextBrowser*>(QStringLiteral("detailBody"))
                        ->toPlainText()
                        .contains(QStringLiteral("3 tokens selected")));

        m_answers = {false};
        trigger(QStringLiteral("evictAction"));
        QCOMPARE(m_asked.size(), 1);
        QVERIFY2(m_asked.first().text.contains(QStringLiteral("these 3 keys")),
                 qPrintable(m_asked.first().text));
        QCOMPARE(m_asked.first().acceptText, QStringLiteral("Evict 3 keys"));
        QStringList listed = m_asked.first().items;
        listed.sort();
        QCOMPARE(listed, selectedKeys());
        QCOMPARE(redis({QStringLiteral("DBSIZE")}), QByteArray("4"));

        m_answers = {true};
        trigger(QStringLiteral("evictAction"));
        QTRY_COMPARE(redis({QStringLiteral("DBSIZE")}), QByteArray("1"));
        QCOMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:k2")}), QByteArray("1"));
        QTRY_COMPARE(m_window->model().rowCount(), 1);
        QVERIFY(selectedKeys().isEmpty());
        QTRY_COMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Evicted 3 keys"));
    }

    void refreshingSeveralRowsRefreshesEachOwningProfileOnce()
    {
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        QJsonArray profiles;
        for (const QString& name : {QStringLiteral("acme"), QStringLiteral("beta")})
            profiles.append(QJsonObject{{QStringLiteral("name"), name},
                                        {QStringLiteral("tokenUrl"), m_endpoint->url()},
                                        {QStringLiteral("clientId"), QStringLiteral("c")},
                                        {QStringLiteral("clientSecret"), QStringLiteral("literal:s")}});
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("profiles"), profiles}}).toJson());
        file.close();
        for (const QString& name : {QStringLiteral("acme"), QStringLiteral("beta"), QStringLiteral("orphan")})
            seed(QStringLiteral("oauth2token:") + name, 600, name + QStringLiteral("-token"));
        openWindow();
        QTRY_COMPARE(m_window->model().rowCount(), 3);
        select(QStringLiteral("oauth2token:acme"));
        addToSelection(QStringLiteral("oauth2token:beta"));
        addToSelection(QStringLiteral("oauth2token:orphan"));
        QTRY_VERIFY(
            action(QStringLiteral("refreshAction"))->toolTip().contains(QStringLiteral("acme, beta")));
        trigger(QStringLiteral("refreshAction"));
        QTRY_VERIFY(redis({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("token-"));
        QTRY_VERIFY(redis({QStringLiteral("GET"), QStringLiteral("oauth2token:beta")}).contains("token-"));
        QCOMPARE(m_endpoint->requestCount(), 2); // one per profile; the orphan row has none
        QVERIFY(
            redis({QStringLiteral("GET"), QStringLiteral("oauth2token:orphan")}).contains("orphan-token"));
    }

    void aLargeInsertKeepsTheRowAtTheTopOfTheView()
    {
        writeConfig(false);
        redis({QStringLiteral("EVAL"),
               QStringLiteral("for i = 1, 200 do redis.call('SETEX', 'oauth2token:late' .. i, 3000 + i, "
                              "'{\"access_token\":\"t\",\"expires_in\":3600}') end"),
               QStringLiteral("0")});
        openWindow();
        QTRY_COMPARE(m_window->model().rowCount(), 200);
        table()->verticalScrollBar()->setValue(50);
        const QString top = table()->indexAt(QPoint(1, 1)).data(TokenTableModel::KeyRole).toString();
        QVERIFY(top.startsWith(QStringLiteral("oauth2token:late")));
        select(top);
        // 100 keys that expire sooner sort above it; it stays where the reader left it.
        redis({QStringLiteral("EVAL"),
               QStringLiteral("for i = 1, 100 do redis.call('SETEX', 'oauth2token:soon' .. i, 600 + i, "
                              "'{\"access_token\":\"t\",\"expires_in\":3600}') end"),
               QStringLiteral("0")});
        QTRY_COMPARE(m_window->model().rowCount(), 300);
        QCOMPARE(table()->indexAt(QPoint(1, 1)).data(TokenTableModel::KeyRole).toString(), top);
        QCOMPARE(selectedKeys(), QStringList{top});
    }

    void refreshWritesANewTokenAndUpdatesTheRow()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 100, QStringLiteral("old-token"));
        openWindow();
        select(QStringLiteral("oauth2token:acme"));
        trigger(QStringLiteral("refreshAction"));
        QTRY_VERIFY(redis({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("token-1"));
        QCOMPARE(m_endpoint->requestCount(), 1);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:acme"))->ttlAtSyncMs > 3'000'000);
    }

    void refreshActsOnTheSelectionAndNeverOnAnotherProfile()
    {
        writeConfig(true); // profile acme writes oauth2token:acme
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        seed(QStringLiteral("oauth2token:orphan"), 600, QStringLiteral("orphan-token"));
        openWindow();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTRY_COMPARE(m_window->model().rowCount(), 2);
        auto* refresh = m_window->findChild<QAction*>(QStringLiteral("refreshAction"));
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        const auto acme = sidebar->findItems(QStringLiteral("acme"), Qt::MatchExactly | Qt::MatchRecursive);
        QCOMPARE(acme.size(), 1);

        // acme chosen in the sidebar (which filters the table to its key), the filter cleared, then a
        // row no profile owns clicked in the table: nothing to refresh.
        sidebar->setCurrentItem(acme.first());
        auto* filter = m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"));
        QCOMPARE(filter->text(), QStringLiteral("key:oauth2token:acme"));
        filter->setFocus();
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClick(filter, Qt::Key_Escape);
        select(QStringLiteral("oauth2token:orphan"));
        QTRY_VERIFY(table()->hasFocus());
        QVERIFY(!refresh->isEnabled());
        QCOMPARE(refresh->toolTip(), QStringLiteral("No profile writes this key, so none can refresh it"));
        QTest::keyClick(table(), Qt::Key_F5);
        m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))
            ->setFocus(); // the filter acts on the table too
        QVERIFY(!refresh->isEnabled());

        // With the focus in the sidebar, its profile.
        sidebar->setFocus();
        QTRY_VERIFY(refresh->isEnabled());
        QVERIFY(refresh->toolTip().contains(QStringLiteral("acme")));

        // Back in the table, the owner of the selected row.
        select(QStringLiteral("oauth2token:acme"));
        QTRY_VERIFY(table()->hasFocus());
        trigger(QStringLiteral("refreshAction"));
        QTRY_VERIFY(redis({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("token-1"));
        QCOMPARE(m_endpoint->requestCount(), 1); // the F5 on the orphan row fetched nothing
        QVERIFY(
            redis({QStringLiteral("GET"), QStringLiteral("oauth2token:orphan")}).contains("orphan-token"));
    }

    void copyPutsTheTokenOnTheClipboardAndTakesItAway()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("secret-acme-token"));
        openWindow();
        select(QStringLiteral("oauth2token:acme"));
        trigger(QStringLiteral("copyHeaderAction"));
        QTRY_COMPARE(QGuiApplication::clipboard()->text(),
                     QStringLiteral("Authorization: Bearer secret-acme-token"));
        // Marked as a password manager marks one: clipboard managers keep no history of it.
        QCOMPARE(QGuiApplication::clipboard()->mimeData()->data(QStringLiteral("x-kde-passwordManagerHint")),
                 QByteArray("secret"));
        m_clock->advance(399);
        m_window->findChild<ClipboardGuard*>()->tick();
        QCOMPARE(QGuiApplication::clipboard()->text(),
                 QStringLiteral("Authorization: Bearer secret-acme-token"));
        m_clock->advance(1); // the 400 ms delay has passed: the window's next tick takes it away
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), QString());

        trigger(QStringLiteral("copyTokenAction"));
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("secret-acme-token"));
        // Something the user copied afterwards is theirs: it stays.
        QGuiApplication::clipboard()->setText(QStringLiteral("mine"));
        auto* guard = m_window->findChild<ClipboardGuard*>();
        QVERIFY(guard);
        m_clock->advance(400);
        QTRY_VERIFY(!guard->isClearPending()); // its delay has passed: it looked, and left "mine"
        QCOMPARE(QGuiApplication::clipboard()->text(), QStringLiteral("mine"));
    }

    void profileDialogRefusesInvalidInputAndSavesValidInput()
    {
        writeConfig(true);
        openWindow();
        bool sawErrors = false;
        QTimer::singleShot(0, this, [this, &sawErrors] {
            auto* dialog = qobject_cast<ProfileDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            auto* buttons = dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttons"));
            dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->setText(QStringLiteral("acme"));
            dialog->findChild<QLineEdit*>(QStringLiteral("tokenUrlEdit"))
                ->setText(QStringLiteral("ftp://nope"));
            buttons->button(QDialogButtonBox::Save)->click();
            QVERIFY(dialog->isVisible());
            auto* nameError = dialog->findChild<QLabel*>(QStringLiteral("nameError"));
            auto* urlError = dialog->findChild<QLabel*>(QStringLiteral("tokenUrlError"));
            auto* idError = dialog->findChild<QLabel*>(QStringLiteral("clientIdError"));
            sawErrors = nameError->isVisible() &&
                        nameError->text().contains(QStringLiteral("another profile")) &&
                        urlError->isVisible() && urlError->text().contains(QStringLiteral("http(s)")) &&
                        idError->isVisible();

            dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->setText(QStringLiteral("globex"));
            dialog->findChild<QLineEdit*>(QStringLiteral("tokenUrlEdit"))->setText(m_endpoint->url());
            dialog->findChild<QLineEdit*>(QStringLiteral("clientIdEdit"))
                ->setText(QStringLiteral("globex-client"));
            dialog->findChild<QLineEdit*>(QStringLiteral("secretEdit"))
                ->setText(QStringLiteral("GLOBEX_SECRET"));
            buttons->button(QDialogButtonBox::Save)->click();
        });
        trigger(QStringLiteral("newProfileAction"));
        QVERIFY(sawErrors);
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray saved = file.readAll();
        QVERIFY2(saved.contains("\"name\": \"globex\"") && saved.contains("env:GLOBEX_SECRET"),
                 saved.constData());
        QVERIFY(saved.contains("\"name\": \"acme\""));
    }

    void profileDialogAllowsRemotePlainHttpOnlyWhenTold()
    {
        ProviderProfile profile;
        profile.name = QStringLiteral("lab");
        profile.tokenUrl = QStringLiteral("http://login.lab.example/token");
        profile.clientId = QStringLiteral("c");
        profile.clientSecretRef = QStringLiteral("env:LAB_SECRET");
        ProfileDialog dialog(profile, {});
        dialog.show();
        auto* allow = dialog.findChild<QCheckBox*>(QStringLiteral("allowInsecureHttpCheck"));
        QVERIFY(allow && !allow->isChecked());
        QVERIFY(allow->styleSheet().contains(QStringLiteral("#c01c28"))); // red
        QVERIFY(!dialog.validateInput());
        auto* urlError = dialog.findChild<QLabel*>(QStringLiteral("tokenUrlError"));
        QVERIFY2(urlError->isVisible() && urlError->text().contains(QStringLiteral("plain http")),
                 qPrintable(urlError->text()));
        allow->click();
        QVERIFY(dialog.validateInput());
        QVERIFY(dialog.profile().allowInsecureHttp);
    }

    void profileDialogFetchesATokenWithoutClosing()
    {
        writeConfig(true);
        openWindow();
        m_endpoint->respondWith(
            TokenEndpoint::oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("bad secret")));
        ProfileDialog dialog(endpointProfile(QStringLiteral("try")), {});
        dialog.show();
        dialog.findChild<QPushButton*>(QStringLiteral("fetchButton"))->click();
        auto* result = dialog.findChild<QLabel*>(QStringLiteral("fetchResult"));
        QTRY_VERIFY(result->text().contains(QStringLiteral("invalid_client: bad secret (HTTP 401)")));
        m_endpoint->respondWith(TokenEndpoint::token(QStringLiteral("tried-token")));
        dialog.findChild<QPushButton*>(QStringLiteral("fetchButton"))->click();
        QTRY_VERIFY(result->text().startsWith(QStringLiteral("OK: Bearer token")));
        QVERIFY(!result->text().contains(QStringLiteral("tried-token")));
        QVERIFY(dialog.isVisible());
    }

    void profileDialogShowsWhatEachResponseFieldFinds()
    {
        const QString token = QStringLiteral("ui-token-0123456789abcdef");
        m_endpoint->actAsJsonApi("k3y-ui", token, 600);
        qputenv("TC_UI_API_KEY", "k3y-ui");
        ProfileDialog dialog(endpointProfile(QStringLiteral("pay")), {});
        dialog.show();
        QVERIFY(QTest::qWaitForWindowActive(&dialog));
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("profileTabs"));
        auto* requestTab = dialog.findChild<QWidget*>(QStringLiteral("requestTab"));
        tabs->setCurrentWidget(requestTab);
        auto* format = dialog.findChild<QComboBox*>(QStringLiteral("requestFormatCombo"));
        format->setCurrentIndex(format->findData(int(ProviderProfile::RequestFormat::Json)));
        // A header typed in as a user does: the new row's name cell is being edited, Tab goes to the value.
        dialog.findChild<QPushButton*>(QStringLiteral("addHeaderButton"))->click();
        QWidget* nameEditor = QApplication::focusWidget();
        QTest::keyClicks(nameEditor, QStringLiteral("X-Api-Key"));
        QTest::keyClick(nameEditor, Qt::Key_Tab); // on to the value cell's editor, opened once events run
        QTRY_VERIFY(qobject_cast<QLineEdit*>(QApplication::focusWidget()) &&
                    QApplication::focusWidget() != nameEditor);
        QTest::keyClicks(QApplication::focusWidget(), QStringLiteral("env:TC_UI_API_KEY"));
        QTest::keyClick(QApplication::focusWidget(), Qt::Key_Return); // committed once events run
        QTRY_COMPARE(dialog.findChild<QTableWidget*>(QStringLiteral("headersTable"))->item(0, 1)->text(),
                     QStringLiteral("env:TC_UI_API_KEY"));
        QCOMPARE(dialog.profile().headers, (QMap<QString, QString>{{QStringLiteral("X-Api-Key"),
                                                                    QStringLiteral("env:TC_UI_API_KEY")}}));

        // RFC 6749's fields are not where this provider puts them: the Response tab shows what it sent.
        auto* fetch = dialog.findChild<QPushButton*>(QStringLiteral("fetchButton"));
        auto* result = dialog.findChild<QLabel*>(QStringLiteral("fetchResult"));
        fetch->click();
        QTRY_VERIFY2(
            result->text().contains(QStringLiteral("response has no access_token (the response has data, "
                                                   "requestId)")),
            qPrintable(result->text()));
        QCOMPARE(tabs->currentWidget(), dialog.findChild<QWidget*>(QStringLiteral("responseTab")));
        const QString shown =
            dialog.findChild<QPlainTextEdit*>(QStringLiteral("responseView"))->toPlainText();
        QVERIFY2(shown.contains(QStringLiteral("\"expiresIn\": 600")) && !shown.contains(token),
                 qPrintable(shown));
        auto* tokenFound = dialog.findChild<QLabel*>(QStringLiteral("tokenFieldFound"));
        QCOMPARE(tokenFound->text(), QStringLiteral("not in the response: the response has data, requestId"));

        // Typed in, each pointer says at once what it finds in that response.
        dialog.findChild<QLineEdit*>(QStringLiteral("tokenFieldEdit"))
            ->setText(QStringLiteral("/data/accessToken"));
        QVERIFY2(tokenFound->text().startsWith(QStringLiteral("finds ")) &&
                     !tokenFound->text().contains(token),
                 qPrintable(tokenFound->text()));
        dialog.findChild<QLineEdit*>(QStringLiteral("expiresFieldEdit"))
            ->setText(QStringLiteral("/data/expiresIn"));
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("expiresFieldFound"))->text(),
                 QStringLiteral("finds 600"));
        dialog.findChild<QLineEdit*>(QStringLiteral("tokenTypeFieldEdit"))
            ->setText(QStringLiteral("data/tokenType"));
        QVERIFY(dialog.findChild<QLabel*>(QStringLiteral("tokenTypeFieldFound"))
                    ->text()
                    .contains(QStringLiteral("is not a JSON pointer")));
        dialog.findChild<QLineEdit*>(QStringLiteral("tokenTypeFieldEdit"))
            ->setText(QStringLiteral("/data/tokenType"));
        fetch->click();
        QTRY_VERIFY2(result->text().startsWith(QStringLiteral("OK: Bearer token")),
                     qPrintable(result->text()));
        QVERIFY(result->text().contains(QStringLiteral("expires in 10m")));
        QCOMPARE(dialog.profile().response.tokenField, QStringLiteral("/data/accessToken"));
        QCOMPARE(dialog.profile().requestFormat, ProviderProfile::RequestFormat::Json);

        // A header value that is no reference is refused, on its own tab.
        tabs->setCurrentIndex(0);
        dialog.findChild<QTableWidget*>(QStringLiteral("headersTable"))
            ->item(0, 1)
            ->setText(QStringLiteral("k3y-ui"));
        QVERIFY(!dialog.validateInput());
        QCOMPARE(tabs->currentWidget(), requestTab);
        auto* requestError = dialog.findChild<QLabel*>(QStringLiteral("requestError"));
        QVERIFY2(requestError->isVisible() &&
                     requestError->text().startsWith(QStringLiteral("header X-Api-Key: a "
                                                                    "header value must be")),
                 qPrintable(requestError->text()));
        qunsetenv("TC_UI_API_KEY");
    }

    void aProvidersOwnResponseShapeIsListedThroughItsMapping()
    {
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral("{\"version\":2,\"profiles\":[{\"name\":\"pay\",\"tokenUrl\":\"%1\",\"clientId\":"
                           "\"c\",\"clientSecret\":\"literal:s\",\"tokenField\":\"/data/accessToken\","
                           "\"expiresField\":\"/data/expiresIn\"}]}")
                .arg(m_endpoint->url())
                .toUtf8());
        file.close();
        redis({QStringLiteral("SETEX"), QStringLiteral("oauth2token:pay"), QStringLiteral("540"),
               QStringLiteral("{\"data\":{\"accessToken\":\"p4y\",\"expiresIn\":600}}")});
        openWindow();
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:pay")));
        const TokenRow* row = m_window->model().rowForKey(QStringLiteral("oauth2token:pay"));
        QCOMPARE(row->status, CacheEntry::Status::Valid);
        QCOMPARE(row->expiresIn, 600);
        select(QStringLiteral("oauth2token:pay"));
        QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("detailTitle"))->text() ==
                    QStringLiteral("oauth2token:pay"));
    }

    void connectionDialogTestsAndSetsTheDatabase()
    {
        Connection start;
        start.name = QStringLiteral("staging");
        start.redis = RedisSettings{m_redis->url(3), {}, {}};
        ConnectionDialog dialog(start, {});
        QCOMPARE(dialog.windowTitle(), QStringLiteral("Connection staging"));
        auto* database = dialog.findChild<QSpinBox*>(QStringLiteral("databaseSpin"));
        QCOMPARE(database->value(), 3);
        database->setValue(5);
        auto* url = dialog.findChild<QLineEdit*>(QStringLiteral("urlEdit"));
        // The box and the URL's /db are one setting: each edits the other as it is changed.
        QCOMPARE(url->text(), QStringLiteral("redis://127.0.0.1:%1/5").arg(m_redis->port()));
        QCOMPARE(dialog.settings().url, QStringLiteral("redis://127.0.0.1:%1/5").arg(m_redis->port()));
        url->setFocus();
        url->end(false);
        QTest::keyClick(url, Qt::Key_Backspace);
        QTest::keyClick(url, Qt::Key_7);
        QCOMPARE(database->value(), 7);
        database->setValue(5);
        // A password typed in is stored by the route the user picks; stored in the file, it is masked.
        auto* passwordField = dialog.findChild<QWidget*>(QStringLiteral("passwordField"));
        auto* kind = passwordField->findChild<QComboBox*>(QStringLiteral("secretKindCombo"));
        auto* password = passwordField->findChild<QLineEdit*>(QStringLiteral("secretEdit"));
        kind->setCurrentIndex(kind->findData(int(SecretRef::Kind::Literal)));
        password->setText(QStringLiteral("s3cret"));
        QCOMPARE(password->echoMode(), QLineEdit::Password);
        passwordField->findChild<QAction*>(QStringLiteral("revealSecretAction"))->trigger();
        QCOMPARE(password->echoMode(), QLineEdit::Normal);
        QCOMPARE(dialog.settings().passwordRef, QStringLiteral("literal:s3cret"));
        kind->setCurrentIndex(kind->findData(int(SecretRef::Kind::Environment)));
        password->setText(QStringLiteral("REDIS_PASSWORD"));
        QCOMPARE(dialog.settings().passwordRef, QStringLiteral("env:REDIS_PASSWORD"));
        password->clear(); // no password: this Redis has none
        QCOMPARE(dialog.settings().passwordRef, QString());
        dialog.findChild<QPushButton*>(QStringLiteral("testButton"))->click();
        auto* result = dialog.findChild<QLabel*>(QStringLiteral("testResult"));
        QTRY_VERIFY2(result->text().startsWith(QStringLiteral("Connected: Redis 7")),
                     qPrintable(result->text()));

        dialog.findChild<QLineEdit*>(QStringLiteral("tlsCaEdit"))
            ->setText(QStringLiteral("/etc/ssl/redis-ca.pem"));
        auto* insecure = dialog.findChild<QCheckBox*>(QStringLiteral("tlsInsecureCheck"));
        QVERIFY(!insecure->isChecked());
        QVERIFY(insecure->styleSheet().contains(QStringLiteral("#c01c28")));
        insecure->setChecked(true);
        QCOMPARE(dialog.settings().tls.caFile, QStringLiteral("/etc/ssl/redis-ca.pem"));
        QVERIFY(dialog.settings().tls.insecure);

        // A password in the URL bypasses the field's routes: the dialog says so.
        auto* urlPassword = dialog.findChild<QLabel*>(QStringLiteral("urlPasswordNote"));
        QVERIFY(urlPassword->isHidden());
        url->setText(QStringLiteral("redis://ops:hunter2@127.0.0.1:1/0"));
        QVERIFY(!urlPassword->isHidden());
        dialog.findChild<QLineEdit*>(QStringLiteral("urlEdit"))
            ->setText(QStringLiteral("redis://127.0.0.1:1/0"));
        QVERIFY(urlPassword->isHidden());
        dialog.findChild<QPushButton*>(QStringLiteral("testButton"))->click();
        QTRY_VERIFY2(result->text().endsWith(QStringLiteral("connection refused")),
                     qPrintable(result->text()));
    }

    void profileDialogHelpsWhileTyping()
    {
        ProfileDialog dialog(ProviderProfile{}, {QStringLiteral("acme")});
        // Every label with a mnemonic has its field: none shows a literal "&".
        for (QLabel* label : dialog.findChildren<QLabel*>()) {
            if (label->text().contains(QLatin1Char('&')))
                QVERIFY2(label->buddy(), qPrintable(label->text()));
        }
        auto* name = dialog.findChild<QLineEdit*>(QStringLiteral("nameEdit"));
        auto* nameError = dialog.findChild<QLabel*>(QStringLiteral("nameError"));
        QTest::keyClicks(name, QStringLiteral("ac me"));
        QCOMPARE(nameError->text(), QStringLiteral("a name must not contain spaces"));
        name->clear();
        QTest::keyClicks(name, QStringLiteral("acme"));
        QCOMPARE(nameError->text(), QStringLiteral("another profile is named \"acme\""));
        QTest::keyClicks(name, QStringLiteral("2"));
        QVERIFY(nameError->isHidden());

        // Another kind of secret starts empty; a file has a picker.
        auto* kind = dialog.findChild<QComboBox*>(QStringLiteral("secretKindCombo"));
        auto* secret = dialog.findChild<QLineEdit*>(QStringLiteral("secretEdit"));
        auto* pick = dialog.findChild<QAction*>(QStringLiteral("pickSecretFileAction"));
        secret->setText(QStringLiteral("ACME_SECRET"));
        QVERIFY(!pick->isVisible());
        const int file = kind->findData(int(SecretRef::Kind::File));
        kind->setCurrentIndex(file);
        emit kind->activated(file); // as the user's choice in the list
        QCOMPARE(secret->text(), QString());
        QVERIFY(pick->isVisible());
        QVERIFY(secret->width() >= kind->width() - 1); // the value has the row to itself
    }

    /** Fills the profile dialog that opens next with a valid profile named @p name and saves it. */
    void saveNextProfileDialogAs(const QString& name)
    {
        QTimer::singleShot(0, this, [this, name] {
            auto* dialog = qobject_cast<ProfileDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            m_dialogTitle = dialog->windowTitle();
            dialog->findChild<QLineEdit*>(QStringLiteral("nameEdit"))->setText(name);
            dialog->findChild<QLineEdit*>(QStringLiteral("tokenUrlEdit"))->setText(m_endpoint->url());
            dialog->findChild<QLineEdit*>(QStringLiteral("clientIdEdit"))->setText(QStringLiteral("client"));
            dialog->findChild<QLineEdit*>(QStringLiteral("secretEdit"))
                ->setText(QStringLiteral("SECRET_VAR"));
            dialog->findChild<QDialogButtonBox*>(QStringLiteral("buttons"))
                ->button(QDialogButtonBox::Save)
                ->click();
        });
    }

    QJsonArray savedProfiles()
    {
        QFile file(configPath());
        if (!file.open(QIODevice::ReadOnly))
            return {};
        return QJsonDocument::fromJson(file.readAll())[QStringLiteral("profiles")].toArray();
    }

    QStringList savedProfileNames()
    {
        QStringList names;
        for (const QJsonValue& profile : savedProfiles())
            names.append(profile.toObject().value(QStringLiteral("name")).toString());
        return names;
    }

    /** Chooses the profile @p name in the sidebar; false when it is not there. */
    bool selectSidebarProfile(const QString& name)
    {
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        const QList<QTreeWidgetItem*> found = sidebar->findItems(name, Qt::MatchExactly | Qt::MatchRecursive);
        if (!found.isEmpty())
            sidebar->setCurrentItem(found.first());
        return !found.isEmpty();
    }

    void newProfileWorksWithoutALiveConnection()
    {
        writeConfig(false);
        m_redis->stop();
        openWindow();
        saveNextProfileDialogAs(QStringLiteral("offline"));
        trigger(QStringLiteral("newProfileAction"));
        QCOMPARE(savedProfileNames(), QStringList{QStringLiteral("offline")});
        // The first fetch is offered, but it needs Redis: disabled, and the tooltip says why.
        auto* offer = m_window->findChild<QToolButton*>(QStringLiteral("fetchOfferButton"));
        QVERIFY(offer->isVisible());
        QVERIFY(!offer->isEnabled());
        QVERIFY2(offer->toolTip().contains(QStringLiteral("Redis")), qPrintable(offer->toolTip()));
    }

    void aNewProfileIsOfferedItsFirstFetch()
    {
        qputenv("SECRET_VAR", "s");
        writeConfig(true);
        openWindow();
        auto* offer = m_window->findChild<QToolButton*>(QStringLiteral("fetchOfferButton"));
        QVERIFY(offer->isHidden());
        m_endpoint->respondWith(TokenEndpoint::token(QStringLiteral("first-token")));
        saveNextProfileDialogAs(QStringLiteral("globex"));
        trigger(QStringLiteral("newProfileAction"));
        QVERIFY(offer->isVisible());
        QTRY_VERIFY2(offer->isEnabled(), qPrintable(offer->toolTip()));
        QCOMPARE(offer->text(), QStringLiteral("Fetch and cache a token now"));
        offer->click();
        QVERIFY(offer->isHidden());
        QTRY_VERIFY(
            redis({QStringLiteral("GET"), QStringLiteral("oauth2token:globex")}).contains("first-token"));
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:globex")));

        // Editing a profile offers nothing: its token is fetched as before, with Refresh.
        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        saveNextProfileDialogAs(QStringLiteral("acme"));
        trigger(QStringLiteral("editProfileAction"));
        QVERIFY(offer->isHidden());
        // The profile's context menu has Refresh.
        auto* sidebar = m_window->findChild<QTreeWidget*>();
        QCOMPARE(sidebar->contextMenuPolicy(), Qt::ActionsContextMenu);
        QVERIFY(sidebar->actions().contains(action(QStringLiteral("refreshAction"))));
    }

    void profilesAreDuplicatedAndDeletedFromTheSidebar()
    {
        writeConfig(true);
        openWindow();
        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        saveNextProfileDialogAs(QStringLiteral("acme-copy"));
        trigger(QStringLiteral("duplicateProfileAction"));
        QCOMPARE(m_dialogTitle, QStringLiteral("New profile (copy of acme)"));
        QCOMPARE(savedProfileNames(), (QStringList{QStringLiteral("acme"), QStringLiteral("acme-copy")}));

        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        m_answers = {false};
        trigger(QStringLiteral("deleteProfileAction"));
        QCOMPARE(savedProfileNames().size(), 2); // declined: nothing changed
        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        m_answers = {true};
        trigger(QStringLiteral("deleteProfileAction"));
        QCOMPARE(savedProfileNames(), QStringList{QStringLiteral("acme-copy")});
        QVERIFY(!selectSidebarProfile(QStringLiteral("acme")));
    }

    void aProfileIsEditedInPlaceAndRenamed()
    {
        writeConfig(true);
        openWindow();
        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        saveNextProfileDialogAs(QStringLiteral("acme")); // the client id "c" becomes "client"
        trigger(QStringLiteral("editProfileAction"));
        QCOMPARE(savedProfiles().size(), 1);
        QCOMPARE(savedProfiles().first()[QStringLiteral("clientId")].toString(), QStringLiteral("client"));

        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        saveNextProfileDialogAs(QStringLiteral("renamed"));
        trigger(QStringLiteral("editProfileAction"));
        QCOMPARE(savedProfileNames(), QStringList{QStringLiteral("renamed")}); // replaced, not added
        QTRY_VERIFY(selectSidebarProfile(QStringLiteral("renamed")));
    }

    void aLargeTableReadsOnlyTheVisibleTtlsBetweenFullPasses()
    {
        writeConfig(false);
        const int rows = CacheSync::kFullPassRows + 1;
        redis({QStringLiteral("EVAL"),
               QStringLiteral("for i = 1, tonumber(ARGV[1]) do redis.call('SETEX', 'oauth2token:bulk' .. i, "
                              "3600, ARGV[2]) end"),
               QStringLiteral("0"), QString::number(rows),
               QStringLiteral("{\"access_token\":\"t\",\"token_type\":\"Bearer\",\"expires_in\":3600}")});
        openWindow(50);
        CacheSync& sync = m_window->sync();
        sync.setFullPassEvery(std::numeric_limits<int>::max()); // from now on only a reload scans
        QSignalSpy fullPasses(&sync, &CacheSync::synced);
        QSignalSpy ttlPasses(&sync, &CacheSync::ttlsSynced);
        QTRY_COMPARE(m_window->model().totalRowCount(), rows);
        // A TTL pass runs only when no full pass does: after one, none runs until the reload.
        QTRY_VERIFY(ttlPasses.count() > 0);
        const qsizetype fullPassesBefore = fullPasses.count();

        const QString visible = table()->model()->index(0, 0).data(TokenTableModel::KeyRole).toString();
        seed(QStringLiteral("oauth2token:arrived"), 3600, QStringLiteral("new"));
        redis({QStringLiteral("EXPIRE"), visible, QStringLiteral("100")});
        QTRY_VERIFY(m_window->model().rowForKey(visible)->ttlAtSyncMs <= 100'000);
        QCOMPARE(fullPasses.count(), fullPassesBefore);
        QVERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:arrived"))); // only a scan finds it

        trigger(QStringLiteral("reloadAction"));
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:arrived")));
        QCOMPARE(m_window->model().totalRowCount(), rows + 1);
    }

    void keyspaceEventsBringEachChangeWithoutAScan()
    {
        redis({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
               QStringLiteral("KA")});
        writeConfig(false);
        seed(QStringLiteral("oauth2token:first"), 3600, QStringLiteral("one"));
        openWindow(50);
        CacheSync& sync = m_window->sync();
        QTRY_COMPARE_WITH_TIMEOUT(sync.live(), KeyspaceWatcher::Live::On, 30000);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:first")));
        const int scans = m_redis->commandCalls("scan");
        seed(QStringLiteral("oauth2token:arrived"), 3600, QStringLiteral("new"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().rowForKey(QStringLiteral("oauth2token:arrived")), 30000);
        redis({QStringLiteral("EXPIRE"), QStringLiteral("oauth2token:arrived"), QStringLiteral("100")});
        QTRY_VERIFY_WITH_TIMEOUT(
            m_window->model().rowForKey(QStringLiteral("oauth2token:arrived"))->ttlAtSyncMs <= 100'000,
            30000);
        redis({QStringLiteral("DEL"), QStringLiteral("oauth2token:first")});
        QTRY_VERIFY_WITH_TIMEOUT(!m_window->model().rowForKey(QStringLiteral("oauth2token:first")), 30000);
        // Dozens of 50 ms intervals went by: none of them scanned, each change read its key only.
        QCOMPARE(m_redis->commandCalls("scan"), scans);
    }

    void aChangedKeyThatCannotBeReadIsNotTakenForGone()
    {
        // Events and subscriptions allowed, reading values not: the window's side hears of a gap
        // (a full pass catches up), never of a key that went.
        redis({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
               QStringLiteral("KA")});
        redis({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("blind"),
               QStringLiteral("on"), QStringLiteral(">pw"), QStringLiteral("~*"), QStringLiteral("&*"),
               QStringLiteral("+@all"), QStringLiteral("-get"), QStringLiteral("-getrange")});
        RedisSettings settings;
        settings.url = QStringLiteral("redis://blind:pw@127.0.0.1:%1/0").arg(m_redis->port());
        auto session = SessionThread::start(settings);
        if (!session)
            QFAIL(qPrintable(session.error().message));
        QObject context;
        KeyspaceWatcher::Live live = KeyspaceWatcher::Live::Unknown;
        QList<SessionThread::RowChange> changes;
        QStringList gaps;
        (*session)->watch(
            {QStringLiteral("*oauth2token*")}, false, {}, &context,
            [&live](const SessionThread::LiveState& state) { live = state.live; },
            [&changes](const SessionThread::RowChange& change) { changes.append(change); },
            [&gaps](const QString& reason) { gaps.append(reason); });
        QTRY_COMPARE_WITH_TIMEOUT(live, KeyspaceWatcher::Live::On, 30000);
        seed(QStringLiteral("oauth2token:hidden"), 600, QStringLiteral("h"));
        QTRY_VERIFY_WITH_TIMEOUT(!gaps.isEmpty(), 30000);
        QVERIFY2(gaps.first().contains(QStringLiteral("NOPERM")), qPrintable(gaps.first()));
        QVERIFY(changes.isEmpty());
    }

    void aForgedDeleteEventLeavesTheRow()
    {
        redis({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
               QStringLiteral("KA")});
        writeConfig(false);
        seed(QStringLiteral("oauth2token:kept"), 3600, QStringLiteral("k"));
        openWindow(60'000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sync().live(), KeyspaceWatcher::Live::On, 30000);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:kept")));
        // Anyone allowed to PUBLISH can say a key was deleted: the key is read, and it is there.
        redis({QStringLiteral("PUBLISH"), QStringLiteral("__keyspace@0__:oauth2token:kept"),
               QStringLiteral("del")});
        seed(QStringLiteral("oauth2token:marker"), 3600, QStringLiteral("m")); // its event comes after
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().rowForKey(QStringLiteral("oauth2token:marker")), 30000);
        QVERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:kept")));
    }

    void aNarrowWindowKeepsTheKeyReadable()
    {
        writeConfig(false);
        seed(QStringLiteral("oauth2token:orders-service-production"), 3600, QStringLiteral("o"));
        openWindow();
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:orders-service-production")));
        // Too narrow for every column: the key keeps its width and the table scrolls sideways.
        m_window->resize(900, 600);
        QTRY_VERIFY(table()->columnWidth(TokenTableModel::Key) >= 160);
        // Wide: the key takes what the other columns leave.
        m_window->resize(2400, 900);
        QTRY_VERIFY(table()->columnWidth(TokenTableModel::Key) > 400);
    }

    void aProfileAddedWhileLiveIsFollowedToo()
    {
        redis({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
               QStringLiteral("KA")});
        writeConfig(false);
        openWindow(60'000); // no interval pass in this test's time: what arrives came from events
        CacheSync& sync = m_window->sync();
        QTRY_COMPARE_WITH_TIMEOUT(sync.live(), KeyspaceWatcher::Live::On, 30000);
        QStringList changed;
        connect(&sync, &CacheSync::keyChanged, this, [&changed](const QString& key) { changed.append(key); });

        // A profile whose key is outside the cache's pattern: the subscription takes it in.
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("profiles"),
                                       QJsonArray{QJsonObject{
                                           {QStringLiteral("name"), QStringLiteral("svc")},
                                           {QStringLiteral("key"), QStringLiteral("svc:token")},
                                           {QStringLiteral("tokenUrl"), m_endpoint->url()},
                                           {QStringLiteral("clientId"), QStringLiteral("c")},
                                           {QStringLiteral("clientSecret"), QStringLiteral("literal:s")}}}}})
                .toJson());
        file.close();
        QTRY_COMPARE_WITH_TIMEOUT(redis({QStringLiteral("PUBSUB"), QStringLiteral("NUMPAT")}),
                                  QByteArray("2"), 30000);
        QTRY_COMPARE_WITH_TIMEOUT(sync.live(), KeyspaceWatcher::Live::On, 30000);
        seed(QStringLiteral("svc:token"), 3600, QStringLiteral("svc"));
        QTRY_VERIFY_WITH_TIMEOUT(changed.contains(QStringLiteral("svc:token")), 30000);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("svc:token")));
        QCOMPARE(m_window->model().rowForKey(QStringLiteral("svc:token"))->profile, QStringLiteral("svc"));
    }

    void withoutKeyspaceEventsTheWindowPollsAndSaysWhy()
    {
        writeConfig(false);
        openWindow(50);
        CacheSync& sync = m_window->sync();
        QTRY_COMPARE_WITH_TIMEOUT(sync.live(), KeyspaceWatcher::Live::Off, 30000);
        QVERIFY2(sync.liveReason().contains(QStringLiteral("the server does not publish keyspace events")),
                 qPrintable(sync.liveReason()));
        seed(QStringLiteral("oauth2token:polled"), 3600, QStringLiteral("p"));
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().rowForKey(QStringLiteral("oauth2token:polled")), 30000);
        QVERIFY(m_redis->commandCalls("scan") >= 2);
    }

    void withoutKeyspaceEventsTheStatusBarOffersToTurnThemOn()
    {
        writeConfig(false);
        openWindow(50);
        auto* label = m_window->findChild<QLabel*>(QStringLiteral("liveLabel"));
        auto* button = m_window->findChild<QToolButton*>(QStringLiteral("enableLiveButton"));
        QVERIFY(label && button);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sync().live(), KeyspaceWatcher::Live::Off, 30000);
        QVERIFY2(label->text().startsWith(
                     QStringLiteral("live updates off: the server does not publish keyspace events")) &&
                     label->text().endsWith(QStringLiteral(" — polling")),
                 qPrintable(label->text()));
        QVERIFY(button->isVisible() && button->isEnabled());
        QVERIFY(!redis({QStringLiteral("CONFIG"), QStringLiteral("GET"),
                        QStringLiteral("notify-keyspace-events")})
                     .contains('K')); // offered, not done

        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(
            redis({QStringLiteral("CONFIG"), QStringLiteral("GET"), QStringLiteral("notify-keyspace-events")})
                .contains('K'),
            30000);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sync().live(), KeyspaceWatcher::Live::On, 30000);
        QCOMPARE(label->text(), QStringLiteral("● live"));
        QCOMPARE(label->toolTip(), QStringLiteral("changes arrive from keyspace events"));
        QVERIFY(!button->isVisible());
    }

    void aRefusedConfigSetIsSaidAndAReadOnlyConnectionOffersNothing()
    {
        // CONFIG GET allowed, CONFIG SET not: the offer stands, pressing it says why it failed.
        redis({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("watcher"),
               QStringLiteral("on"), QStringLiteral(">pw"), QStringLiteral("~*"), QStringLiteral("&*"),
               QStringLiteral("+@all"), QStringLiteral("-config|set")});
        writeConfig(false);
        QUrl limited(m_redis->url());
        limited.setUserName(QStringLiteral("watcher"));
        limited.setPassword(QStringLiteral("pw"));
        openWindow(50, limited.toString());
        auto* button = m_window->findChild<QToolButton*>(QStringLiteral("enableLiveButton"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sync().live(), KeyspaceWatcher::Live::Off, 30000);
        QTRY_VERIFY(button->isVisible() && button->isEnabled());
        QTest::mouseClick(button, Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(m_window->statusBar()->currentMessage().startsWith(
                                     QStringLiteral("Could not turn on live updates: ")),
                                 30000);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(QStringLiteral("NOPERM")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(m_window->sync().live(), KeyspaceWatcher::Live::Off);

        // A read-only connection: the server's configuration is not tokencache's to change.
        m_window.reset();
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 4},
                                             {QStringLiteral("defaultConnection"), QStringLiteral("prod")},
                                             {QStringLiteral("connections"),
                                              QJsonArray{QJsonObject{
                                                  {QStringLiteral("name"), QStringLiteral("prod")},
                                                  {QStringLiteral("readOnly"), true},
                                                  {QStringLiteral("redis"),
                                                   QJsonObject{{QStringLiteral("url"), m_redis->url()}}}}}}})
                       .toJson());
        file.close();
        openWindow(50, QStringLiteral("config"));
        button = m_window->findChild<QToolButton*>(QStringLiteral("enableLiveButton"));
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sync().live(), KeyspaceWatcher::Live::Off, 30000);
        QTRY_VERIFY(button->isVisible());
        QVERIFY(!button->isEnabled());
        QVERIFY2(button->toolTip().contains(QStringLiteral("read-only")), qPrintable(button->toolTip()));
    }

    void problemsAreCountedInTheSidebarAndShownInTheTable()
    {
        writeConfig(true);
        redis({QStringLiteral("SET"), QStringLiteral("oauth2token:forever"),
               QStringLiteral(R"({"access_token":"f","token_type":"Bearer","expires_in":3600})")});
        redis({QStringLiteral("SETEX"), QStringLiteral("oauth2token:junk"), QStringLiteral("600"),
               QStringLiteral("not json")});
        redis({QStringLiteral("SET"), QStringLiteral("{oauth2token:stuck}:lock"),
               QStringLiteral(R"({"holder":"old-host/42"})")});
        seed(QStringLiteral("oauth2token:fine"), 600, QStringLiteral("fine"));
        openWindow(50);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("{oauth2token:stuck}:lock")) &&
                    m_window->model().rowForKey(QStringLiteral("oauth2token:fine")));
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QTRY_COMPARE(
            sidebar->findItems(QStringLiteral("Problems (3)"), Qt::MatchExactly | Qt::MatchRecursive).size(),
            1);

        QVERIFY(selectSidebarProfile(QStringLiteral("Problems (3)")));
        QCOMPARE(m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->text(),
                 QStringLiteral("problem:any"));
        QTRY_COMPARE(table()->model()->rowCount(), 3);
        QVERIFY(!m_window->model().indexForKey(QStringLiteral("oauth2token:fine")).isValid());

        // The detail pane names each problem of the row chosen, with what is wrong.
        select(QStringLiteral("oauth2token:forever"));
        auto* body = m_window->findChild<DetailPane*>()->findChild<QTextBrowser*>();
        QTRY_VERIFY2(body->toPlainText().contains(QStringLiteral("no-ttl: no TTL: the key never expires")),
                     qPrintable(body->toPlainText()));

        // Choosing a profile, then nothing, brings the user's filter back.
        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        QCOMPARE(m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->text(),
                 QStringLiteral("key:oauth2token:acme"));
        sidebar->setCurrentItem(nullptr);
        QCOMPARE(m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->text(), QString());
    }

    void connectionsWithoutATabHaveTheirProblemsCounted()
    {
        RedisServer other;
        QVERIFY2(other.start(), qPrintable(other.error()));
        // There: a key without a TTL and an unreadable value beside a fine token.
        other.cli({QStringLiteral("SET"), QStringLiteral("oauth2token:forever"),
                   QStringLiteral(R"({"access_token":"f","expires_in":3600})")});
        other.cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:junk"), QStringLiteral("600"),
                   QStringLiteral("not json")});
        other.cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:fine"), QStringLiteral("600"),
                   QStringLiteral(R"({"access_token":"ok","expires_in":3600})")});
        const auto connection = [](const QString& name, const QString& url) {
            return QJsonObject{{QStringLiteral("name"), name},
                               {QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), url}}},
                               {QStringLiteral("profiles"), QJsonArray()}};
        };
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QJsonDocument(QJsonObject{{QStringLiteral("version"), 4},
                                      {QStringLiteral("defaultConnection"), QStringLiteral("here")},
                                      {QStringLiteral("connections"),
                                       QJsonArray{connection(QStringLiteral("here"), m_redis->url()),
                                                  connection(QStringLiteral("other"), other.url()),
                                                  connection(QStringLiteral("gone"),
                                                             QStringLiteral("redis://127.0.0.1:1/0"))}}})
                .toJson());
        file.close();
        openWindow(300, QStringLiteral("config"));
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        const auto connectionItem = [sidebar](const QString& name) {
            for (int i = 0; i < sidebar->topLevelItemCount(); ++i) {
                if (sidebar->topLevelItem(i)->text(0).startsWith(name + QStringLiteral(" \u00b7 ")))
                    return sidebar->topLevelItem(i);
            }
            return static_cast<QTreeWidgetItem*>(nullptr);
        };
        const auto problems = [&connectionItem](const QString& name) {
            return connectionItem(name)->child(0);
        };

        // No tab open for them: each is counted in one pass of its own, or says why not.
        QTRY_COMPARE_WITH_TIMEOUT(problems(QStringLiteral("other"))->text(0), QStringLiteral("Problems (2)"),
                                  30000);
        QVERIFY2(problems(QStringLiteral("other"))->toolTip(0).contains(QStringLiteral(" in one pass")),
                 qPrintable(problems(QStringLiteral("other"))->toolTip(0)));
        QTRY_VERIFY_WITH_TIMEOUT(
            problems(QStringLiteral("gone"))->toolTip(0).contains(QStringLiteral("Not counted: ")), 30000);
        QCOMPARE(problems(QStringLiteral("gone"))->text(0), QStringLiteral("Problems"));
        // The pass's session ended with it: the only client left is the one asking.
        QTRY_COMPARE(other.cli({QStringLiteral("CLIENT"), QStringLiteral("LIST")}).trimmed().count('\n'), 0);

        // Open, its table counts live; closed again, the last count stands and says so.
        sidebar->setCurrentItem(connectionItem(QStringLiteral("other")));
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("connectionTabs"));
        QTRY_COMPARE(tabs->count(), 2);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:fine")));
        other.cli({QStringLiteral("SET"), QStringLiteral("oauth2token:forever-too"),
                   QStringLiteral(R"({"access_token":"g","expires_in":3600})")});
        QTRY_COMPARE_WITH_TIMEOUT(problems(QStringLiteral("other"))->text(0), QStringLiteral("Problems (3)"),
                                  30000);
        emit tabs->tabCloseRequested(tabs->indexOf(tabs->currentWidget()));
        QTRY_COMPARE(tabs->count(), 1);
        QVERIFY2(problems(QStringLiteral("other"))
                     ->toolTip(0)
                     .contains(QStringLiteral("live until its tab closed")),
                 qPrintable(problems(QStringLiteral("other"))->toolTip(0)));
        QCOMPARE(problems(QStringLiteral("other"))->text(0), QStringLiteral("Problems (3)"));
    }

    void aKeyRewrittenInALoopIsARewriteStorm()
    {
        redis({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
               QStringLiteral("KA")});
        writeConfig(false);
        seed(QStringLiteral("oauth2token:orders"), 3600, QStringLiteral("o"));
        openWindow(50);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->sync().live(), KeyspaceWatcher::Live::On, 30000);
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:orders")));
        QCOMPARE(m_window->model().problemRowCount(), 0);
        // A service that bypasses the cache: every call writes the key again (each seen before the next).
        for (int i = 0; i < 6; ++i) {
            const QString before =
                m_window->model().rowForKey(QStringLiteral("oauth2token:orders"))->fingerprint;
            seed(QStringLiteral("oauth2token:orders"), 3600, QStringLiteral("o%1").arg(i));
            QTRY_VERIFY_WITH_TIMEOUT(
                m_window->model().rowForKey(QStringLiteral("oauth2token:orders"))->fingerprint != before,
                30000);
        }
        QTRY_VERIFY_WITH_TIMEOUT(m_window->model().rowForKey(QStringLiteral("oauth2token:orders"))->problems &
                                     EntryFilter::problemBit(CacheProblem::Kind::RewriteStorm),
                                 30000);
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QTRY_COMPARE(
            sidebar->findItems(QStringLiteral("Problems (1)"), Qt::MatchExactly | Qt::MatchRecursive).size(),
            1);
        m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))
            ->setText(QStringLiteral("problem:rewrite-storm"));
        QTRY_COMPARE(table()->model()->rowCount(), 1);
        select(QStringLiteral("oauth2token:orders"));
        auto* body = m_window->findChild<DetailPane*>()->findChild<QTextBrowser*>();
        QTRY_VERIFY2(body->toPlainText().contains(QStringLiteral("rewrite-storm: rewritten ")) &&
                         body->toPlainText().contains(QStringLiteral("some service is not using the cache")),
                     qPrintable(body->toPlainText()));

        // A lifetime later with no write since, the storm is over: the row and the count say so.
        m_clock->advance(3601 * 1000);
        QTRY_VERIFY(!(m_window->model().rowForKey(QStringLiteral("oauth2token:orders"))->problems &
                      EntryFilter::problemBit(CacheProblem::Kind::RewriteStorm)));
        QTRY_COMPARE(table()->model()->rowCount(), 0);
        QTRY_COMPARE(
            sidebar->findItems(QStringLiteral("Problems (0)"), Qt::MatchExactly | Qt::MatchRecursive).size(),
            1);
    }

    void aTableFilledOnTheWorkerEqualsOneSortedAtOnce()
    {
        writeConfig(false);
        // Tokens with five scopes and values that are not tokens: parsed on the session's parse
        // thread in batches, merged by the model as they come, sorted and filtered in the background.
        redis({QStringLiteral("EVAL"),
               QStringLiteral("for i = 1, 3000 do "
                              "  if i % 50 == 0 then redis.call('SET', 'oauth2token:junk' .. i, 'not json') "
                              "  else redis.call('SETEX', 'oauth2token:bulk' .. i, 3600, "
                              "    '{\"access_token\":\"t' .. i .. '\",\"expires_in\":3600,\"scope\":\"s' .. "
                              "(i % 5) .. '\"}') end "
                              "end"),
               QStringLiteral("0")});
        openWindow(60'000);
        TokenTableModel& model = m_window->model();
        model.setBackgroundArrangeFrom(1);
        QTRY_COMPARE(model.totalRowCount(), 3000);
        table()->sortByColumn(TokenTableModel::Scopes, Qt::DescendingOrder);
        m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->setText(QStringLiteral("bulk1"));
        QTRY_VERIFY(!model.isArranging() && model.rowCount() < 3000);
        select(QStringLiteral("oauth2token:bulk1234"));

        // A full pass again: every row arrives anew from the worker and is merged into the order.
        QSignalSpy synced(&m_window->sync(), &CacheSync::synced);
        trigger(QStringLiteral("reloadAction"));
        QTRY_COMPARE(synced.count(), 1);
        QVERIFY(!model.isArranging());

        // The same entries, listed on this thread and handed to a model in one go.
        auto session = *CacheSession::create(RedisSettings{m_redis->url()});
        QList<CacheEntry> entries;
        const auto listed = await<qsizetype>([&](auto done) {
            session->cache().list(
                ListQuery{}, this, [&entries](const QList<CacheEntry>& batch) { entries += batch; }, done);
        });
        QCOMPARE(*listed, 3000);
        TokenTableModel reference(nullptr, *m_clock);
        reference.upsert(entries);
        reference.sort(TokenTableModel::Scopes, Qt::DescendingOrder);
        reference.setFilterText(QStringLiteral("bulk1"));
        QCOMPARE(model.rowCount(), reference.rowCount());
        for (int row = 0; row < model.rowCount(); ++row) {
            for (const int column :
                 {int(TokenTableModel::Key), int(TokenTableModel::Scopes), int(TokenTableModel::Status)})
                QCOMPARE(model.index(row, column).data(), reference.index(row, column).data());
        }
        // The filter and the selection stayed.
        QCOMPARE(m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"))->text(),
                 QStringLiteral("bulk1"));
        QCOMPARE(table()->currentIndex().data(TokenTableModel::KeyRole).toString(),
                 QStringLiteral("oauth2token:bulk1234"));
        QCOMPARE(table()->selectionModel()->selectedRows().size(), 1);
    }

    void theLaunchUrlIsNeverSavedAsTheConnection()
    {
        writeConfig(false);
        // As from $TOKENCACHE_REDIS_URL, with a password: the dialog edits the file's connection.
        openWindow(300, QStringLiteral("redis://:launch-secret@127.0.0.1:%1/0").arg(m_redis->port()));
        bool checked = false;
        QTimer::singleShot(0, this, [&checked] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QVERIFY(dialog->findChild<QLabel*>(QStringLiteral("noticeLabel"))->isVisible());
            QVERIFY(!dialog->findChild<QLineEdit*>(QStringLiteral("urlEdit"))
                         ->text()
                         .contains(QStringLiteral("launch-secret")));
            dialog->accept();
            checked = true;
        });
        trigger(QStringLiteral("connectionAction"));
        QVERIFY(checked);
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(!file.readAll().contains("launch-secret"));
    }

    void aPrivateRedisIsShownAsSuchUntilAConnectionIsSaved()
    {
        writeConfig(false);
        openWindow(); // the launch's URL, as scripts/run.sh gives it
        m_window->markRedisPrivate();
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QVERIFY2(sidebar->topLevelItem(0)->text(0).endsWith(QStringLiteral(" (private)")),
                 qPrintable(sidebar->topLevelItem(0)->text(0)));
        QVERIFY(sidebar->topLevelItem(0)->toolTip(0).contains(
            QStringLiteral("private Redis for this session, data is discarded on quit")));

        // A connection saved in the dialog is the user's own: no longer private.
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->accept();
        });
        trigger(QStringLiteral("connectionAction"));
        QTRY_VERIFY(!sidebar->topLevelItem(0)->text(0).contains(QStringLiteral("private")));
        QVERIFY(!sidebar->topLevelItem(0)->toolTip(0).contains(QStringLiteral("private")));
    }

    void aTlsOnlyChangeReconnects()
    {
        TlsMaterial tls;
        QVERIFY2(tls.generate(), qPrintable(tls.error()));
        RedisServer server;
        server.useTls(tls.serverCert(), tls.serverKey(), tls.caFile(), false);
        QVERIFY2(server.start(), qPrintable(server.error()));
        server.cli({QStringLiteral("SET"), QStringLiteral("oauth2token:tls"),
                    QStringLiteral("{\"access_token\":\"t\",\"expires_in\":3600}"), QStringLiteral("EX"),
                    QStringLiteral("600")});
        // The config trusts the wrong CA: the window cannot connect.
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral("{\"redis\":{\"url\":\"rediss://127.0.0.1:%1/0\",\"tls\":{\"caFile\":\"%2\"}},"
                           "\"profiles\":[]}")
                .arg(server.port())
                .arg(tls.otherCaFile())
                .toUtf8());
        file.close();
        openWindow(300, QStringLiteral("config"));
        auto* state = m_window->findChild<QLabel*>(QStringLiteral("stateLabel"));
        QTRY_COMPARE(state->text(), QStringLiteral("● disconnected, retrying"));

        // Only the CA changes: the window must use it, not just save it.
        QTimer::singleShot(0, this, [&tls] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->findChild<QLineEdit*>(QStringLiteral("tlsCaEdit"))->setText(tls.caFile());
            dialog->accept();
        });
        trigger(QStringLiteral("connectionAction"));
        QTRY_COMPARE(state->text(), QStringLiteral("● connected"));
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:tls")));
    }

    void aReconnectToTheSameRedisKeepsTheSelection()
    {
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(
            QStringLiteral("{\"redis\":{\"url\":\"%1\"},\"profiles\":[]}").arg(m_redis->url()).toUtf8());
        file.close();
        seed(QStringLiteral("oauth2token:a"), 600, QStringLiteral("a-token"));
        seed(QStringLiteral("oauth2token:b"), 900, QStringLiteral("b-token"));
        openWindow(300, QStringLiteral("config"));
        select(QStringLiteral("oauth2token:b"));
        QSignalSpy reset(&m_window->model(), &QAbstractItemModel::modelReset);
        QSignalSpy synced(&m_window->sync(), &CacheSync::synced);

        // A setting that needs a new connection but reaches the same data.
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->findChild<QLineEdit*>(QStringLiteral("tlsCaEdit"))
                ->setText(QStringLiteral("/nowhere/ca.pem"));
            dialog->accept();
        });
        trigger(QStringLiteral("connectionAction"));
        QTRY_VERIFY(synced.count() >= 1);
        QCOMPARE(reset.count(), 0);
        QCOMPARE(selectedKeys(), QStringList{QStringLiteral("oauth2token:b")});
        QCOMPARE(m_window->model().rowCount(), 2);
        auto* title = m_window->findChild<QLabel*>(QStringLiteral("detailTitle"));
        QTRY_COMPARE(title->text(), QStringLiteral("oauth2token:b"));

        // Another database: nothing of the old one stays in view, the detail pane included.
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            dialog->findChild<QSpinBox*>(QStringLiteral("databaseSpin"))->setValue(4);
            dialog->accept();
        });
        trigger(QStringLiteral("connectionAction"));
        QTRY_COMPARE(m_window->model().rowCount(), 0);
        QCOMPARE(title->text(), QStringLiteral("No entry selected"));
    }

    void whatRedisHoldsIsShownAsTextNeverAsHtmlAndNeverWidensTheWindow()
    {
        writeConfig(false);
        const QString html =
            QStringLiteral("oauth2token:acme<b></b><span style=\"color:transparent\">-x</span>");
        seed(html, 600, QStringLiteral("t1"));
        redis({QStringLiteral("SETEX"), QStringLiteral("oauth2token:scoped"), QStringLiteral("600"),
               QStringLiteral(
                   R"({"access_token":"t2","expires_in":900,"scope":"<i>ital</i> <a href=x>x</a>"})")});
        const QString longKey = QStringLiteral("oauth2token:") + QString(400, QLatin1Char('L'));
        seed(longKey, 600, QStringLiteral("t3"));
        openWindow();
        const int width = m_window->width();
        select(html);
        auto* title = m_window->findChild<QLabel*>(QStringLiteral("detailTitle"));
        QTRY_COMPARE(title->text(), html);
        QCOMPARE(title->textFormat(), Qt::PlainText);
        const QModelIndex scopes = m_window->model()
                                       .indexForKey(QStringLiteral("oauth2token:scoped"))
                                       .siblingAtColumn(TokenTableModel::Scopes);
        const QString tip = scopes.data(Qt::ToolTipRole).toString();
        QVERIFY2(tip.contains(QStringLiteral("&lt;i&gt;ital&lt;/i&gt;")), qPrintable(tip));

        select(longKey);
        QTRY_COMPARE(title->text(), longKey);
        QCoreApplication::processEvents();
        QCOMPARE(m_window->width(), width);
        // The single evict's question lists the key where it can scroll, not in a line of its own.
        m_answers = {false};
        trigger(QStringLiteral("evictAction"));
        QCOMPARE(m_asked.size(), 1);
        QVERIFY(!m_asked.first().text.contains(longKey));
        QCOMPARE(m_asked.first().items, QStringList{longKey});
    }

    void aSidebarFilterThatHidesTheSelectedRowClearsThePane()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        seed(QStringLiteral("oauth2token:other"), 900, QStringLiteral("other-token"));
        openWindow();
        select(QStringLiteral("oauth2token:other"));
        auto* title = m_window->findChild<QLabel*>(QStringLiteral("detailTitle"));
        QTRY_COMPARE(title->text(), QStringLiteral("oauth2token:other"));
        QVERIFY(selectSidebarProfile(QStringLiteral("acme")));
        QTRY_COMPARE(m_window->model().rowCount(), 1);
        QVERIFY(selectedKeys().isEmpty());
        QCOMPARE(title->text(), QStringLiteral("No entry selected"));
    }

    void theKeyboardReachesTheFilterAndTheFilterSaysHowManyItShows()
    {
        writeConfig(true);
        for (const QString& name : {QStringLiteral("acme"), QStringLiteral("beta"), QStringLiteral("gamma")})
            seed(QStringLiteral("oauth2token:") + name, 600, name + QStringLiteral("-token"));
        openWindow();
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        auto* filter = m_window->findChild<QLineEdit*>(QStringLiteral("filterEdit"));
        auto* count = m_window->findChild<QLabel*>(QStringLiteral("filterCount"));
        QTRY_COMPARE(count->text(), QStringLiteral("3 keys"));

        for (const QKeySequence& keys :
             {QKeySequence(Qt::CTRL | Qt::Key_F), QKeySequence(Qt::CTRL | Qt::Key_L)}) {
            table()->setFocus();
            QTRY_VERIFY(table()->hasFocus());
            QTest::keySequence(m_window.get(), keys);
            QTRY_VERIFY(filter->hasFocus());
        }
        QTest::keyClicks(filter, QStringLiteral("beta"));
        QTRY_COMPARE(count->text(), QStringLiteral("1 of 3"));
        QTest::keyClick(filter, Qt::Key_Escape);
        QCOMPARE(filter->text(), QString());
        QTRY_COMPARE(count->text(), QStringLiteral("3 keys"));

        // An unknown status says which exist instead of showing an empty table without a word.
        filter->setText(QStringLiteral("status:fresh"));
        QVERIFY2(count->text().contains(QStringLiteral("unknown status \"fresh\"")) &&
                     count->text().contains(QStringLiteral("expiring")),
                 qPrintable(count->text()));

        // A profile picked in the sidebar filters the table to its key; a second click takes it back.
        filter->setText(QStringLiteral("a"));
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QTreeWidgetItem* acme =
            sidebar->findItems(QStringLiteral("acme"), Qt::MatchExactly | Qt::MatchRecursive).first();
        const QPoint at = sidebar->visualItemRect(acme).center();
        QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(filter->text(), QStringLiteral("key:oauth2token:acme"));
        QTRY_COMPARE(m_window->model().rowCount(), 1);
        QTest::mouseClick(sidebar->viewport(), Qt::LeftButton, {}, at);
        QCOMPARE(filter->text(), QStringLiteral("a"));
    }

    void aboutNamesTheVersionsAndWhereThingsLive()
    {
        writeConfig(false);
        openWindow();
        QString shown;
        QTimer::singleShot(0, this, [&shown] {
            auto* box = qobject_cast<QMessageBox*>(QApplication::activeModalWidget());
            QVERIFY(box);
            shown = box->text();
            box->accept();
        });
        m_window->findChild<QAction*>(QStringLiteral("aboutAction"))->trigger();
        for (const QString& part : {QStringLiteral("tokencache ") + QCoreApplication::applicationVersion(),
                                    QStringLiteral("Qt ") + QString::fromLatin1(qVersion()),
                                    QStringLiteral("hiredis 0.14"), QStringLiteral("licence"), configPath()})
            QVERIFY2(shown.contains(part), qPrintable(part + QStringLiteral(" in ") + shown));
    }

    void aRevealedTokenWrapsAndHidesAgainWhenItChanges()
    {
        writeConfig(true);
        const QString longToken = QString(300, QLatin1Char('x'));
        seed(QStringLiteral("oauth2token:acme"), 600, longToken);
        openWindow(60'000);
        select(QStringLiteral("oauth2token:acme"));
        auto* reveal = m_window->findChild<QPushButton*>(QStringLiteral("revealButton"));
        auto* body = m_window->findChild<QTextBrowser*>(QStringLiteral("detailBody"));
        QTRY_VERIFY(reveal->isEnabled());
        reveal->click();
        QTRY_VERIFY(body->toPlainText().contains(longToken));
        QVERIFY(body->horizontalScrollBar()->maximum() == 0); // wrapped, not a line to scroll along

        // The same key with a new token: hidden again.
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("another-token"));
        trigger(QStringLiteral("reloadAction"));
        QTRY_VERIFY(!reveal->isChecked());
        QTRY_VERIFY(!body->toPlainText().contains(QStringLiteral("another-token")));
    }

    void nothingIsCutOffAtTheDefaultSize()
    {
        writeConfig(false);
        redis({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("requirepass"),
               QStringLiteral("pw")});
        openWindow(300, QStringLiteral("redis://:pw@127.0.0.1:%1/3").arg(m_redis->port()));
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QTreeWidgetItem* connection = sidebar->topLevelItem(0);
        QCOMPARE(connection->text(0), QStringLiteral("127.0.0.1:%1/3").arg(m_redis->port()));
        QVERIFY(
            connection->toolTip(0).contains(QStringLiteral("redis://127.0.0.1:%1/3").arg(m_redis->port())));
        QVERIFY(!connection->toolTip(0).contains(QStringLiteral("pw")));
        QCOMPARE(sidebar->textElideMode(), Qt::ElideMiddle);

        // The widest duration fits its column; a long scope, elided in its cell, is whole in the tooltip.
        const QString widest = QStringLiteral("23h 59m 59s");
        for (const int column : {int(TokenTableModel::ExpiresIn), int(TokenTableModel::Age)})
            QVERIFY2(table()->columnWidth(column) >= table()->fontMetrics().horizontalAdvance(widest) + 12,
                     qPrintable(QString::number(column)));
        const QString scope =
            QStringLiteral("read:all write:all admin:billing admin:users openid profile email");
        redis({QStringLiteral("-a"), QStringLiteral("pw"), QStringLiteral("--no-auth-warning"),
               QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("SETEX"),
               QStringLiteral("oauth2token:wide"), QStringLiteral("600"),
               QStringLiteral(R"({"access_token":"t","expires_in":3600,"scope":"%1"})").arg(scope)});
        trigger(QStringLiteral("reloadAction"));
        QTRY_VERIFY(m_window->model().indexForKey(QStringLiteral("oauth2token:wide")).isValid());
        QCOMPARE(m_window->model()
                     .indexForKey(QStringLiteral("oauth2token:wide"))
                     .siblingAtColumn(TokenTableModel::Scopes)
                     .data(Qt::ToolTipRole)
                     .toString(),
                 scope);
    }

    void theWindowLoadsTheConfigWhenItChangesOnDisk()
    {
        writeConfig(true);
        openWindow();
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        // As `tokencache --headless profiles add` saves it: the store's locked, atomic update.
        ConfigStore store(configPath());
        QVERIFY(store.update([this](AppConfig& config) -> Result<Done> {
            ProviderProfile added;
            added.name = QStringLiteral("added");
            added.tokenUrl = m_endpoint->url();
            added.clientId = QStringLiteral("c");
            added.clientSecretRef = QStringLiteral("literal:s");
            config.connections.first().profiles.append(added);
            return Done{};
        }));
        QTRY_COMPARE(
            sidebar->findItems(QStringLiteral("added"), Qt::MatchExactly | Qt::MatchRecursive).size(), 1);

        // And by hand, from the File menu.
        writeConfig(false);
        trigger(QStringLiteral("reloadConfigAction"));
        QTRY_VERIFY(
            sidebar->findItems(QStringLiteral("added"), Qt::MatchExactly | Qt::MatchRecursive).isEmpty());
    }

    void anUnreadableConfigDisablesEveryWayToCreateAProfile()
    {
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{ not json");
        file.close();
        openWindow();
        QTRY_VERIFY(m_window->findChild<QLabel*>(QStringLiteral("welcomeText"))->isVisible());
        for (const QString& name :
             {QStringLiteral("welcomeAddButton"), QStringLiteral("welcomeConnectButton")}) {
            auto* button = m_window->findChild<QPushButton*>(name);
            QVERIFY2(!button->isEnabled(), qPrintable(name));
            QVERIFY(button->toolTip().contains(QStringLiteral("cannot be read")));
        }
        for (const QString& name : {QStringLiteral("newProfileAction"), QStringLiteral("connectionAction")}) {
            QVERIFY2(!action(name)->isEnabled(), qPrintable(name));
            QVERIFY(action(name)->toolTip().contains(QStringLiteral("cannot be read")));
        }
        // Fixed on disk: the window takes it without a restart.
        writeConfig(false);
        QTRY_VERIFY(action(QStringLiteral("newProfileAction"))->isEnabled());
        QVERIFY(m_window->findChild<QPushButton*>(QStringLiteral("welcomeAddButton"))->isEnabled());
    }

    void eachConnectionIsATabThatSaysWhichEnvironmentItIs()
    {
        RedisServer production;
        QVERIFY2(production.start(), qPrintable(production.error()));
        const auto writeConnections = [&](bool productionReadOnly) {
            QFile file(configPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            const QString profile = QStringLiteral(
                R"([{"name":"%1","tokenUrl":"%2","clientId":"c","clientSecret":"literal:s"}])");
            QJsonObject staging{
                {QStringLiteral("name"), QStringLiteral("staging")},
                {QStringLiteral("tag"), QStringLiteral("staging")},
                {QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), m_redis->url()}}}};
            staging.insert(
                QStringLiteral("profiles"),
                QJsonDocument::fromJson(profile.arg(QStringLiteral("acme"), m_endpoint->url()).toUtf8())
                    .array());
            QJsonObject prod{
                {QStringLiteral("name"), QStringLiteral("prod")},
                {QStringLiteral("tag"), QStringLiteral("production")},
                {QStringLiteral("color"), QStringLiteral("#c01c28")},
                {QStringLiteral("readOnly"), productionReadOnly},
                {QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), production.url()}}}};
            prod.insert(
                QStringLiteral("profiles"),
                QJsonDocument::fromJson(profile.arg(QStringLiteral("pay"), m_endpoint->url()).toUtf8())
                    .array());
            const QJsonObject config{{QStringLiteral("version"), 3},
                                     {QStringLiteral("defaultConnection"), QStringLiteral("staging")},
                                     {QStringLiteral("connections"), QJsonArray{staging, prod}}};
            file.write(QJsonDocument(config).toJson());
        };
        writeConnections(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("staging-token"));
        production.cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:pay"), QStringLiteral("600"),
                        QStringLiteral(R"({"access_token":"prod-token","expires_in":3600})")});
        openWindow(300, QStringLiteral("config"));
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("connectionTabs"));
        QVERIFY(tabs);
        QCOMPARE(tabs->count(), 1); // the default; the other opens when asked for
        QCOMPARE(m_window->windowTitle(), QStringLiteral("tokencache \u2014 staging"));
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));

        // The sidebar lists every connection; choosing one opens its tab, with its own table.
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QCOMPARE(sidebar->topLevelItemCount(), 2);
        QVERIFY(sidebar->topLevelItem(1)->text(0).startsWith(QStringLiteral("prod \u00b7 127.0.0.1:")));
        QCOMPARE(sidebar->textElideMode(), Qt::ElideRight); // the names stay readable
        sidebar->setCurrentItem(sidebar->topLevelItem(1));
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(tabs->currentIndex(), 1);
        QCOMPARE(tabs->tabText(1), QStringLiteral("prod \u00b7 production"));
        QVERIFY(!tabs->tabIcon(1).isNull()); // the lock
        QCOMPARE(m_window->windowTitle(), QStringLiteral("tokencache \u2014 production (prod), read-only"));
        auto* strip = tabs->currentWidget()->findChild<QLabel*>(QStringLiteral("environmentStrip"));
        QVERIFY(strip->isVisible());
        QVERIFY(strip->text().startsWith(QStringLiteral("PRODUCTION")));
        QVERIFY(strip->text().contains(QStringLiteral("read-only")));
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:pay")));
        QVERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));

        // Read-only: what writes is disabled and says why; copying is not.
        select(QStringLiteral("oauth2token:pay"));
        QTRY_VERIFY(action(QStringLiteral("copyTokenAction"))->isEnabled());
        for (const QString& writes : {QStringLiteral("refreshAction"), QStringLiteral("evictAction"),
                                      QStringLiteral("revokeAction")}) {
            QVERIFY2(!action(writes)->isEnabled(), qPrintable(writes));
            QVERIFY2(action(writes)->toolTip().contains(QStringLiteral("read-only")), qPrintable(writes));
        }
        QTest::keyClick(table(), Qt::Key_Delete);
        QVERIFY(m_asked.isEmpty());
        QCOMPARE(production.cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:pay")}),
                 QByteArray("1"));

        // Ctrl+1..9 switch tabs; each kept its own rows.
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_1));
        QCOMPARE(tabs->currentIndex(), 0);
        QCOMPARE(m_window->windowTitle(), QStringLiteral("tokencache \u2014 staging"));
        QVERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_2));
        QCOMPARE(tabs->currentIndex(), 1);

        // Writable production: evicting takes the key typed, not a click.
        writeConnections(false);
        QTRY_VERIFY(!m_window->windowTitle().contains(QStringLiteral("read-only")));
        select(QStringLiteral("oauth2token:pay"));
        m_answers = {true};
        trigger(QStringLiteral("evictAction"));
        QCOMPARE(m_asked.size(), 1);
        QCOMPARE(m_asked.first().typeToConfirm, QStringLiteral("oauth2token:pay"));
        QTRY_COMPARE(production.cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:pay")}),
                     QByteArray("0"));
        // Staging's evictions stay one click.
        QTest::keySequence(m_window.get(), QKeySequence(Qt::CTRL | Qt::Key_1));
        select(QStringLiteral("oauth2token:acme"));
        m_answers = {true};
        trigger(QStringLiteral("evictAction"));
        QCOMPARE(m_asked.size(), 2);
        QVERIFY(m_asked.last().typeToConfirm.isEmpty());
        QTRY_COMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));

        // A tab behind keeps its own state, and says it.
        production.stop();
        QTRY_COMPARE(tabs->tabText(1), QStringLiteral("prod \u00b7 production (retrying)"));
        QVERIFY(tabs->tabToolTip(1).contains(QStringLiteral("unreachable")));
        QCOMPARE(tabs->tabText(0), QStringLiteral("staging"));

        // The tabs open at quit open again, the launch's in front.
        m_window->close();
        openWindow(300, QStringLiteral("config"));
        tabs = m_window->findChild<QTabWidget*>(QStringLiteral("connectionTabs"));
        QCOMPARE(tabs->count(), 2);
        QCOMPARE(m_window->currentView().name(), QStringLiteral("staging"));

        // A connection removed elsewhere (connections remove) takes its tab with it.
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QStringLiteral(R"({"redis":{"url":"%1"},"profiles":[]})").arg(m_redis->url()).toUtf8());
        file.close();
        QTRY_COMPARE(tabs->count(), 1);
        QCOMPARE(m_window->currentView().name(), QStringLiteral("default"));
    }

    void connectionsAreExportedAndImportedUnderFile()
    {
        {
            QFile file(configPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral(R"({"version":3,"defaultConnection":"staging","connections":[
                {"name":"staging","redis":{"url":"%1"},"profiles":[
                    {"name":"acme","tokenUrl":"%2","clientId":"c","clientSecret":"literal:hunter2-secret"}]},
                {"name":"prod","tag":"production","readOnly":true,"redis":{"url":"%1","password":"env:PROD_PW"},
                 "profiles":[]}]})")
                           .arg(m_redis->url(), m_endpoint->url())
                           .toUtf8());
        }
        openWindow(300, QStringLiteral("config"));
        const QString exported = m_directory->filePath(QStringLiteral("environments.json"));
        m_window->exportConnections(exported);
        QVERIFY2(m_window->statusBar()->currentMessage().contains(
                     QStringLiteral("left out, as stored in the config itself: "
                                    "connections[staging].profiles[acme].clientSecret")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QFile file(exported);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray bytes = file.readAll();
        QVERIFY(!bytes.contains("hunter2"));
        QVERIFY(bytes.contains("env:PROD_PW"));
        QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());

        // Into a config with one connection of its own: both arrive, the literal secret is said to be unset.
        {
            QFile config(configPath());
            QVERIFY(config.open(QIODevice::WriteOnly));
            config.write(QStringLiteral(R"({"version":3,"defaultConnection":"dev","connections":[
                {"name":"dev","tag":"development","redis":{"url":"%1"},"profiles":[]}]})")
                             .arg(m_redis->url())
                             .toUtf8());
        }
        auto* sidebar = m_window->findChild<QTreeWidget*>(QStringLiteral("sidebar"));
        QTRY_COMPARE(m_window->currentView().name(), QStringLiteral("dev"));
        m_window->importConnections(exported);
        QVERIFY2(m_window->statusBar()->currentMessage().startsWith(
                     QStringLiteral("Imported staging, prod; set before use (the export left them out): "
                                    "connections[staging].profiles[acme].clientSecret")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QTRY_COMPARE(sidebar->topLevelItemCount(), 3);
        QCOMPARE(m_window->currentView().name(), QStringLiteral("staging")); // the first imported, opened
        QVERIFY(m_asked.isEmpty());

        // Again: the names exist, so it asks; declined, nothing changes; accepted, they are replaced.
        const QByteArray before = [this] {
            QFile config(configPath());
            return config.open(QIODevice::ReadOnly) ? config.readAll() : QByteArray();
        }();
        m_answers = {false};
        m_window->importConnections(exported);
        QCOMPARE(m_asked.size(), 1);
        QVERIFY(m_asked.first().text.contains(QStringLiteral("staging")));
        QCOMPARE(m_window->statusBar()->currentMessage(), QStringLiteral("Nothing imported"));
        QFile config(configPath());
        QVERIFY(config.open(QIODevice::ReadOnly));
        QCOMPARE(config.readAll(), before);
        m_answers = {true};
        m_window->importConnections(exported);
        QVERIFY(m_window->statusBar()->currentMessage().startsWith(QStringLiteral("Imported staging, prod")));
        QCOMPARE(sidebar->topLevelItemCount(), 3);
    }

    void aConnectionIsAddedAndLabelledInTheWindow()
    {
        writeConfig(true);
        openWindow();
        QString refusal;
        QTimer::singleShot(0, this, [this, &refusal] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QCOMPARE(dialog->windowTitle(), QStringLiteral("New connection"));
            auto* name = dialog->findChild<QLineEdit*>(QStringLiteral("connectionNameEdit"));
            name->setText(QStringLiteral("default")); // taken
            dialog->accept();
            QVERIFY(dialog->isVisible());
            refusal = dialog->findChild<QLabel*>(QStringLiteral("testResult"))->text();
            name->setText(QStringLiteral("prod"));
            dialog->findChild<QComboBox*>(QStringLiteral("tagCombo"))
                ->setCurrentText(QStringLiteral("production"));
            dialog->findChild<QLineEdit*>(QStringLiteral("colorEdit"))->setText(QStringLiteral("#C01C28"));
            dialog->findChild<QCheckBox*>(QStringLiteral("readOnlyCheck"))->setChecked(true);
            dialog->findChild<QLineEdit*>(QStringLiteral("urlEdit"))->setText(m_redis->url(5));
            dialog->accept();
        });
        trigger(QStringLiteral("newConnectionAction"));
        QCOMPARE(refusal, QStringLiteral("A connection named default exists already"));
        QCOMPARE(m_window->currentView().name(), QStringLiteral("prod"));
        QCOMPARE(m_window->windowTitle(), QStringLiteral("tokencache \u2014 production (prod), read-only"));
        const auto stored = [this] {
            QFile file(configPath());
            return file.open(QIODevice::ReadOnly) ? QJsonDocument::fromJson(file.readAll()).object()
                                                  : QJsonObject();
        };
        const QJsonObject prod = stored().value(QStringLiteral("connections")).toArray().at(1).toObject();
        QCOMPARE(prod.value(QStringLiteral("name")).toString(), QStringLiteral("prod"));
        QCOMPARE(prod.value(QStringLiteral("color")).toString(), QStringLiteral("#c01c28"));
        QCOMPARE(prod.value(QStringLiteral("readOnly")).toBool(), true);

        // Edited: read-only lifted, the tag changed; the name stays what scripts select.
        QTimer::singleShot(0, this, [] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QVERIFY(dialog->findChild<QLineEdit*>(QStringLiteral("connectionNameEdit"))->isReadOnly());
            dialog->findChild<QComboBox*>(QStringLiteral("tagCombo"))
                ->setCurrentText(QStringLiteral("staging"));
            dialog->findChild<QCheckBox*>(QStringLiteral("readOnlyCheck"))->setChecked(false);
            dialog->accept();
        });
        trigger(QStringLiteral("connectionAction"));
        QTRY_COMPARE(m_window->windowTitle(), QStringLiteral("tokencache \u2014 staging (prod)"));
        const QJsonObject edited = stored().value(QStringLiteral("connections")).toArray().at(1).toObject();
        QCOMPARE(edited.value(QStringLiteral("readOnly")).toBool(), false);
        QCOMPARE(edited.value(QStringLiteral("tag")).toString(), QStringLiteral("staging"));
    }

    void theFingerprintColumnIsOfferedInTheHeaderMenu()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        openWindow();
        QTRY_VERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));
        QVERIFY(table()->isColumnHidden(TokenTableModel::Fingerprint)); // not in everyone's way
        QAction* show = nullptr;
        for (QAction* toggle : table()->horizontalHeader()->actions()) {
            if (toggle->text() == QStringLiteral("Fingerprint"))
                show = toggle;
        }
        QVERIFY(show);
        QVERIFY(!show->isChecked());
        show->trigger();
        QVERIFY(!table()->isColumnHidden(TokenTableModel::Fingerprint));
        const QString expected =
            QStringLiteral("sha256:") +
            QString::fromLatin1(
                QCryptographicHash::hash("acme-token", QCryptographicHash::Sha256).toHex().left(16));
        const QModelIndex row = m_window->model().indexForKey(QStringLiteral("oauth2token:acme"));
        QCOMPARE(row.siblingAtColumn(TokenTableModel::Fingerprint).data().toString(), expected);
    }

    void aTabWhoseConnectionGoesWhileItsDialogIsOpenClosesAfterIt()
    {
        const auto writeConnections = [this](const QStringList& names) {
            QJsonArray connections;
            for (const QString& name : names)
                connections.append(QJsonObject{
                    {QStringLiteral("name"), name},
                    {QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), m_redis->url()}}}});
            QFile file(configPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), 3},
                                                 {QStringLiteral("defaultConnection"), names.first()},
                                                 {QStringLiteral("connections"), connections}})
                           .toJson());
        };
        writeConnections({QStringLiteral("staging"), QStringLiteral("dev")});
        openWindow(300, QStringLiteral("config"));
        m_window->openConnection(QStringLiteral("dev"));
        auto* tabs = m_window->findChild<QTabWidget*>(QStringLiteral("connectionTabs"));
        QCOMPARE(tabs->count(), 2);
        QPointer<QWidget> dev = tabs->currentWidget();
        bool stayedOpen = false;
        QTimer::singleShot(0, this, [&] {
            auto* dialog = qobject_cast<ConnectionDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            writeConnections({QStringLiteral("staging")}); // connections remove dev, elsewhere
            // The window reads the change while the dialog is open; the tab must outlive its dialog.
            QTRY_VERIFY(m_window->currentView().config().removed());
            stayedOpen = dev && dialog == QApplication::activeModalWidget();
            dialog->accept(); // saving to a connection that went: refused, not saved to another
        });
        trigger(QStringLiteral("connectionAction"));
        QVERIFY(stayedOpen);
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("removed")));
        QTRY_COMPARE(tabs->count(), 1);
        QCOMPARE(m_window->currentView().name(), QStringLiteral("staging"));

        // A connection the file does not have (a stale sidebar entry, a broken file) opens no tab.
        m_window->openConnection(QStringLiteral("dev"));
        QCOMPARE(tabs->count(), 1);
        QCOMPARE(m_window->statusBar()->currentMessage(),
                 QStringLiteral("The connection dev is not in the configuration (any more)"));
    }

    void verifyChecksTheSelectedTokenAgainstItsIssuer()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("opaque-token"));
        openWindow();
        select(QStringLiteral("oauth2token:acme"));
        // No issuer in the profile: nothing to check against, and the tooltip says how to name one.
        QTRY_VERIFY(action(QStringLiteral("copyTokenAction"))->isEnabled());
        QVERIFY(!action(QStringLiteral("verifyAction"))->isEnabled());
        QVERIFY(
            action(QStringLiteral("verifyAction"))->toolTip().contains(QStringLiteral("names no issuer")));

        // The test's endpoint as the issuer: its metadata and an empty key set.
        const QString issuer = QUrl(m_endpoint->url()).adjusted(QUrl::RemovePath).toString();
        m_endpoint->setHandler([issuer](const TokenEndpoint::Request& request) {
            TokenEndpoint::Response response;
            if (request.path == "/.well-known/openid-configuration")
                response.body =
                    QJsonDocument(QJsonObject{{QStringLiteral("issuer"), issuer},
                                              {QStringLiteral("jwks_uri"), issuer + QStringLiteral("/jwks")}})
                        .toJson();
            else if (request.path == "/jwks")
                response.body = R"({"keys":[]})";
            else
                response.status = 404;
            return response;
        });
        {
            QFile file(configPath());
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(QStringLiteral(R"({"profiles":[{"name":"acme","tokenUrl":"%1","clientId":"c",)"
                                      R"("clientSecret":"literal:s","issuer":"%2"}]})")
                           .arg(m_endpoint->url(), issuer)
                           .toUtf8());
        }
        // An unsigned token claiming that issuer: never valid, and the pane shows each check.
        const QByteArray none =
            QByteArray(R"({"alg":"none"})")
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) +
            '.' +
            QJsonDocument(QJsonObject{{QStringLiteral("iss"), issuer}})
                .toJson(QJsonDocument::Compact)
                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals) +
            '.';
        seed(QStringLiteral("oauth2token:acme"), 600, QString::fromLatin1(none));
        trigger(QStringLiteral("verifyAction"));
        QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(
                         QStringLiteral("oauth2token:acme is not shown valid: signature: alg none")),
                     qPrintable(m_window->statusBar()->currentMessage()));
        auto* body = m_window->currentView().findChild<QTextBrowser*>(QStringLiteral("detailBody"));
        QTRY_VERIFY(body->toPlainText().contains(QStringLiteral("The token is unverifiable.")));
        QVERIFY(body->toPlainText().contains(QStringLiteral("alg none: the token is not signed")));
    }

    void revokeAndEvictRevokesTheTokenAtItsProviderThenDeletesIt()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        seed(QStringLiteral("oauth2token:other"), 600, QStringLiteral("other-token"));
        openWindow();
        QAction* revoke = action(QStringLiteral("revokeAction"));
        QVERIFY(revoke);
        // Beside Evict, in the Token menu and the table's context menu.
        for (const QList<QAction*>& offered :
             {table()->actions(), m_window->menuBar()->actions().at(1)->menu()->actions()}) {
            const qsizetype evict = offered.indexOf(action(QStringLiteral("evictAction")));
            QVERIFY(evict >= 0);
            QCOMPARE(offered.value(evict + 1), revoke);
        }

        // Disabled, saying why: a key no profile owns, a profile without an issuer.
        select(QStringLiteral("oauth2token:other"));
        QTRY_VERIFY(action(QStringLiteral("copyTokenAction"))->isEnabled());
        QVERIFY(!revoke->isEnabled());
        QVERIFY2(revoke->toolTip().contains(QStringLiteral("No profile writes this key")),
                 qPrintable(revoke->toolTip()));
        select(QStringLiteral("oauth2token:acme"));
        QTRY_VERIFY2(revoke->toolTip().contains(QStringLiteral(
                         "The profile acme names no issuer: its revocation endpoint is unknown")),
                     qPrintable(revoke->toolTip()));
        QVERIFY(!revoke->isEnabled());

        // On production, as for Evict, only once the key is typed.
        writeConfig(true, serveAsIssuer(TokenEndpoint::Response{200, {}}), QStringLiteral("production"));
        QTRY_VERIFY2(revoke->isEnabled(), qPrintable(revoke->toolTip())); // the configuration is read again
        m_answers = {false};
        trigger(QStringLiteral("revokeAction"));
        QCOMPARE(m_asked.size(), 1);
        QCOMPARE(m_asked.first().acceptText, QStringLiteral("Revoke and evict"));
        QCOMPARE(m_asked.first().items, QStringList{QStringLiteral("oauth2token:acme")});
        QCOMPARE(m_asked.first().typeToConfirm, QStringLiteral("oauth2token:acme"));
        QCOMPARE(m_endpoint->requestCount(), 0);

        m_answers = {true};
        trigger(QStringLiteral("revokeAction"));
        QTRY_COMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));
        const QList<TokenEndpoint::Request> revocations = requestsTo("/revoke");
        QCOMPARE(revocations.size(), 1);
        QCOMPARE(revocations.first().form().value(QStringLiteral("token")), QStringLiteral("acme-token"));
        QCOMPARE(revocations.first().basicCredentials(), qMakePair(QStringLiteral("c"), QStringLiteral("s")));
        QVERIFY(requestsTo("/token").isEmpty()); // nothing fetched in its place
        QTRY_COMPARE(m_window->statusBar()->currentMessage(),
                     QStringLiteral("Revoked and evicted oauth2token:acme"));
        QTRY_VERIFY(!m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));
        QVERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:other")));
    }

    void aRevocationTheProviderRefusesLeavesTheEntry()
    {
        writeConfig(true, serveAsIssuer(TokenEndpoint::oauthError(
                              400, QStringLiteral("unsupported_token_type"),
                              QStringLiteral("access tokens are not revocable here"))));
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        openWindow();
        select(QStringLiteral("oauth2token:acme"));
        m_answers = {true};
        trigger(QStringLiteral("revokeAction"));
        QTRY_VERIFY2(m_window->statusBar()->currentMessage().contains(
                         QStringLiteral("unsupported_token_type: access tokens are not revocable here")),
                     qPrintable(m_window->statusBar()->currentMessage()));
        QVERIFY2(m_window->statusBar()->currentMessage().endsWith(QStringLiteral("; the entry stays cached")),
                 qPrintable(m_window->statusBar()->currentMessage()));
        QCOMPARE(requestsTo("/revoke").size(), 1);
        QCOMPARE(redis({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("1"));
        QVERIFY(m_window->model().rowForKey(QStringLiteral("oauth2token:acme")));
    }

    void theConfirmationRunsOnlyOnceTheKeyIsTyped()
    {
        QWidget parent;
        bool checked = false;
        QTimer::singleShot(0, &parent, [&checked] {
            auto* dialog = qobject_cast<QDialog*>(QApplication::activeModalWidget());
            QVERIFY(dialog);
            QPushButton* evict = nullptr;
            for (QPushButton* button : dialog->findChildren<QPushButton*>()) {
                if (button->text() == QStringLiteral("Evict"))
                    evict = button;
            }
            QVERIFY(evict);
            auto* typed = dialog->findChild<QLineEdit*>(QStringLiteral("confirmationTyped"));
            QVERIFY(typed);
            QVERIFY(!evict->isEnabled());
            QTest::keyClicks(typed, QStringLiteral("oauth2token:pa"));
            QVERIFY(!evict->isEnabled());
            QTest::keyClicks(typed, QStringLiteral("y"));
            QVERIFY(evict->isEnabled());
            checked = true;
            evict->click();
        });
        DialogConfirmation confirmation;
        const bool confirmed = confirmation.confirm(
            &parent, QStringLiteral("Evict token"), QStringLiteral("Delete?"), QStringLiteral("Evict"),
            {QStringLiteral("oauth2token:pay")}, QStringLiteral("oauth2token:pay"));
        QVERIFY(checked);
        QVERIFY(confirmed);
    }

    void redisOutageIsShownAndRecoveredFrom()
    {
        writeConfig(true);
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        openWindow();
        auto* state = m_window->findChild<QLabel*>(QStringLiteral("stateLabel"));
        QTRY_COMPARE(state->text(), QStringLiteral("● connected"));
        QTRY_COMPARE(m_window->model().rowCount(),
                     1); // "connected" comes with the server's answer, before the rows
        m_redis->stop();
        QTRY_COMPARE(state->text(), QStringLiteral("● disconnected, retrying"));
        // A pass in flight when Redis stops may fail otherwise first; the retries that follow are refused.
        QTRY_VERIFY2(state->toolTip().contains(QStringLiteral("connection refused")),
                     qPrintable(state->toolTip()));
        QTRY_VERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("connection refused")));
        QVERIFY(m_window->model().isStale());
        QCOMPARE(m_window->model().rowCount(), 1); // the last known entries stay, marked stale
        // Actions that need Redis wait, and say why; the detail pane keeps the entry, marked as last known.
        select(QStringLiteral("oauth2token:acme"));
        for (const QString& name : {QStringLiteral("refreshAction"), QStringLiteral("evictAction"),
                                    QStringLiteral("copyTokenAction")}) {
            QVERIFY2(!action(name)->isEnabled(), qPrintable(name));
            QCOMPARE(action(name)->toolTip(),
                     QStringLiteral("Redis is unreachable: the window retries on its own"));
        }
        QVERIFY(m_window->findChild<QLabel*>(QStringLiteral("detailStale"))->isVisible());

        QVERIFY2(m_redis->restart(), qPrintable(m_redis->error()));
        seed(QStringLiteral("oauth2token:acme"), 600, QStringLiteral("acme-token"));
        QTRY_COMPARE(state->text(), QStringLiteral("● connected"));
        QTRY_VERIFY(!m_window->model().isStale());
        QTRY_COMPARE(m_window->model().rowCount(), 1);
        QVERIFY(!m_window->findChild<QLabel*>(QStringLiteral("detailStale"))->isVisible());
        QCOMPARE(m_window->statusBar()->currentMessage(), QString()); // the old error went with it
        QTRY_VERIFY(action(QStringLiteral("evictAction"))->isEnabled());
        QCOMPARE(selectedKeys(), QStringList{QStringLiteral("oauth2token:acme")});
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_MainWindow.moc"
