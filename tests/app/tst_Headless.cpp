#include "tests/support/HeadlessProcess.h"
#include "tests/support/ReadmeAcl.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TestTokens.h"
#include "tests/support/TlsMaterial.h"
#include "tests/support/TokenEndpoint.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLibrary>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

#include <sys/resource.h>
#include <unistd.h>

using namespace tokencache;

class tst_Headless : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<TokenEndpoint> m_endpoint;
    std::unique_ptr<HeadlessProcess> m_tokencache;

    QString configPath() const { return m_directory->filePath(QStringLiteral("config.json")); }

    HeadlessRun run(const QStringList& arguments) { return m_tokencache->run(arguments); }

    QByteArray redisGet(const QString& key) { return m_redis->cli({QStringLiteral("GET"), key}); }

    void addProfile(const QString& name, const QStringList& extra = {})
    {
        const HeadlessRun added =
            run(QStringList{QStringLiteral("profiles"), QStringLiteral("add"), name,
                            QStringLiteral("--token-url"), m_endpoint->url(), QStringLiteral("--client-id"),
                            QStringLiteral("client"), QStringLiteral("--client-secret"),
                            QStringLiteral("env:TC_TEST_SECRET")} +
                extra);
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }

    /** Edits the config file as a person would, for what `profiles add` refuses to write. */
    void setProfileField(const QString& profile, const QString& field, const QString& value)
    {
        QFile config(configPath());
        QVERIFY(config.open(QIODevice::ReadWrite));
        QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        QJsonArray profiles = json.value(QStringLiteral("profiles")).toArray();
        for (qsizetype i = 0; i < profiles.size(); ++i) {
            QJsonObject entry = profiles.at(i).toObject();
            if (entry.value(QStringLiteral("name")).toString() == profile)
                entry.insert(field, value);
            profiles.replace(i, entry);
        }
        json.insert(QStringLiteral("profiles"), profiles);
        config.resize(0);
        config.write(QJsonDocument(json).toJson());
    }

    static QJsonDocument parseJson(const QByteArray& text)
    {
        QJsonParseError error;
        QJsonDocument document = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError)
            qWarning("not JSON: %s\n%s", qPrintable(error.errorString()), text.constData());
        return document;
    }

