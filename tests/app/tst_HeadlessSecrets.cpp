#include "tests/support/HeadlessProcess.h"
#include "tests/support/RedisServer.h"
#include "tests/support/SecretService.h"
#include "tests/support/TokenEndpoint.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tokencache;

/**
 * `secrets set/list/remove` and keychain: references through the real binary, against a private
 * session bus with an unlocked gnome-keyring-daemon, a real Redis and the tests' token endpoint.
 */
class tst_HeadlessSecrets : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<SecretService> m_secretService;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<TokenEndpoint> m_endpoint;
    std::unique_ptr<HeadlessProcess> m_tokencache;

    QString configPath() const { return m_directory->filePath(QStringLiteral("config.json")); }

    /** A run with this session's keychain, @p input on stdin (closed after it). */
    HeadlessRun run(const QStringList& arguments, const QByteArray& input = {},
                    const std::optional<QProcessEnvironment>& environment = std::nullopt)
    {
        const auto process = m_tokencache->prepare();
        process->setProcessEnvironment(
            environment.value_or(m_secretService->environment(process->processEnvironment())));
        HeadlessProcess::begin(*process, arguments);
        process->write(input);
        process->closeWriteChannel();
        return HeadlessProcess::finish(*process);
    }

    // No session bus at all: no address, and a runtime directory without a `bus` socket.
    QProcessEnvironment withoutBus()
    {
        QProcessEnvironment environment = m_tokencache->prepare()->processEnvironment();
        environment.remove(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"));
        environment.insert(QStringLiteral("XDG_RUNTIME_DIR"), m_directory->path());
        return environment;
    }

    void addProfile(const QString& name, const QString& secretReference)
    {
        const HeadlessRun added =
            run({QStringLiteral("profiles"), QStringLiteral("add"), name, QStringLiteral("--token-url"),
                 m_endpoint->url(), QStringLiteral("--client-id"), QStringLiteral("client"),
                 QStringLiteral("--client-secret"), secretReference});
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }

private slots:
    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        m_secretService = std::make_unique<SecretService>();
        QVERIFY2(m_secretService->start(), qPrintable(m_secretService->error()));
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
        m_endpoint = std::make_unique<TokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_tokencache = std::make_unique<HeadlessProcess>(configPath());
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), m_redis->url());
    }

    void cleanup()
    {
        m_tokencache.reset();
        m_endpoint.reset();
        m_redis.reset();
        m_secretService.reset();
        m_directory.reset();
    }

    void setListFetchRemove()
    {
        const HeadlessRun set =
            run({QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("acme-secret")},
                "s3cr3t value\n");
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QCOMPARE(set.out, QByteArray("keychain:acme-secret\n"));

        const HeadlessRun list = run({QStringLiteral("secrets"), QStringLiteral("list")});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QCOMPARE(list.out, QByteArray("acme-secret\n"));
        const HeadlessRun json =
            run({QStringLiteral("secrets"), QStringLiteral("list"), QStringLiteral("--json")});
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(json.out).array(), QJsonArray{QStringLiteral("acme-secret")});

        addProfile(QStringLiteral("acme"), QStringLiteral("keychain:acme-secret"));
        const HeadlessRun get = run({QStringLiteral("get"), QStringLiteral("acme")});
        QVERIFY2(get.exitCode == 0, get.err.constData());
        QCOMPARE(get.out, QByteArray("token-1\n"));
        QCOMPARE(m_endpoint->requestCount(), 1);
        // The trailing newline of stdin is not part of the secret.
        QCOMPARE(m_endpoint->requests().first().basicCredentials().second, QStringLiteral("s3cr3t value"));

        // The config holds the reference only; the secret is in no file of tokencache's.
        QFile config(configPath());
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QByteArray configText = config.readAll();
        QVERIFY(configText.contains("\"keychain:acme-secret\""));
        QVERIFY(!configText.contains("s3cr3t"));

        // A hit needs no keychain: the same get with no session bus at all still answers.
        const HeadlessRun hit = run({QStringLiteral("get"), QStringLiteral("acme")}, {}, withoutBus());
        QVERIFY2(hit.exitCode == 0, hit.err.constData());
        QCOMPARE(hit.out, QByteArray("token-1\n"));
        QCOMPARE(m_endpoint->requestCount(), 1);

        const HeadlessRun removed =
            run({QStringLiteral("secrets"), QStringLiteral("remove"), QStringLiteral("acme-secret")});
        QVERIFY2(removed.exitCode == 0, removed.err.constData());
        const HeadlessRun again =
            run({QStringLiteral("secrets"), QStringLiteral("remove"), QStringLiteral("acme-secret")});
        QCOMPARE(again.exitCode, 5);
        QVERIFY2(again.err.contains("acme-secret"), again.err.constData());
        QCOMPARE(run({QStringLiteral("secrets"), QStringLiteral("list")}).out, QByteArray());
    }

    void anEmptySecretIsRefused_data()
    {
        QTest::addColumn<QByteArray>("input");
        QTest::newRow("nothing") << QByteArray();
        QTest::newRow("a newline") << QByteArray("\n");
    }
    void anEmptySecretIsRefused()
    {
        QFETCH(QByteArray, input);
        const HeadlessRun set =
            run({QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("empty")}, input);
        QCOMPARE(set.exitCode, 2);
        QVERIFY2(set.err.contains("stdin"), set.err.constData());
        QCOMPARE(run({QStringLiteral("secrets"), QStringLiteral("list")}).out, QByteArray());
    }

    void aMissingEntryExitsWithTwo()
    {
        addProfile(QStringLiteral("acme"), QStringLiteral("keychain:absent"));
        const HeadlessRun get = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(get.exitCode, 2);
        QVERIFY2(get.err.contains("keychain:absent") && get.err.contains("no entry"), get.err.constData());
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void noKeychainRunningExitsWithTwo()
    {
        addProfile(QStringLiteral("acme"), QStringLiteral("keychain:acme-secret"));
        const HeadlessRun noBus = run({QStringLiteral("get"), QStringLiteral("acme")}, {}, withoutBus());
        QCOMPARE(noBus.exitCode, 2);
        QVERIFY2(noBus.err.contains("keychain:acme-secret") && noBus.err.contains("no keychain running") &&
                     noBus.err.contains("DBUS_SESSION_BUS_ADDRESS"),
                 noBus.err.constData());

        // A bus, but no Secret Service on it.
        SecretService busOnly;
        QVERIFY2(busOnly.startBusOnly(), qPrintable(busOnly.error()));
        const HeadlessRun noService = run({QStringLiteral("get"), QStringLiteral("acme")}, {},
                                          busOnly.environment(m_tokencache->prepare()->processEnvironment()));
        QCOMPARE(noService.exitCode, 2);
        QVERIFY2(noService.err.contains("keychain:acme-secret") &&
                     noService.err.contains("no Secret Service"),
                 noService.err.constData());
        const HeadlessRun list = run({QStringLiteral("secrets"), QStringLiteral("list")}, {},
                                     busOnly.environment(m_tokencache->prepare()->processEnvironment()));
        QCOMPARE(list.exitCode, 2);
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void aLockedKeyringIsAccessDenied()
    {
        QCOMPARE(run({QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("acme-secret")}, "s")
                     .exitCode,
                 0);
        addProfile(QStringLiteral("acme"), QStringLiteral("keychain:acme-secret"));
        QVERIFY(m_secretService->lockKeyring());
        const HeadlessRun get = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(get.exitCode, 2);
        QVERIFY2(get.err.contains("keychain:acme-secret") && get.err.contains("denied") &&
                     get.err.contains("locked"),
                 get.err.constData());
        QCOMPARE(m_endpoint->requestCount(), 0);
        // Names stay listable: the Secret Service shows attributes of locked entries.
        QCOMPARE(run({QStringLiteral("secrets"), QStringLiteral("list")}).out, QByteArray("acme-secret\n"));
    }

    void theSecretNeverComesFromTheCommandLine()
    {
        const HeadlessRun set = run({QStringLiteral("secrets"), QStringLiteral("set"), QStringLiteral("name"),
                                     QStringLiteral("the-secret")},
                                    "x");
        QCOMPARE(set.exitCode, 2);
        QVERIFY2(set.err.contains("stdin") && !set.err.contains("the-secret"), set.err.constData());
        QCOMPARE(run({QStringLiteral("secrets"), QStringLiteral("list")}).out, QByteArray());
    }
};

QTEST_GUILESS_MAIN(tst_HeadlessSecrets)
#include "tst_HeadlessSecrets.moc"