private slots:
    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
        m_endpoint = std::make_unique<TokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_tokencache = std::make_unique<HeadlessProcess>(configPath());
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), m_redis->url());
        m_tokencache->setEnvironment(QStringLiteral("TC_TEST_SECRET"), QStringLiteral("very-secret"));
    }

    void cleanup()
    {
        m_tokencache.reset();
        m_endpoint.reset();
        m_redis.reset();
        m_directory.reset();
    }

    void helpAndVersion()
    {
        const HeadlessRun help = run({QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("Exit codes:"));
        QVERIFY(help.out.contains("5  not found"));
        QVERIFY(help.out.contains("evict PROFILE | --key KEY"));
        const HeadlessRun version = run({QStringLiteral("--version")});
        QCOMPARE(version.exitCode, 0);
        QVERIFY(version.out.startsWith("tokencache "));
    }

    void aReadOnlyConnectionIsNeverWrittenToAndEveryActionIsAudited()
    {
        // Two Redis servers at once: staging, and production marked read-only.
        RedisServer production;
        QVERIFY2(production.start(), qPrintable(production.error()));
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), QString());
        QCOMPARE(
            run({QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("staging"),
                 QStringLiteral("--url"), m_redis->url(), QStringLiteral("--tag"), QStringLiteral("staging")})
                .exitCode,
            0);
        const HeadlessRun addedProd = run(
            {QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("prod"),
             QStringLiteral("--url"), production.url(), QStringLiteral("--tag"), QStringLiteral("production"),
             QStringLiteral("--color"), QStringLiteral("#C62828"), QStringLiteral("--read-only")});
        QVERIFY2(addedProd.exitCode == 0, addedProd.err.constData());
        addProfile(QStringLiteral("acme"), {QStringLiteral("-C"), QStringLiteral("staging")});
        addProfile(QStringLiteral("acme"), {QStringLiteral("--connection"), QStringLiteral("prod")});
        const HeadlessRun listed = run({QStringLiteral("connections"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        QVERIFY2(listed.out.contains("* staging") && listed.out.contains("production") &&
                     listed.out.contains("read-only"),
                 listed.out.constData());

        // Staging writes: the first connection added is the default.
        const HeadlessRun staged = run({QStringLiteral("get"), QStringLiteral("acme")});
        QVERIFY2(staged.exitCode == 0, staged.err.constData());
        QCOMPARE(m_endpoint->requests().size(), 1);

        // Production: every write path is refused with exit 6 before anything is sent.
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_CONNECTION"), QStringLiteral("prod"));
        const QList<QStringList> writes{
            {QStringLiteral("get"), QStringLiteral("acme")},
            {QStringLiteral("header"), QStringLiteral("acme")},
            {QStringLiteral("refresh"), QStringLiteral("acme")},
            {QStringLiteral("evict"), QStringLiteral("acme")},
            {QStringLiteral("evict"), QStringLiteral("--key"), QStringLiteral("oauth2token:other")},
            {QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--lock"),
             QStringLiteral("--force")},
            {QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--revoke")},
            // --redis changes the URL only: the connection stays read-only, and stderr says which it is.
            {QStringLiteral("refresh"), QStringLiteral("acme"), QStringLiteral("--redis"), production.url()}};
        for (const QStringList& write : writes) {
            const HeadlessRun refused = run(write);
            QVERIFY2(refused.exitCode == 6 && refused.err.contains("refused: connection 'prod' is read-only"),
                     qPrintable(write.join(QLatin1Char(' ')) + QStringLiteral(": ") +
                                QString::fromUtf8(refused.err)));
        }
        QVERIFY(run(writes.last())
                    .err.contains("connection \"prod\" (read-only) with the Redis URL from --redis"));

        // A hit inside the margin is handed out, never refreshed ahead, and said.
        production.cli(
            {QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("30"),
             QStringLiteral(
                 "{\"access_token\":\"prod-token\",\"token_type\":\"Bearer\",\"expires_in\":3600}")});
        const HeadlessRun hit = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(hit.exitCode, 0);
        QCOMPARE(hit.out, QByteArray("prod-token\n"));
        QVERIFY2(hit.err.contains("inside its refresh margin and was not refreshed"), hit.err.constData());
        QCOMPARE(m_endpoint->requests().size(), 1);
        for (const char* command : {"set", "del", "eval", "evalsha", "unlink", "expire", "pexpire"})
            QVERIFY2(production.commandCalls(command) == 0, command);
        QCOMPARE(
            production.cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).trimmed().toInt() <=
                30,
            true);

        // The audit log: one line per action, the fingerprint and never the token, owner-only.
        QFile audit(m_directory->filePath(QStringLiteral("state/tokencache/audit.jsonl")));
        QVERIFY(audit.open(QIODevice::ReadOnly));
        QCOMPARE(audit.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
                 QFileDevice::Permissions());
        const QByteArray lines = audit.readAll();
        QVERIFY(!lines.contains("prod-token") && !lines.contains(QByteArray("very-secret")));
        QList<QJsonObject> records;
        for (const QByteArray& line : lines.trimmed().split('\n'))
            records.append(parseJson(line).object());
        // The actions done (result ok) and, apart, the attempts a read-only connection refused.
        const auto actions = [&records](const QString& connection, bool refused = false) {
            QStringList found;
            for (const QJsonObject& record : records) {
                const QString result = record.value(QStringLiteral("result")).toString();
                if (record.value(QStringLiteral("connection")).toString() == connection &&
                    (refused ? result.startsWith(QLatin1String("refused: connection 'prod' is read-only"))
                             : result == QLatin1String("ok")))
                    found.append(record.value(QStringLiteral("action")).toString());
            }
            return found;
        };
        QCOMPARE(actions(QStringLiteral("staging")),
                 (QStringList{QStringLiteral("connection-add"), QStringLiteral("profile-add"),
                              QStringLiteral("fetch")}));
        QCOMPARE(actions(QStringLiteral("prod")),
                 (QStringList{QStringLiteral("connection-add"), QStringLiteral("profile-add")}));
        QCOMPARE(
            actions(QStringLiteral("prod"), true),
            (QStringList{QStringLiteral("fetch"), QStringLiteral("fetch"), QStringLiteral("refresh"),
                         QStringLiteral("evict"), QStringLiteral("evict"), QStringLiteral("evict-lock"),
                         QStringLiteral("revoke"), QStringLiteral("refresh"), QStringLiteral("refresh")}));
        const QJsonObject fetch = records.at(4); // after two connections and their profiles
        QCOMPARE(fetch.value(QStringLiteral("key")).toString(), QStringLiteral("oauth2token:acme"));
        QCOMPARE(fetch.value(QStringLiteral("result")).toString(), QStringLiteral("ok"));
        QCOMPARE(fetch.value(QStringLiteral("frontEnd")).toString(), QStringLiteral("headless"));
        QVERIFY(fetch.value(QStringLiteral("fingerprint")).toString().startsWith(QLatin1String("sha256:")));
        // The same fingerprint as `list --json` and `show` give, so a service's log can be matched.
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_CONNECTION"), QStringLiteral("staging"));
        const HeadlessRun shown =
            run({QStringLiteral("show"), QStringLiteral("oauth2token:acme"), QStringLiteral("--json")});
        QCOMPARE(parseJson(shown.out).object().value(QStringLiteral("fingerprint")),
                 fetch.value(QStringLiteral("fingerprint")));

        // An audit log that cannot be written refuses the action before it runs (exit 2).
        const HeadlessRun unlogged =
            run({QStringLiteral("refresh"), QStringLiteral("acme"), QStringLiteral("--audit-log"),
                 QStringLiteral("/proc/tokencache-audit.jsonl")});
        QVERIFY2(unlogged.exitCode == 2 && unlogged.err.contains("audit log"), unlogged.err.constData());
        // A device is no log (and its mode is left alone): /dev/null cannot turn auditing off, /dev/full
        // would fail only after the action.
        const QFile::Permissions nullMode = QFileInfo(QStringLiteral("/dev/null")).permissions();
        for (const QString& device : {QStringLiteral("/dev/null"), QStringLiteral("/dev/full")}) {
            const HeadlessRun devious = run(
                {QStringLiteral("refresh"), QStringLiteral("acme"), QStringLiteral("--audit-log"), device});
            QCOMPARE(devious.exitCode, 2);
            QVERIFY2(devious.err.contains("cannot be written (not a regular file); nothing was done"),
                     devious.err.constData());
        }
        QCOMPARE(QFileInfo(QStringLiteral("/dev/null")).permissions(), nullMode);
        QCOMPARE(m_endpoint->requests().size(), 1);
    }

    void headlessNeedsNoGuiLibrariesAndTheGuiModuleLoads()
    {
        // The executable itself links no Qt GUI library; the window comes from a module next to it.
        QProcess ldd;
        ldd.start(QStringLiteral("ldd"), {QStringLiteral(TOKENCACHE_BINARY)});
        QVERIFY(ldd.waitForFinished(10000));
        const QByteArray libraries = ldd.readAllStandardOutput();
        QVERIFY2(libraries.contains("libQt6Core") && !libraries.contains("libQt6Gui") &&
                     !libraries.contains("libQt6Widgets"),
                 libraries.constData());
        QLibrary module(QFileInfo(QStringLiteral(TOKENCACHE_BINARY)).absolutePath() +
                        QStringLiteral("/libtokencache-gui.so"));
        QVERIFY2(module.resolve("tokencache_gui_main"), qPrintable(module.errorString()));
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("no command") << QStringList{QStringLiteral("--headless")}
                                    << QByteArray("no command given");
        QTest::newRow("unknown command")
            << QStringList{QStringLiteral("frobnicate")} << QByteArray("unknown command \"frobnicate\"");
        QTest::newRow("missing argument")
            << QStringList{QStringLiteral("get")} << QByteArray("get: expected 1 argument");
        QTest::newRow("unknown option")
            << QStringList{QStringLiteral("list"), QStringLiteral("--bogus")}
            << QByteArray("tokencache: list: unknown option --bogus (see tokencache list --help)\n");
        QTest::newRow("unknown option of a subcommand")
            << QStringList{QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("x"),
                           QStringLiteral("-z")}
            << QByteArray("profiles show: unknown option -z (see tokencache profiles show --help)");
        QTest::newRow("global option without its value")
            << QStringList{QStringLiteral("list"), QStringLiteral("--redis")}
            << QByteArray("--redis needs a value");
        QTest::newRow("bad output format")
            << QStringList{QStringLiteral("list"), QStringLiteral("--output"), QStringLiteral("yaml")}
            << QByteArray("--output yaml: expected table, json or jsonl");
        QTest::newRow("edit without options")
            << QStringList{QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("acme")}
            << QByteArray("profiles edit: no option given, nothing changed");
        QTest::newRow("force without lock")
            << QStringList{QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--force")}
            << QByteArray("evict: --force applies to --lock");
        QTest::newRow("ignore-revoke-failure without revoke")
            << QStringList{QStringLiteral("evict"), QStringLiteral("acme"),
                           QStringLiteral("--ignore-revoke-failure")}
            << QByteArray("evict: --ignore-revoke-failure applies to --revoke");
        QTest::newRow("revoke by key") << QStringList{QStringLiteral("evict"), QStringLiteral("--key"),
                                                      QStringLiteral("k"), QStringLiteral("--revoke")}
                                       << QByteArray("evict: --revoke takes a PROFILE");
        // A new profile's options, so no profile need exist: each is refused before anything is saved.
        const auto adding = [](const QStringList& options) {
            return QStringList{QStringLiteral("profiles"),
                               QStringLiteral("add"),
                               QStringLiteral("new"),
                               QStringLiteral("--token-url"),
                               QStringLiteral("https://idp.example/token"),
                               QStringLiteral("--client-id"),
                               QStringLiteral("c")} +
                   options;
        };
        QTest::newRow("unknown auth method")
            << adding({QStringLiteral("--auth"), QStringLiteral("mtls")})
            << QByteArray("unknown client authentication method \"mtls\"; expected client_secret_basic, "
                          "client_secret_post, private_key_jwt, client_secret_jwt, tls_client_auth, "
                          "self_signed_tls_client_auth");
        QTest::newRow("a pasted private key")
            << adding({QStringLiteral("--auth"), QStringLiteral("private_key_jwt"),
                       QStringLiteral("--private-key"), QStringLiteral("MIIEvQIBADAN")})
            << QByteArray("--private-key must be a reference");
        QTest::newRow("a certificate method without a certificate")
            << adding({QStringLiteral("--auth"), QStringLiteral("tls_client_auth")})
            << QByteArray("tls_client_auth needs a client certificate (--provider-cert FILE)");
        QTest::newRow("global option twice")
            << QStringList{QStringLiteral("list"), QStringLiteral("--output"), QStringLiteral("json"),
                           QStringLiteral("--output"), QStringLiteral("jsonl")}
            << QByteArray("--output given twice: json and jsonl");
        QTest::newRow("bad sort") << QStringList{QStringLiteral("list"), QStringLiteral("--sort"),
                                                 QStringLiteral("age")}
                                  << QByteArray("list: --sort age: expected key, ttl");
        QTest::newRow("bad status") << QStringList{QStringLiteral("list"), QStringLiteral("--status"),
                                                   QStringLiteral("fresh")}
                                    << QByteArray("list: --status fresh: expected one of: valid, expiring, "
                                                  "expired, unreadable, lock, stale-lock");
        QTest::newRow("bad redis url")
            << QStringList{QStringLiteral("--redis"), QStringLiteral("http://x"), QStringLiteral("list")}
            << QByteArray("unsupported scheme");
        QTest::newRow("empty config flag")
            << QStringList{QStringLiteral("--config"), QString(), QStringLiteral("list")}
            << QByteArray("--config is empty");
        QTest::newRow("secret naming nothing") << QStringList{QStringLiteral("profiles"),
                                                              QStringLiteral("add"),
                                                              QStringLiteral("p"),
                                                              QStringLiteral("--token-url"),
                                                              QStringLiteral("https://idp.example/token"),
                                                              QStringLiteral("--client-id"),
                                                              QStringLiteral("c"),
                                                              QStringLiteral("--client-secret"),
                                                              QStringLiteral("env:")}
                                               << QByteArray("secret reference env: names nothing");
    }

    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(QByteArray, message);
        const HeadlessRun result = run(arguments);
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains(message), result.err.constData());
        QCOMPARE(result.err.count('\n'), 1);
        QVERIFY(result.out.isEmpty());
    }

    void aCommandWordRunsHeadlessAndGlobalOptionsStandAnywhere()
    {
        // The key lives in database 2 only: the listing shows it only if --redis after the command counts.
        m_redis->cli({QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("SETEX"),
                      QStringLiteral("oauth2token:db2"), QStringLiteral("600"), QStringLiteral("{}")});
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("list"), QStringLiteral("--json"), QStringLiteral("--redis"),
                          m_redis->url(2)},
              QStringList{QStringLiteral("--json"), QStringLiteral("list"),
                          QStringLiteral("--redis=") + m_redis->url(2)},
              QStringList{QStringLiteral("--headless"), QStringLiteral("--redis"), m_redis->url(2),
                          QStringLiteral("list"), QStringLiteral("--output"), QStringLiteral("json")}}) {
            const HeadlessRun listed = run(arguments);
            QVERIFY2(listed.exitCode == 0, listed.err.constData());
            QCOMPARE(parseJson(listed.out).array().size(), 1);
            QVERIFY(listed.out.contains("oauth2token:db2"));
        }
    }

    void withoutADisplayTheWindowsCommandLinePrintsTheUsage()
    {
        // No DISPLAY, no WAYLAND_DISPLAY (HeadlessProcess removes them): no window, no abort.
        for (const QStringList& arguments :
             {QStringList{}, QStringList{QStringLiteral("--config"), configPath()},
              QStringList{QStringLiteral("--redis"), m_redis->url()}}) {
            const HeadlessRun result = run(arguments);
            QVERIFY(!result.crashed);
            QCOMPARE(result.exitCode, 2);
            QVERIFY(result.out.isEmpty());
            QVERIFY2(result.err.startsWith("tokencache: no display") && result.err.contains("Commands:"),
                     result.err.constData());
        }
    }

    void aDisplayNothingAnswersOnIsSaidNotAborted()
    {
        // DISPLAY set by ssh or sudo, no X server behind it: Qt's platform plugin fails fatally.
        for (const auto& [variable, value] :
             {std::pair{QStringLiteral("DISPLAY"), QStringLiteral(":99")},
              std::pair{QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("bogus")}}) {
            HeadlessProcess process(configPath());
            process.setEnvironment(variable, value);
            const HeadlessRun result = process.run({});
            QVERIFY(!result.crashed);
            QCOMPARE(result.exitCode, 2);
            QVERIFY2(result.err.contains("tokencache: cannot open a window"), result.err.constData());
        }
    }

    void everyCommandHasItsOwnHelp_data()
    {
        QTest::addColumn<QStringList>("command");
        for (const char* command : {"list", "get", "header", "show", "refresh", "evict", "curl", "profiles",
                                    "profiles list", "profiles show", "profiles add", "profiles edit",
                                    "profiles remove", "export", "import", "verify"})
            QTest::newRow(command) << QString::fromLatin1(command).split(QLatin1Char(' '));
    }

    void everyCommandHasItsOwnHelp()
    {
        QFETCH(QStringList, command);
        // A broken config file does not hide the help.
        QFile broken(configPath());
        QVERIFY(broken.open(QIODevice::WriteOnly));
        broken.write("{oops");
        broken.close();
        const HeadlessRun help = run(command + QStringList{QStringLiteral("--help")});
        QCOMPARE(help.exitCode, 0);
        QVERIFY2(help.out.startsWith("Usage: tokencache " + command.join(QLatin1Char(' ')).toUtf8()),
                 help.out.constData());
        QVERIFY(help.out.contains("Global options"));
    }

    void listSortsFiltersByStatusAndPrintsEachFormat()
    {
        const auto seed = [this](const QString& key, int ttl, const QString& value) {
            m_redis->cli({QStringLiteral("SETEX"), key, QString::number(ttl), value});
        };
        const QString token =
            QStringLiteral(R"({"access_token":"t","token_type":"Bearer","expires_in":3600})");
        seed(QStringLiteral("oauth2token:b-later"), 3000, token);
        seed(QStringLiteral("oauth2token:a-soon"), 30, token);
        seed(QStringLiteral("oauth2token:c-middle"), 1000, token);
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("oauth2token:d-forever"), token});
        seed(QStringLiteral("oauth2token:e-broken"), 500, QStringLiteral("<html>"));
        seed(QStringLiteral("oauth2token:f:lock"), 20, QStringLiteral("holder-1"));
        m_redis->cli(
            {QStringLiteral("SET"), QStringLiteral("oauth2token:g:lock"), QStringLiteral("holder-2")});

        const auto keysOf = [this](const QStringList& arguments) {
            const HeadlessRun listed = run(arguments);
            QStringList keys;
            if (listed.exitCode != 0)
                return QStringList{QString::fromUtf8(listed.err)};
            for (const QByteArray& line : listed.out.split('\n').mid(1)) // the table's header first
                if (!line.isEmpty())
                    keys.append(QString::fromUtf8(line.split(' ').first()));
            return keys;
        };
        // The table: time left, a key without TTL last.
        const QStringList byTtl = keysOf({QStringLiteral("list")});
        QCOMPARE(byTtl.first(), QStringLiteral("oauth2token:f:lock"));
        QCOMPARE(byTtl.at(1), QStringLiteral("oauth2token:a-soon"));
        QCOMPARE(byTtl.indexOf(QStringLiteral("oauth2token:b-later")), 4);
        QVERIFY(byTtl.indexOf(QStringLiteral("oauth2token:d-forever")) >= 5);
        QCOMPARE(keysOf({QStringLiteral("list"), QStringLiteral("--sort"), QStringLiteral("key")}),
                 (QStringList{QStringLiteral("oauth2token:a-soon"), QStringLiteral("oauth2token:b-later"),
                              QStringLiteral("oauth2token:c-middle"), QStringLiteral("oauth2token:d-forever"),
                              QStringLiteral("oauth2token:e-broken"), QStringLiteral("oauth2token:f:lock"),
                              QStringLiteral("oauth2token:g:lock")}));
        QCOMPARE(keysOf({QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("unreadable")}),
                 QStringList{QStringLiteral("oauth2token:e-broken")});
        QCOMPARE(keysOf({QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("stale-lock")}),
                 QStringList{QStringLiteral("oauth2token:g:lock")});
        QCOMPARE(keysOf({QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("lock"),
                         QStringLiteral("--sort"), QStringLiteral("key")}),
                 (QStringList{QStringLiteral("oauth2token:f:lock"), QStringLiteral("oauth2token:g:lock")}));
        QCOMPARE(keysOf({QStringLiteral("list"), QStringLiteral("--status"), QStringLiteral("expiring"),
                         QStringLiteral("--status"), QStringLiteral("unreadable")})
                     .size(),
                 2); // a-soon (30 s left) and e-broken

        // jsonl: one object per line; json with --sort: one sorted array. Both say when the key expires.
        const qint64 before = QDateTime::currentSecsSinceEpoch();
        const HeadlessRun lines =
            run({QStringLiteral("list"), QStringLiteral("--output"), QStringLiteral("jsonl")});
        const qint64 after = QDateTime::currentSecsSinceEpoch();
        QCOMPARE(lines.exitCode, 0);
        const QList<QByteArray> objects = lines.out.trimmed().split('\n');
        QCOMPARE(objects.size(), 7);
        for (const QByteArray& line : objects) {
            const QJsonObject entry = parseJson(line).object();
            QVERIFY2(!entry.isEmpty(), line.constData());
            if (entry.value(QStringLiteral("key")).toString() == QLatin1String("oauth2token:b-later")) {
                const qint64 expiresAt = entry.value(QStringLiteral("expires_at")).toInteger();
                QVERIFY(expiresAt >= before + 2990 && expiresAt <= after + 3000);
                QCOMPARE(QDateTime::fromString(entry.value(QStringLiteral("expires_at_iso")).toString(),
                                               Qt::ISODate)
                             .toSecsSinceEpoch(),
                         expiresAt);
                QVERIFY(entry.value(QStringLiteral("expires_at_iso")).toString().endsWith(QLatin1Char('Z')));
            }
            if (entry.value(QStringLiteral("key")).toString() == QLatin1String("oauth2token:d-forever"))
                QVERIFY(entry.value(QStringLiteral("expires_at")).isNull());
        }
        const HeadlessRun sorted = run({QStringLiteral("list"), QStringLiteral("--json"),
                                        QStringLiteral("--sort"), QStringLiteral("key")});
        const QJsonArray array = parseJson(sorted.out).array();
        QCOMPARE(array.size(), 7);
        QCOMPARE(array.first()[QStringLiteral("key")].toString(), QStringLiteral("oauth2token:a-soon"));
        QCOMPARE(array.last()[QStringLiteral("key")].toString(), QStringLiteral("oauth2token:g:lock"));
        // Nothing matches: still one valid document.
        const HeadlessRun none = run({QStringLiteral("list"), QStringLiteral("--json"),
                                      QStringLiteral("--pattern"), QStringLiteral("nothing:*")});
        QCOMPARE(none.exitCode, 0);
        QVERIFY(parseJson(none.out).isArray());
    }

    void withRedisDownAListingPrintsNothingOnStdout()
    {
        for (const char* format : {"json", "jsonl", "table"}) {
            const HeadlessRun listed =
                run({QStringLiteral("list"), QStringLiteral("--output"), QString::fromLatin1(format),
                     QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:1/0")});
            QCOMPARE(listed.exitCode, 3);
            QVERIFY2(listed.out.isEmpty(), listed.out.constData());
            QVERIFY(listed.err.contains("connection refused"));
        }
    }

    void evictWithMissingOkSucceedsOnNothing()
    {
        const QStringList evict{QStringLiteral("evict"), QStringLiteral("--key"),
                                QStringLiteral("oauth2token:none")};
        QCOMPARE(run(evict).exitCode, 5);
        const HeadlessRun tolerant = run(evict + QStringList{QStringLiteral("--missing-ok")});
        QCOMPARE(tolerant.exitCode, 0);
        QVERIFY(tolerant.out.contains("nothing to evict"));
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("oauth2token:none"), QStringLiteral("{}")});
        QCOMPARE(run(evict + QStringList{QStringLiteral("--missing-ok")}).out,
                 QByteArray("evicted oauth2token:none\n"));
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:none")}),
                 QByteArray("0"));
    }

    void profilesAreShownAndEditedInPlace()
    {
        addProfile(QStringLiteral("acme"), {QStringLiteral("--scope"), QStringLiteral("read"),
                                            QStringLiteral("--audience"), QStringLiteral("api://acme")});
        const HeadlessRun edited =
            run({QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("acme"),
                 QStringLiteral("--scope"), QStringLiteral("write"), QStringLiteral("--timeout"),
                 QStringLiteral("20"), QStringLiteral("--client-secret"), QStringLiteral("literal-secret"),
                 QStringLiteral("--store-secret-in-config")});
        QVERIFY2(edited.exitCode == 0, edited.err.constData());
        const HeadlessRun shown =
            run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("acme")});
        QCOMPARE(shown.exitCode, 0);
        // Changed what was given, kept the rest; the stored secret is never printed.
        QVERIFY2(shown.out.contains("scopes:            write\n") &&
                     shown.out.contains("timeout:           20s\n") &&
                     shown.out.contains("audience:          api://acme\n") &&
                     shown.out.contains("client id:         client\n") &&
                     shown.out.contains("literal:(stored in config)"),
                 shown.out.constData());
        QVERIFY(!shown.out.contains("literal-secret"));
        const QJsonObject json = parseJson(run({QStringLiteral("--json"), QStringLiteral("profiles"),
                                                QStringLiteral("show"), QStringLiteral("acme")})
                                               .out)
                                     .object();
        QCOMPARE(json.value(QStringLiteral("requestTimeoutMs")).toInt(), 20000);
        QCOMPARE(json.value(QStringLiteral("clientSecret")).toString(),
                 QStringLiteral("literal:(stored in config)"));

        const HeadlessRun unknown =
            run({QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("nope"),
                 QStringLiteral("--scope"), QStringLiteral("x")});
        QCOMPARE(unknown.exitCode, 5);
        QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("nope")}).exitCode,
                 5);
        const HeadlessRun bad =
            run({QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("acme"),
                 QStringLiteral("--attempts"), QStringLiteral("99")});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("acme")})
                    .out.contains("attempts:          3\n")); // nothing saved from a refused edit
    }

    void curlGetsTheHeaderThroughADescriptorNotItsCommandLine()
    {
        addProfile(QStringLiteral("acme"));
        // A curl that writes down its command line, then runs the real one: what `ps` would show.
        const QString bin = m_directory->filePath(QStringLiteral("bin"));
        QVERIFY(QDir().mkpath(bin));
        const QString argvLog = m_directory->filePath(QStringLiteral("curl-argv"));
        QFile wrapper(bin + QStringLiteral("/curl"));
        QVERIFY(wrapper.open(QIODevice::WriteOnly));
        wrapper.write(QStringLiteral("#!/bin/sh\nprintf '%s\\n' \"$@\" > '%1'\nexec /usr/bin/curl \"$@\"\n")
                          .arg(argvLog)
                          .toUtf8());
        wrapper.close();
        wrapper.setPermissions(QFile::ReadOwner | QFile::ExeOwner | QFile::WriteOwner);
        m_tokencache->setEnvironment(QStringLiteral("PATH"), bin + QStringLiteral(":/usr/bin:/bin"));

        const QString api = m_endpoint->url() + QStringLiteral("-api");
        const HeadlessRun called =
            run({QStringLiteral("curl"), QStringLiteral("acme"), QStringLiteral("-s"), QStringLiteral("-o"),
                 QStringLiteral("/dev/null"), QStringLiteral("-X"), QStringLiteral("GET"), api});
        QVERIFY2(called.exitCode == 0, called.err.constData());
        const auto requests = m_endpoint->requests();
        QCOMPARE(requests.last().headers.value("authorization"), QByteArray("Bearer token-1"));
        QFile logged(argvLog);
        QVERIFY(logged.open(QIODevice::ReadOnly));
        const QByteArray argv = logged.readAll();
        // Untouched and in order, after the config on fd 3; the token is not among them.
        QCOMPARE(argv, QByteArray("--config\n/dev/fd/3\n-s\n-o\n/dev/null\n-X\nGET\n") + api.toUtf8() + '\n');
        QVERIFY(!argv.contains("token-1"));

        // Quotes and backslashes (printable, so a token may hold them) stay inside curl's quoted value.
        addProfile(QStringLiteral("quoted"));
        m_endpoint->respondWith(TokenEndpoint::token(QStringLiteral(R"(a"b\c\"url=x)")));
        const HeadlessRun quoted =
            run({QStringLiteral("curl"), QStringLiteral("quoted"), QStringLiteral("-s"), QStringLiteral("-o"),
                 QStringLiteral("/dev/null"), api});
        QVERIFY2(quoted.exitCode == 0, quoted.err.constData());
        QCOMPARE(m_endpoint->requests().last().headers.value("authorization"),
                 QByteArray(R"(Bearer a"b\c\"url=x)"));

        const HeadlessRun failed = run({QStringLiteral("curl"), QStringLiteral("acme"), QStringLiteral("-s"),
                                        QStringLiteral("http://127.0.0.1:1/")});
        QCOMPARE(failed.exitCode, 9);
        QVERIFY2(failed.err.contains("tokencache: curl exited with status 7"), failed.err.constData());
    }

    void profilesAddListRemove()
    {
        addProfile(QStringLiteral("acme"),
                   {QStringLiteral("--scope"), QStringLiteral("read"), QStringLiteral("--scope"),
                    QStringLiteral("write"), QStringLiteral("--auth"), QStringLiteral("post")});
        QCOMPARE(QFile::permissions(configPath()) & (QFile::ReadGroup | QFile::ReadOther),
                 QFile::Permissions());

        HeadlessRun listed =
            run({QStringLiteral("--json"), QStringLiteral("profiles"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonObject profile = parseJson(listed.out).array().first().toObject();
        QCOMPARE(profile.value(QStringLiteral("name")).toString(), QStringLiteral("acme"));
        QCOMPARE(profile.value(QStringLiteral("authMethod")).toString(),
                 QStringLiteral("client_secret_post"));
        QCOMPARE(profile.value(QStringLiteral("key")).toString(), QStringLiteral("oauth2token:acme"));
        QCOMPARE(profile.value(QStringLiteral("scopes")).toArray().size(), 2);

        const HeadlessRun duplicate =
            run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("acme"),
                 QStringLiteral("--token-url"), m_endpoint->url(), QStringLiteral("--client-id"),
                 QStringLiteral("c"), QStringLiteral("--client-secret"), QStringLiteral("env:X")});
        QCOMPARE(duplicate.exitCode, 2);
        QVERIFY(duplicate.err.contains("exists already"));

        const HeadlessRun removed =
            run({QStringLiteral("profiles"), QStringLiteral("remove"), QStringLiteral("acme")});
        QCOMPARE(removed.exitCode, 0);
        listed = run({QStringLiteral("--json"), QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY(parseJson(listed.out).array().isEmpty());
        QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("remove"), QStringLiteral("acme")}).exitCode,
                 5);
    }

    void literalSecretsNeedExplicitConsent()
    {
        const QStringList base{QStringLiteral("profiles"),
                               QStringLiteral("add"),
                               QStringLiteral("acme"),
                               QStringLiteral("--token-url"),
                               m_endpoint->url(),
                               QStringLiteral("--client-id"),
                               QStringLiteral("c"),
                               QStringLiteral("--client-secret"),
                               QStringLiteral("plain-secret-123")};
        const HeadlessRun refused = run(base);
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.contains("--store-secret-in-config"));
        QVERIFY(!QFile::exists(configPath()));

        const HeadlessRun stored = run(base + QStringList{QStringLiteral("--store-secret-in-config")});
        QCOMPARE(stored.exitCode, 0);
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("literal:plain-secret-123"));
        const HeadlessRun listed = run({QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY(!listed.out.contains("plain-secret-123"));

        // The stored literal is used for real.
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).exitCode, 0);
        QCOMPARE(m_endpoint->requests().first().basicCredentials().second,
                 QStringLiteral("plain-secret-123"));
    }

    void corruptConfigIsReportedAndKept()
    {
        QFile file(configPath());
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{oops");
        file.close();
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("list")},
              QStringList{QStringLiteral("profiles"), QStringLiteral("remove"), QStringLiteral("x")}}) {
            const HeadlessRun result = run(arguments);
            QCOMPARE(result.exitCode, 2);
            QVERIFY2(result.err.contains(configPath().toUtf8()) && result.err.contains("not valid JSON"),
                     result.err.constData());
        }
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{oops"));
    }

    void getFetchesOnceAndPrintsTheTokenAlone()
    {
        addProfile(QStringLiteral("acme"));
        HeadlessRun first = run({QStringLiteral("get"), QStringLiteral("acme")});
        QVERIFY2(first.exitCode == 0, first.err.constData());
        QCOMPARE(first.out, QByteArray("token-1\n"));
        QVERIFY(first.err.isEmpty());
        QCOMPARE(m_endpoint->requests().first().basicCredentials(),
                 qMakePair(QStringLiteral("client"), QStringLiteral("very-secret")));

        const HeadlessRun second =
            run({QStringLiteral("--json"), QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(second.exitCode, 0);
        QCOMPARE(m_endpoint->requestCount(), 1);
        const QJsonObject entry = parseJson(second.out).object();
        QCOMPARE(entry.value(QStringLiteral("access_token")).toString(), QStringLiteral("token-1"));
        QCOMPARE(entry.value(QStringLiteral("key")).toString(), QStringLiteral("oauth2token:acme"));
        QCOMPARE(entry.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        QCOMPARE(entry.value(QStringLiteral("expires_in")).toInt(), 3600);
        QVERIFY(entry.value(QStringLiteral("ttl_ms")).toInteger() > 3'500'000);
    }

    void headerPrintsTheCachedTokenAsAnAuthorizationLine()
    {
        addProfile(QStringLiteral("acme"));
        const HeadlessRun fetched = run({QStringLiteral("header"), QStringLiteral("acme")});
        QVERIFY2(fetched.exitCode == 0, fetched.err.constData());
        QCOMPARE(fetched.out, QByteArray("Authorization: Bearer token-1\n"));
        QCOMPARE(run({QStringLiteral("header"), QStringLiteral("acme")}).out, fetched.out);
        QCOMPARE(m_endpoint->requestCount(), 1); // the second came from the cache
    }

    void listShowsEntriesButNeverTokens()
    {
        addProfile(QStringLiteral("acme"));
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).exitCode, 0);
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("oauth2token:broken"), QStringLiteral("<html>")});
        m_redis->cli({QStringLiteral("HSET"), QStringLiteral("oauth2token:hash"), QStringLiteral("a"),
                      QStringLiteral("b")});

        const HeadlessRun text = run({QStringLiteral("list")});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(!text.out.contains("token-1"));
        QVERIFY(text.out.startsWith("KEY"));
        QVERIFY2(text.out.contains("oauth2token:acme") && text.out.contains("valid"), text.out.constData());
        QVERIFY(text.out.contains("unreadable: the key holds a Redis hash, not a string"));

        const HeadlessRun json = run({QStringLiteral("--json"), QStringLiteral("list")});
        QCOMPARE(json.exitCode, 0);
        QVERIFY(!json.out.contains("token-1"));
        const QJsonArray entries = parseJson(json.out).array();
        QCOMPARE(entries.size(), 3);
        for (const QJsonValue& value : entries) {
            const QJsonObject entry = value.toObject();
            if (entry.value(QStringLiteral("key")).toString() == QLatin1String("oauth2token:acme")) {
                QCOMPARE(entry.value(QStringLiteral("profile")).toString(), QStringLiteral("acme"));
                QCOMPARE(entry.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
            } else {
                QCOMPARE(entry.value(QStringLiteral("status")).toString(), QStringLiteral("unreadable"));
                QVERIFY(!entry.value(QStringLiteral("reason")).toString().isEmpty());
            }
        }
    }

    void listFiltersWithTheWindowsSearchTerms()
    {
        const auto seed = [this](const QString& key, int ttl, const QByteArray& token) {
            m_redis->cli(
                {QStringLiteral("SETEX"), key, QString::number(ttl),
                 QStringLiteral("{\"access_token\":\"%1\",\"token_type\":\"Bearer\",\"expires_in\":3600}")
                     .arg(QString::fromLatin1(token))});
        };
        seed(QStringLiteral("oauth2token:soon"), 30, "opaque-1");
        seed(QStringLiteral("oauth2token:later"), 3000, "opaque-2");
        seed(QStringLiteral("other:soon"), 30, "opaque-3");
        const qint64 past = QDateTime::currentSecsSinceEpoch() - 600;
        seed(QStringLiteral("oauth2token:old"), 3000, makeJwt({{QStringLiteral("exp"), past}}));
        const auto keys = [this](const QStringList& arguments) {
            const HeadlessRun listed =
                run(QStringList{QStringLiteral("--json"), QStringLiteral("list")} + arguments);
            QStringList found;
            for (const QJsonValue& entry : QJsonDocument::fromJson(listed.out).array())
                found.append(entry.toObject().value(QStringLiteral("key")).toString());
            found.sort();
            return found;
        };
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:stuck}:lock"),
                      QStringLiteral("{\"holder\":\"x/1\"}")}); // no TTL: a stale lock
        QCOMPARE(keys({QStringLiteral("--filter"), QStringLiteral("status:stale-lock")}),
                 QStringList{QStringLiteral("{oauth2token:stuck}:lock")});
        // A status term names a whole status: "expiring" is not "expired".
        QCOMPARE(keys({QStringLiteral("--filter"), QStringLiteral("status:expiring")}),
                 QStringList{QStringLiteral("oauth2token:soon")});
        QCOMPARE(keys({QStringLiteral("--filter"), QStringLiteral("status:expired")}),
                 QStringList{QStringLiteral("oauth2token:old")});
        // Terms AND together, and with --pattern (which keys are scanned).
        QCOMPARE(keys({QStringLiteral("--filter"), QStringLiteral("key:soon status:Expiring")}),
                 QStringList{QStringLiteral("oauth2token:soon")});
        QCOMPARE(keys({QStringLiteral("--pattern"), QStringLiteral("*soon*"), QStringLiteral("--filter"),
                       QStringLiteral("bearer")}),
                 (QStringList{QStringLiteral("oauth2token:soon"), QStringLiteral("other:soon")}));
        QCOMPARE(keys({QStringLiteral("--filter"), QStringLiteral("later old")}), QStringList());

        const HeadlessRun table =
            run({QStringLiteral("list"), QStringLiteral("--filter"), QStringLiteral("later")});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains("oauth2token:later") && !table.out.contains("oauth2token:soon"),
                 table.out.constData());

        const HeadlessRun unknown =
            run({QStringLiteral("list"), QStringLiteral("--filter"), QStringLiteral("status:expird")});
        QCOMPARE(unknown.exitCode, 2);
        QVERIFY2(unknown.err.contains("unknown status \"expird\"; expected one of: valid, expiring, expired, "
                                      "unreadable, lock, stale-lock"),
                 unknown.err.constData());
    }

    void showMasksTheTokenUnlessRevealed()
    {
        const QByteArray jwt = makeJwt({{QStringLiteral("sub"), QStringLiteral("svc-42")},
                                        {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3600}});
        m_endpoint->respondWith(TokenEndpoint::token(QString::fromUtf8(jwt)));
        addProfile(QStringLiteral("acme"));
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).exitCode, 0);

        const HeadlessRun masked = run({QStringLiteral("show"), QStringLiteral("oauth2token:acme")});
        QCOMPARE(masked.exitCode, 0);
        QVERIFY(!masked.out.contains(jwt));
        QVERIFY(masked.out.contains("--reveal shows it"));
        QVERIFY(masked.out.contains("sub: svc-42"));
        // An hour ahead, counted down as the window counts (rounded up): 1h 0m 0s, or 59m after a slow
        // second.
        QVERIFY2(masked.out.contains("exp: ") &&
                     QString::fromUtf8(masked.out)
                         .contains(QRegularExpression(QStringLiteral(" UTC \\(in (1h 0m 0s|59m)"))),
                 masked.out.constData());

        const HeadlessRun revealed = run({QStringLiteral("--json"), QStringLiteral("show"),
                                          QStringLiteral("oauth2token:acme"), QStringLiteral("--reveal")});
        QCOMPARE(revealed.exitCode, 0);
        const QJsonObject entry = parseJson(revealed.out).object();
        QCOMPARE(entry.value(QStringLiteral("access_token")).toString().toUtf8(), jwt);
        QCOMPARE(entry.value(QStringLiteral("jwt_claims")).toObject().value(QStringLiteral("sub")).toString(),
                 QStringLiteral("svc-42"));

        QCOMPARE(run({QStringLiteral("show"), QStringLiteral("oauth2token:none")}).exitCode, 5);
    }

    void aJsonApiWithAnApiKeyIsCachedAndReadThroughTheProfilesMapping()
    {
        const QByteArray apiKey("k3y-of-the-payment-api");
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        const QByteArray jwt = makeJwt({{QStringLiteral("sub"), QStringLiteral("payments")},
                                        {QStringLiteral("iat"), now},
                                        {QStringLiteral("exp"), now + 600}});
        m_endpoint->actAsJsonApi(apiKey, QString::fromUtf8(jwt), 600);
        m_tokencache->setEnvironment(QStringLiteral("TC_API_KEY"), QString::fromLatin1(apiKey));
        addProfile(QStringLiteral("pay"),
                   {QStringLiteral("--request-format"), QStringLiteral("json"), QStringLiteral("--header"),
                    QStringLiteral("X-Api-Key=env:TC_API_KEY"), QStringLiteral("--token-field"),
                    QStringLiteral("/data/accessToken"), QStringLiteral("--expires-field"),
                    QStringLiteral("/data/expiresIn"), QStringLiteral("--token-type-field"),
                    QStringLiteral("/data/tokenType")});
        QList<HeadlessRun> runs;

        runs.append(run({QStringLiteral("get"), QStringLiteral("pay")}));
        QVERIFY2(runs.last().exitCode == 0, runs.last().err.constData());
        QCOMPARE(runs.last().out.trimmed(), jwt);
        // The provider's answer, byte for byte, with the TTL its mapped lifetime gives less the margin.
        const QByteArray stored = redisGet(QStringLiteral("oauth2token:pay"));
        const QByteArray expected = QByteArray("{\"data\":{\"accessToken\":\"") + jwt +
                                    "\",\"expiresIn\":600,\"tokenType\":\"Bearer\"},\"requestId\":\"req-1\"}";
        QCOMPARE(stored.trimmed(), expected);
        const qint64 ttl =
            m_redis->cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:pay")}).trimmed().toLongLong();
        QVERIFY2(ttl > 500 && ttl <= 540, QByteArray::number(ttl).constData());
        const TokenEndpoint::Request& request = m_endpoint->requests().last();
        QVERIFY(request.headers.value("content-type").startsWith("application/json"));
        const QJsonObject body = parseJson(request.body).object();
        QCOMPARE(body.value(QStringLiteral("grant_type")).toString(), QStringLiteral("client_credentials"));
        QCOMPARE(request.basicCredentials(),
                 qMakePair(QStringLiteral("client"), QStringLiteral("very-secret")));

        runs.append(run({QStringLiteral("--json"), QStringLiteral("list")}));
        QCOMPARE(runs.last().exitCode, 0);
        const QJsonObject listed = parseJson(runs.last().out).array().first().toObject();
        QCOMPARE(listed.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        QCOMPARE(listed.value(QStringLiteral("profile")).toString(), QStringLiteral("pay"));
        QCOMPARE(listed.value(QStringLiteral("expires_in")).toInt(), 600);
        QCOMPARE(listed.value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
        QVERIFY(listed.value(QStringLiteral("jwt")).toBool());

        runs.append(
            run({QStringLiteral("--json"), QStringLiteral("show"), QStringLiteral("oauth2token:pay")}));
        QCOMPARE(runs.last().exitCode, 0);
        const QJsonObject shown = parseJson(runs.last().out).object();
        QCOMPARE(shown.value(QStringLiteral("jwt_claims")).toObject().value(QStringLiteral("sub")).toString(),
                 QStringLiteral("payments"));
        QVERIFY2(!runs.last().out.contains(jwt), "show masks the token where the mapping finds it");
        QVERIFY(shown.contains(QStringLiteral("age_seconds")));

        // A bare value may be a pasted key: refused, and not echoed.
        const HeadlessRun bare =
            run({QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("pay"),
                 QStringLiteral("--header"), QStringLiteral("X-Other=s3cr3t-pasted")});
        QCOMPARE(bare.exitCode, 2);
        QVERIFY2(bare.err.contains("--header X-Other: the value must be a secret reference") &&
                     !bare.err.contains("s3cr3t-pasted"),
                 bare.err.constData());
        const HeadlessRun noSuchHeader =
            run({QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("pay"),
                 QStringLiteral("--header"), QStringLiteral("X-Nope=")});
        QCOMPARE(noSuchHeader.exitCode, 2);
        QVERIFY2(noSuchHeader.err.contains("profile \"pay\" has no header X-Nope to remove"),
                 noSuchHeader.err.constData());
        runs.append(run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("pay")}));
        QVERIFY2(runs.last().out.contains("header:") && runs.last().out.contains("X-Api-Key: env:TC_API_KEY"),
                 runs.last().out.constData());
        QVERIFY(runs.last().out.contains("/data/accessToken"));

        // A wrong pointer: the fetch fails naming it and what is there; the listing says why it is
        // unreadable.
        QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("edit"), QStringLiteral("pay"),
                      QStringLiteral("--token-field"), QStringLiteral("/data/accessTokn")})
                     .exitCode,
                 0);
        runs.append(run({QStringLiteral("refresh"), QStringLiteral("pay")}));
        QCOMPARE(runs.last().exitCode, 4);
        QVERIFY2(
            runs.last().err.contains("response has no /data/accessTokn (/data has accessToken, expiresIn, "
                                     "tokenType)"),
            runs.last().err.constData());
        runs.append(run({QStringLiteral("--json"), QStringLiteral("list")}));
        QJsonObject unreadable; // beside it, the lock that holds the failure for the processes waiting on it
        for (const QJsonValue& entry : parseJson(runs.last().out).array()) {
            if (entry.toObject().value(QStringLiteral("key")) == QLatin1String("oauth2token:pay"))
                unreadable = entry.toObject();
        }
        QCOMPARE(unreadable.value(QStringLiteral("status")).toString(), QStringLiteral("unreadable"));
        QVERIFY2(unreadable.value(QStringLiteral("reason"))
                     .toString()
                     .contains(QStringLiteral("/data/accessTokn")),
                 runs.last().out.constData());

        // A wrong key: the provider's own message, with the status; the key itself nowhere. (The last
        // failure, shared through the lock for a few seconds, is evicted first.)
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("pay"), QStringLiteral("--lock"),
                      QStringLiteral("--force")})
                     .exitCode,
                 0);
        m_tokencache->setEnvironment(QStringLiteral("TC_API_KEY"), QStringLiteral("wrong-key-0123"));
        runs.append(run({QStringLiteral("refresh"), QStringLiteral("pay")}));
        QCOMPARE(runs.last().exitCode, 4);
        QVERIFY2(runs.last().err.contains("the API key is missing or wrong (HTTP 401)"),
                 runs.last().err.constData());
        for (const HeadlessRun& done : std::as_const(runs))
            QVERIFY2(!done.out.contains(apiKey) && !done.err.contains(apiKey) &&
                         !done.err.contains("wrong-key-0123"),
                     done.err.constData());
    }

    void showWarnsAboutTheProfilesMargin()
    {
        addProfile(QStringLiteral("acme"));
        m_redis->cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("80"),
                      QStringLiteral(R"({"access_token":"short","expires_in":90})")});
        const HeadlessRun shown =
            run({QStringLiteral("--json"), QStringLiteral("show"), QStringLiteral("oauth2token:acme")});
        QCOMPARE(shown.exitCode, 0);
        const QJsonObject entry = parseJson(shown.out).object();
        QCOMPARE(entry.value(QStringLiteral("profile")).toString(), QStringLiteral("acme"));
        QVERIFY2(entry.value(QStringLiteral("warnings"))
                     .toArray()
                     .contains(QStringLiteral(
                         "the token lifetime (90 s) is shorter than twice the refresh margin (60 s)")),
                 shown.out.constData());
    }

    void refreshReplacesAndFailureKeepsTheOldToken()
    {
        addProfile(QStringLiteral("acme"));
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).exitCode, 0);
        const HeadlessRun refreshed = run({QStringLiteral("refresh"), QStringLiteral("acme")});
        QCOMPARE(refreshed.exitCode, 0);
        QVERIFY2(refreshed.out.startsWith("refreshed oauth2token:acme: ttl 59m") ||
                     refreshed.out.startsWith("refreshed oauth2token:acme: ttl 1h"),
                 refreshed.out.constData());
        QVERIFY(!refreshed.out.contains("token-2"));
        QVERIFY(redisGet(QStringLiteral("oauth2token:acme")).contains("token-2"));

        m_endpoint->respondWith({502, "bad gateway", "text/plain"});
        const HeadlessRun failed = run({QStringLiteral("refresh"), QStringLiteral("acme")});
        QCOMPARE(failed.exitCode, 4);
        QVERIFY2(failed.err.startsWith("tokencache: Provider acme: bad gateway (HTTP 502)"),
                 failed.err.constData());
        QVERIFY(redisGet(QStringLiteral("oauth2token:acme")).contains("token-2"));
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).out, QByteArray("token-2\n"));
    }

    void evictByProfileOrKey()
    {
        addProfile(QStringLiteral("acme"));
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).exitCode, 0);
        const HeadlessRun evicted = run({QStringLiteral("evict"), QStringLiteral("acme")});
        QCOMPARE(evicted.exitCode, 0);
        QCOMPARE(evicted.out, QByteArray("evicted oauth2token:acme\n"));
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}),
                 QByteArray("0"));
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("acme")}).exitCode, 5);

        m_redis->cli({QStringLiteral("SET"), QStringLiteral("some:key"), QStringLiteral("x")});
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("--key"), QStringLiteral("some:key")}).exitCode,
                 0);
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("some:key")}), QByteArray("0"));
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("nobody")}).exitCode, 5);
    }

    void getFinishesItsRefreshAheadBeforeExiting()
    {
        addProfile(QStringLiteral("acme"));
        m_redis->cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("30"),
                      QStringLiteral(R"({"access_token":"old","expires_in":3600})")});
        TokenEndpoint::Response slow = TokenEndpoint::token(QStringLiteral("new"));
        slow.delayMs = 300;
        m_endpoint->respondWith(slow);
        const HeadlessRun result = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(result.exitCode, 0);
        QCOMPARE(result.out, QByteArray("old\n"));
        QVERIFY(redisGet(QStringLiteral("oauth2token:acme")).contains("\"new\""));
        QCOMPARE(m_endpoint->requestCount(), 1);
    }

    void locksAreListedAndStaleOnesEvicted()
    {
        addProfile(QStringLiteral("acme"));
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"),
                      QStringLiteral(R"({"holder":"dead-host/7"})")});
        const HeadlessRun listed = run({QStringLiteral("list")});
        QVERIFY2(listed.out.contains("{oauth2token:acme}:lock") &&
                     listed.out.contains("stale lock: the lock has no TTL (dead-host/7)"),
                 listed.out.constData());
        const HeadlessRun evicted =
            run({QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--lock")});
        QCOMPARE(evicted.exitCode, 0);
        QCOMPARE(evicted.out, QByteArray("evicted {oauth2token:acme}:lock\n"));
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("{oauth2token:acme}:lock")}),
                 QByteArray("0"));

        const QString live = QStringLiteral(R"({"holder":"busy-host/9","since":%1,"ttl_ms":60000})")
                                 .arg(QDateTime::currentMSecsSinceEpoch());
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"), live,
                      QStringLiteral("PX"), QStringLiteral("60000")});
        const HeadlessRun json = run({QStringLiteral("--json"), QStringLiteral("list")});
        const QJsonObject lock = parseJson(json.out).array().first().toObject();
        QCOMPARE(lock.value(QStringLiteral("status")).toString(), QStringLiteral("lock"));
        QCOMPARE(lock.value(QStringLiteral("profile")).toString(), QStringLiteral("acme"));
        QCOMPARE(lock.value(QStringLiteral("lock")).toObject().value(QStringLiteral("holder")).toString(),
                 QStringLiteral("busy-host/9"));
        const HeadlessRun refused =
            run({QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--lock")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.contains("held by busy-host/9") && refused.err.contains("--force"),
                 refused.err.constData());
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--lock"),
                      QStringLiteral("--force")})
                     .exitCode,
                 0);
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--lock")}).exitCode,
                 5);

        // The lock named as `list` shows it: --key takes the lock's own name too.
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"),
                      QStringLiteral(R"({"holder":"dead-host/8"})")});
        const HeadlessRun byName = run({QStringLiteral("evict"), QStringLiteral("--key"),
                                        QStringLiteral("{oauth2token:acme}:lock"), QStringLiteral("--lock")});
        QCOMPARE(byName.out, QByteArray("evicted {oauth2token:acme}:lock\n"));
    }

    void providerErrorsExitWithFourAndCacheNothing()
    {
        addProfile(QStringLiteral("acme"));
        m_endpoint->respondWith(TokenEndpoint::oauthError(401, QStringLiteral("invalid_client"),
                                                          QStringLiteral("client authentication failed")));
        const HeadlessRun result = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(result.exitCode, 4);
        QCOMPARE(result.err,
                 QByteArray(
                     "tokencache: Provider acme: invalid_client: client authentication failed (HTTP 401)\n"));
        QVERIFY(result.out.isEmpty());
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}),
                 QByteArray("0"));

        // The failure stays in the lock for a few seconds, shared with whoever asks meanwhile.
        const HeadlessRun shared = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(shared.exitCode, 4);
        QVERIFY2(shared.err.contains("client authentication failed (HTTP 401) (the fetch by "),
                 shared.err.constData());
        QCOMPARE(m_endpoint->requestCount(), 1);

        m_redis->cli({QStringLiteral("DEL"), QStringLiteral("{oauth2token:acme}:lock")});
        m_endpoint.reset();
        const HeadlessRun down = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(down.exitCode, 4);
        QVERIFY2(down.err.contains("cannot reach"), down.err.constData());
    }

    void unresolvedSecretIsAConfigurationError()
    {
        addProfile(QStringLiteral("acme"));
        m_tokencache->setEnvironment(QStringLiteral("TC_TEST_SECRET"), QString());
        HeadlessProcess withoutSecret(configPath());
        withoutSecret.setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), m_redis->url());
        const HeadlessRun result = withoutSecret.run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(result.exitCode, 2);
        QVERIFY2(result.err.contains("env:TC_TEST_SECRET") && result.err.contains("not set"),
                 result.err.constData());
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void aRefusedRedisExitsWithThreeFromTheSocketNotATimer()
    {
        addProfile(QStringLiteral("acme"));
        m_redis->stop();
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("list")}, QStringList{QStringLiteral("get"), QStringLiteral("acme")},
              QStringList{QStringLiteral("evict"), QStringLiteral("acme")}}) {
            const HeadlessRun result = run(arguments);
            QCOMPARE(result.exitCode, 3);
            // The refusal itself ends the run: no connect or reply timer had to run out.
            QVERIFY2(result.err.contains("connection refused"), result.err.constData());
            QVERIFY2(!result.err.contains("within"), result.err.constData());
        }
        QCOMPARE(m_endpoint->requestCount(), 0);

        // --redis wins over the environment.
        const HeadlessRun flag =
            run({QStringLiteral("--redis"), QStringLiteral("redis://127.0.0.1:1/0"), QStringLiteral("list")});
        QCOMPARE(flag.exitCode, 3);
        QVERIFY2(flag.err.contains("127.0.0.1:1:"), flag.err.constData());
    }

    void concurrentProfileWritersLoseNothing()
    {
        // Eight processes add a profile each at the same time: the config lock and the re-read
        // under it keep every one.
        std::vector<std::unique_ptr<QProcess>> writers;
        for (int i = 0; i < 8; ++i)
            writers.push_back(m_tokencache->start(
                {QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("p%1").arg(i),
                 QStringLiteral("--token-url"), m_endpoint->url(), QStringLiteral("--client-id"),
                 QStringLiteral("client"), QStringLiteral("--client-secret"),
                 QStringLiteral("env:TC_TEST_SECRET")}));
        for (auto& writer : writers) {
            const HeadlessRun done = HeadlessProcess::finish(*writer);
            QVERIFY2(done.exitCode == 0, done.err.constData());
        }
        const HeadlessRun listed =
            run({QStringLiteral("--json"), QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY2(listed.exitCode == 0, listed.err.constData());
        const QJsonArray profiles = QJsonDocument::fromJson(listed.out).array();
        QStringList names;
        for (const QJsonValue& profile : profiles)
            names.append(profile.toObject().value(QStringLiteral("name")).toString());
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("p0"), QStringLiteral("p1"), QStringLiteral("p2"),
                                     QStringLiteral("p3"), QStringLiteral("p4"), QStringLiteral("p5"),
                                     QStringLiteral("p6"), QStringLiteral("p7")}));
    }

    void unknownProfileIsNotFound()
    {
        const HeadlessRun result = run({QStringLiteral("get"), QStringLiteral("ghost")});
        QCOMPARE(result.exitCode, 5);
        QVERIFY2(result.err.contains("no profile named \"ghost\""), result.err.constData());
    }

    void leastPrivilegeAclRunsTheWholeSurface()
    {
        // Exactly the rule the README documents, read from the README.
        const QStringList rule = ReadmeAcl::serverRule(QStringLiteral("acl-pass"));
        QVERIFY(!rule.isEmpty());
        QCOMPARE(m_redis->cli(rule), QByteArray("OK"));
        m_tokencache->setEnvironment(
            QStringLiteral("TOKENCACHE_REDIS_URL"),
            QStringLiteral("redis://tokencache:acl-pass@127.0.0.1:%1/0").arg(m_redis->port()));
        addProfile(QStringLiteral("acme"));
        const QList<QStringList> surface{
            {QStringLiteral("get"), QStringLiteral("acme")},
            {QStringLiteral("get"), QStringLiteral("acme")},
            {QStringLiteral("list")},
            {QStringLiteral("--json"), QStringLiteral("list")},
            {QStringLiteral("show"), QStringLiteral("oauth2token:acme")},
            {QStringLiteral("refresh"), QStringLiteral("acme")},
            {QStringLiteral("evict"), QStringLiteral("acme")},
            {QStringLiteral("audit")},
        };
        for (const QStringList& arguments : surface) {
            const HeadlessRun result = run(arguments);
            QVERIFY2(result.exitCode == 0, qPrintable(arguments.join(QLatin1Char(' ')) +
                                                      QStringLiteral(": ") + QString::fromUtf8(result.err)));
        }
        m_redis->cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"),
                      QStringLiteral(R"({"holder":"x/1"})")});
        m_redis->cli({QStringLiteral("HSET"), QStringLiteral("oauth2token:hash"), QStringLiteral("a"),
                      QStringLiteral("b")});
        QVERIFY(run({QStringLiteral("list")}).out.contains("holds a Redis hash"));
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("acme"), QStringLiteral("--lock")}).exitCode,
                 0);

        // Outside the key pattern: refused, and the message names the command and the key.
        const HeadlessRun refused =
            run({QStringLiteral("evict"), QStringLiteral("--key"), QStringLiteral("sessions:1")});
        QCOMPARE(refused.exitCode, 3);
        QVERIFY2(refused.err.contains("NOPERM") && refused.err.contains("DEL sessions:1"),
                 refused.err.constData());
        const HeadlessRun wrongPassword =
            run({QStringLiteral("--redis"),
                 QStringLiteral("redis://tokencache:nope@127.0.0.1:%1/0").arg(m_redis->port()),
                 QStringLiteral("list")});
        QCOMPARE(wrongPassword.exitCode, 3);
        QVERIFY2(wrongPassword.err.contains("authentication failed: WRONGPASS"),
                 wrongPassword.err.constData());
        QVERIFY(!wrongPassword.err.contains("nope"));
    }

    void tlsFlagsReachTheConnection()
    {
        TlsMaterial tls;
        QVERIFY2(tls.generate(), qPrintable(tls.error()));
        RedisServer secure;
        secure.useTls(tls.serverCert(), tls.serverKey(), tls.caFile(), true);
        QVERIFY2(secure.start(), qPrintable(secure.error()));
        addProfile(QStringLiteral("acme"));
        const QString url = QStringLiteral("rediss://127.0.0.1:%1/0").arg(secure.port());
        const QStringList client{QStringLiteral("--redis"),    url,
                                 QStringLiteral("--tls-ca"),   tls.caFile(),
                                 QStringLiteral("--tls-cert"), tls.clientCert(),
                                 QStringLiteral("--tls-key"),  tls.clientKey()};
        const HeadlessRun got = run(client + QStringList{QStringLiteral("get"), QStringLiteral("acme")});
        QVERIFY2(got.exitCode == 0, got.err.constData());
        QCOMPARE(got.out, QByteArray("token-1\n"));
        QVERIFY(secure.cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("token-1"));

        const HeadlessRun wrongName =
            run(client + QStringList{QStringLiteral("--tls-server-name"), QStringLiteral("other.example"),
                                     QStringLiteral("list")});
        QCOMPARE(wrongName.exitCode, 3);
        QVERIFY2(wrongName.err.contains("TLS certificate verification failed for \"other.example\""),
                 wrongName.err.constData());
        const HeadlessRun untrusted = run({QStringLiteral("--redis"), url, QStringLiteral("list")});
        QCOMPARE(untrusted.exitCode, 3);
        QVERIFY2(untrusted.err.contains("TLS certificate verification failed"), untrusted.err.constData());
    }

    void keyNamesAreBytes()
    {
        // A key that is not UTF-8, with a control character: listed escaped, acted on exactly.
        m_redis->cli({}, "SET \"oauth2token:\\xff\\x01bad\" "
                         "\"{\\\"access_token\\\":\\\"t\\\",\\\"expires_in\\\":3600}\" EX 600\n");
        QCOMPARE(m_redis->cli({QStringLiteral("DBSIZE")}), QByteArray("1"));
        const QString escaped = QStringLiteral("oauth2token:\\xff\\x01bad");

        const HeadlessRun table = run({QStringLiteral("list")});
        QCOMPARE(table.exitCode, 0);
        QVERIFY2(table.out.contains(escaped.toUtf8()), table.out.constData());
        QVERIFY(!table.out.contains('\x01'));

        const HeadlessRun json = run({QStringLiteral("--json"), QStringLiteral("list")});
        const QJsonObject entry = parseJson(json.out).array().first().toObject();
        QCOMPARE(entry.value(QStringLiteral("key")).toString(), escaped);
        QCOMPARE(QByteArray::fromBase64(entry.value(QStringLiteral("key_base64")).toString().toLatin1()),
                 QByteArray("oauth2token:\xff\x01"
                            "bad"));

        const HeadlessRun shown = run({QStringLiteral("show"), escaped});
        QVERIFY2(shown.exitCode == 0, shown.err.constData());
        const HeadlessRun evicted = run({QStringLiteral("evict"), QStringLiteral("--key"), escaped});
        QVERIFY2(evicted.exitCode == 0, evicted.err.constData());
        QCOMPARE(m_redis->cli({QStringLiteral("DBSIZE")}), QByteArray("0"));
    }

    void controlCharactersNeverReachTheTerminal()
    {
        m_redis->cli({}, "SET oauth2token:evil "
                         "\"{\\\"access_token\\\":\\\"t\\\",\\\"token_type\\\":\\\"Bearer\\x1b[2J\\\","
                         "\\\"expires_in\\\":\\\"\\x1b]0;pwned\\x07\\\"}\" EX 600\n"
                         "SET \"oauth2token:key\\x1b[31m\" \"x\"\n");
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("list")},
              QStringList{QStringLiteral("show"), QStringLiteral("oauth2token:evil")}}) {
            const HeadlessRun result = run(arguments);
            QVERIFY2(result.exitCode == 0, result.err.constData());
            QVERIFY2(!result.out.contains('\x1b') && !result.out.contains('\x07'), result.out.constData());
            QVERIFY(result.out.contains("\\x1b"));
        }
    }

    void listReadsAtMostWhatATokenNeeds()
    {
        // Sixty values of 5 MiB under the pattern: listed as too large, never read whole.
        QByteArray script = "EVAL \"local v = string.rep('x', 5242880) for i = 1, 60 do "
                            "redis.call('SET', 'oauth2token:big' .. i, v) end return 1\" 0\n";
        QCOMPARE(m_redis->cli({}, script), QByteArray("1"));
        const HeadlessRun listed = run({QStringLiteral("--json"), QStringLiteral("list")});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray entries = parseJson(listed.out).array();
        QCOMPARE(entries.size(), 60);
        QCOMPARE(entries.first().toObject().value(QStringLiteral("size_bytes")).toInteger(), 5242880);
        QVERIFY(entries.first()
                    .toObject()
                    .value(QStringLiteral("reason"))
                    .toString()
                    .contains(QStringLiteral("too large for a token response")));
        // No child this test process waited for came near the 300 MiB the values hold: read whole,
        // they would be in that run's memory. (The bound is the largest child's, any test's; it leaves
        // room for the sanitizers' own memory, which took one to 166 MiB.)
        rusage usage{};
        getrusage(RUSAGE_CHILDREN, &usage);
        QVERIFY2(usage.ru_maxrss < 250 * 1024, QByteArray::number(qint64(usage.ru_maxrss)));
    }

    void aClosedPipeStopsTheScan()
    {
        QCOMPARE(m_redis->cli(
                     {}, "EVAL \"for i = 1, 30000 do redis.call('SET', 'oauth2token:k' .. i, "
                         "'{\\\"access_token\\\":\\\"t\\\",\\\"expires_in\\\":3600}') end return 1\" 0\n"),
                 QByteArray("1"));
        m_redis->cli({QStringLiteral("CONFIG"), QStringLiteral("RESETSTAT")});
        QProcess head;
        auto tokencache = m_tokencache->prepare();
        tokencache->setStandardOutputProcess(&head);
        HeadlessProcess::begin(*tokencache, {QStringLiteral("--json"), QStringLiteral("list")});
        head.start(QStringLiteral("head"), {QStringLiteral("-c"), QStringLiteral("1")});
        const HeadlessRun result = HeadlessProcess::finish(*tokencache);
        QVERIFY(head.state() == QProcess::NotRunning || head.waitForFinished(10000));
        QVERIFY(!result.crashed);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.isEmpty(), result.err.constData()); // quietly
        // About thirty pages of a thousand keys: a reader that is gone stops it after a few.
        const int scans = m_redis->commandCalls("scan");
        QVERIFY2(scans > 0 && scans < 15, QByteArray::number(scans));
    }

    void aPipeWithoutReaderEndsEveryCommandQuietlyWithOne()
    {
        // A pipe whose reader has gone: every command's write fails alike (no SIGPIPE death, 141).
        addProfile(QStringLiteral("acme"));
        int fds[2];
        QVERIFY(::pipe(fds) == 0);
        ::close(fds[0]);
        const int writeEnd = fds[1];
        for (const QStringList& arguments :
             {QStringList{QStringLiteral("--help")},
              QStringList{QStringLiteral("list"), QStringLiteral("--help")},
              QStringList{QStringLiteral("profiles"), QStringLiteral("list")}}) {
            auto tokencache = m_tokencache->prepare();
            tokencache->setChildProcessModifier([writeEnd] { ::dup2(writeEnd, STDOUT_FILENO); });
            HeadlessProcess::begin(*tokencache, arguments);
            const HeadlessRun result = HeadlessProcess::finish(*tokencache);
            QVERIFY2(!result.crashed, qPrintable(arguments.join(QLatin1Char(' '))));
            QCOMPARE(result.exitCode, 1);
            QVERIFY2(result.err.isEmpty(), result.err.constData());
        }
        ::close(writeEnd);
    }

    void anUnwritableOutputExitsWithOne()
    {
        addProfile(QStringLiteral("acme"));
        auto tokencache = m_tokencache->prepare();
        tokencache->setStandardOutputFile(QStringLiteral("/dev/full"));
        HeadlessProcess::begin(*tokencache, {QStringLiteral("get"), QStringLiteral("acme")});
        const HeadlessRun result = HeadlessProcess::finish(*tokencache);
        QCOMPARE(result.exitCode, 1);
        QVERIFY2(result.err.startsWith("tokencache: cannot write the output: "), result.err.constData());
        QCOMPARE(result.err.count('\n'), 1);
    }

    void aProviderTimeoutIsOneLineWithoutQtNoise()
    {
        TokenEndpoint::Response trickle;
        trickle.trickleEveryMs = 100;
        m_endpoint->respondWith(trickle);
        addProfile(QStringLiteral("acme"), {QStringLiteral("--timeout"), QStringLiteral("1"),
                                            QStringLiteral("--attempts"), QStringLiteral("1")});
        const HeadlessRun result = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(result.exitCode, 4);
        QCOMPARE(result.err, QByteArray("tokencache: Provider acme: no complete response from " +
                                        m_endpoint->url().toUtf8() + " within 1 s\n"));
    }

    void tlsOptionsOnAPlainUrlAreRefused()
    {
        const HeadlessRun plain =
            run({QStringLiteral("--tls-ca"), QStringLiteral("/etc/ssl/certs/ca-certificates.crt"),
                 QStringLiteral("list")});
        QCOMPARE(plain.exitCode, 2);
        QVERIFY2(plain.err.contains("--tls-* options need a rediss://"), plain.err.constData());
    }

    void extraFieldsNeverCarryCredentialsOrReplaceTheProfile()
    {
        for (const QString& parameter :
             {QStringLiteral("client_secret=LITERAL"), QStringLiteral("grant_type=password")}) {
            const HeadlessRun added =
                run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("pp"),
                     QStringLiteral("--token-url"), m_endpoint->url(), QStringLiteral("--client-id"),
                     QStringLiteral("c"), QStringLiteral("--client-secret"), QStringLiteral("env:X"),
                     QStringLiteral("--param"), parameter});
            QCOMPARE(added.exitCode, 2);
            QVERIFY2(added.err.contains("is set by the profile itself"), added.err.constData());
        }
        QVERIFY(!QFile::exists(configPath()));
    }

    void numericOptionsAreRangeChecked()
    {
        const HeadlessRun wrapped =
            run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("acme"),
                 QStringLiteral("--token-url"), m_endpoint->url(), QStringLiteral("--client-id"),
                 QStringLiteral("c"), QStringLiteral("--client-secret"), QStringLiteral("env:X"),
                 QStringLiteral("--timeout"), QStringLiteral("4294968")});
        QCOMPARE(wrapped.exitCode, 2);
        QCOMPARE(wrapped.err, QByteArray("tokencache: --timeout: expected a whole number from 1 to 600\n"));
        QVERIFY(!QFile::exists(configPath()));
    }

    void literalSecretsInReferenceFormNeedConsentToo()
    {
        const HeadlessRun refused = run(
            {QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("acme"),
             QStringLiteral("--token-url"), m_endpoint->url(), QStringLiteral("--client-id"),
             QStringLiteral("c"), QStringLiteral("--client-secret"), QStringLiteral("literal:plain-secret")});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY(refused.err.contains("--store-secret-in-config"));
        QVERIFY(!QFile::exists(configPath()));
    }

    void secretFilesAreCheckedAndBounded()
    {
        const QString path = m_directory->filePath(QStringLiteral("secret.txt"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("very-secret\n");
        file.close();
        QVERIFY(
            file.setPermissions(QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther));
        addProfile(QStringLiteral("acme"));
        addProfile(QStringLiteral("leaky"));
        addProfile(QStringLiteral("zero"));
        setProfileField(QStringLiteral("leaky"), QStringLiteral("clientSecret"),
                        QStringLiteral("file:") + path);
        setProfileField(QStringLiteral("zero"), QStringLiteral("clientSecret"),
                        QStringLiteral("file:/dev/zero"));

        const HeadlessRun leaky = run({QStringLiteral("get"), QStringLiteral("leaky")});
        QVERIFY2(leaky.exitCode == 0, leaky.err.constData());
        QCOMPARE(leaky.err, "tokencache: warning: secret file " + path.toUtf8() +
                                " is readable by group or others; chmod 600 it\n");
        const HeadlessRun zero = run({QStringLiteral("get"), QStringLiteral("zero")});
        QCOMPARE(zero.exitCode, 2);
        QCOMPARE(zero.err, QByteArray("tokencache: profile \"zero\": client secret: secret reference "
                                      "file:/dev/zero: more than 65536 "
                                      "bytes; not a secret\n"));
    }

    void urlsArePrintedWithoutCredentials()
    {
        // A sentinel URL whose password holds '/', and a token URL with userinfo, both unreachable.
        const HeadlessRun sentinel = run({QStringLiteral("--redis"),
                                          QStringLiteral("redis-sentinel://admin:pa/ss@127.0.0.1:1/mymaster"),
                                          QStringLiteral("list")});
        QCOMPARE(sentinel.exitCode, 3);
        QVERIFY2(!sentinel.err.contains("pa/ss") && !sentinel.err.contains("admin"),
                 sentinel.err.constData());

        // A URL too malformed to parse still loses what stands before its '@'.
        const HeadlessRun malformed =
            run({QStringLiteral("--redis"), QStringLiteral("redis:/user:malformedpw@127.0.0.1:1/0"),
                 QStringLiteral("list")});
        QCOMPARE(malformed.exitCode, 2);
        QVERIFY2(!malformed.err.contains("malformedpw"), malformed.err.constData());

        addProfile(QStringLiteral("acme"));
        setProfileField(QStringLiteral("acme"), QStringLiteral("tokenUrl"),
                        QStringLiteral("http://user:tokenurlpw@127.0.0.1:1/token"));
        const HeadlessRun got = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(got.exitCode, 4);
        QVERIFY2(!got.err.contains("tokenurlpw") && got.err.contains("cannot reach http://127.0.0.1:1/token"),
                 got.err.constData());
        const HeadlessRun listed = run({QStringLiteral("profiles"), QStringLiteral("list")});
        QVERIFY(!listed.out.contains("tokenurlpw"));
    }

    void plainHttpToARemoteHostIsRefusedUnlessAllowed()
    {
        const QStringList add{QStringLiteral("profiles"),
                              QStringLiteral("add"),
                              QStringLiteral("remote"),
                              QStringLiteral("--token-url"),
                              QStringLiteral("http://login.example/token"),
                              QStringLiteral("--client-id"),
                              QStringLiteral("c"),
                              QStringLiteral("--client-secret"),
                              QStringLiteral("env:TC_TEST_SECRET")};
        const HeadlessRun added = run(add);
        QCOMPARE(added.exitCode, 0);
        QVERIFY2(added.err.startsWith(
                     "tokencache: warning: profile \"remote\": the token URL http://login.example/token "
                     "is plain http"),
                 added.err.constData());
        const HeadlessRun got = run({QStringLiteral("get"), QStringLiteral("remote")});
        QCOMPARE(got.exitCode, 2);
        QVERIFY2(got.err.contains("profile \"remote\"") && got.err.contains("--allow-insecure-http"),
                 got.err.constData());

        const HeadlessRun allowed =
            run(QStringList(add).replaceInStrings(QStringLiteral("remote"), QStringLiteral("lab")) +
                QStringList{QStringLiteral("--allow-insecure-http")});
        QCOMPARE(allowed.exitCode, 0);
        QVERIFY(allowed.err.isEmpty());
    }

    void readsAndWritesThePlainCacheAsidePattern()
    {
        // Written exactly as a Node/Python service does: SETEX key expires_in JSON.stringify(response).
        const QByteArray serviceValue =
            R"({"access_token":"from-service","token_type":"Bearer","expires_in":3600,"scope":"read"})";
        m_redis->cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token"), QStringLiteral("3600"),
                      QString::fromUtf8(serviceValue)});
        addProfile(QStringLiteral("seed"), {QStringLiteral("--key"), QStringLiteral("oauth2token")});

        const HeadlessRun listed = run({QStringLiteral("--json"), QStringLiteral("list")});
        const QJsonObject entry = parseJson(listed.out).array().first().toObject();
        QCOMPARE(entry.value(QStringLiteral("key")).toString(), QStringLiteral("oauth2token"));
        QCOMPARE(entry.value(QStringLiteral("profile")).toString(), QStringLiteral("seed"));
        QCOMPARE(entry.value(QStringLiteral("scope")).toString(), QStringLiteral("read"));
        QCOMPARE(entry.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        QVERIFY(
            run({QStringLiteral("show"), QStringLiteral("oauth2token")}).out.contains("scope:       read"));
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("seed")}).out, QByteArray("from-service\n"));
        QCOMPARE(m_endpoint->requestCount(), 0);

        // What refresh writes is what such a service reads: the provider's JSON as a plain string, TTL =
        // expires_in.
        m_endpoint->respondWith(TokenEndpoint::token(QStringLiteral("from-tokencache"), 1800));
        QCOMPARE(run({QStringLiteral("refresh"), QStringLiteral("seed")}).exitCode, 0);
        QCOMPARE(m_redis->cli({QStringLiteral("TYPE"), QStringLiteral("oauth2token")}), QByteArray("string"));
        const QByteArray stored = redisGet(QStringLiteral("oauth2token"));
        QCOMPARE(stored, TokenEndpoint::token(QStringLiteral("from-tokencache"), 1800).body);
        QCOMPARE(parseJson(stored).object().value(QStringLiteral("access_token")).toString(),
                 QStringLiteral("from-tokencache"));
        const int ttl = m_redis->cli({QStringLiteral("TTL"), QStringLiteral("oauth2token")}).toInt();
        QVERIFY2(ttl > 1730 && ttl <= 1740, QByteArray::number(ttl)); // expires_in minus the 60 s margin
    }
};

QTEST_GUILESS_MAIN(tst_Headless)
#include "tst_Headless.moc"
