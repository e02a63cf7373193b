#include "tests/interop/NodePeer.h"
#include "tests/support/HeadlessProcess.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TokenEndpoint.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <vector>

using namespace tokencache;

class tst_Interop : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<NodePeer> m_provider;
    std::unique_ptr<HeadlessProcess> m_tokencache;

    QString tokenUrl() const { return QStringLiteral("http://127.0.0.1:%1/token").arg(m_provider->port()); }

    HeadlessRun run(const QStringList& arguments) { return m_tokencache->run(arguments); }

    void addProfile(const QString& name, const QString& clientId, const QString& secretRef,
                    const QStringList& extra = {})
    {
        const HeadlessRun added =
            run(QStringList{QStringLiteral("profiles"), QStringLiteral("add"), name,
                            QStringLiteral("--token-url"), tokenUrl(), QStringLiteral("--client-id"),
                            clientId, QStringLiteral("--client-secret"), secretRef} +
                extra);
        QVERIFY2(added.exitCode == 0, added.err.constData());
    }

    QByteArray plainService(const QString& key)
    {
        int exitCode = -1;
        const QByteArray token = NodePeer::run(
            QStringLiteral("plain-service.mjs"),
            {m_redis->url(), key, tokenUrl(), QStringLiteral("basic-client"), QStringLiteral("basic-secret")},
            &exitCode);
        return exitCode == 0 ? token : QByteArray();
    }

    /** Starts @p count `get` processes at once and returns what each printed. */
    QList<HeadlessRun> stampede(int count, const QString& profile)
    {
        std::vector<std::unique_ptr<QProcess>> processes;
        for (int i = 0; i < count; ++i)
            processes.push_back(m_tokencache->start({QStringLiteral("get"), profile}));
        QList<HeadlessRun> runs;
        for (auto& process : processes)
            runs.append(HeadlessProcess::finish(*process, 60000));
        return runs;
    }

private slots:
    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
        m_provider = std::make_unique<NodePeer>();
        QVERIFY2(m_provider->startServer(QStringLiteral("oidc-server.mjs"),
                                         {QStringLiteral("0"), QStringLiteral("600")}),
                 qPrintable(m_provider->error()));
        m_tokencache =
            std::make_unique<HeadlessProcess>(m_directory->filePath(QStringLiteral("config.json")));
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), m_redis->url());
        m_tokencache->setEnvironment(QStringLiteral("BASIC_SECRET"), QStringLiteral("basic-secret"));
    }

    void cleanup()
    {
        m_tokencache.reset();
        m_provider.reset();
        m_redis.reset();
        m_directory.reset();
    }

    void clientSecretBasicAndPostWithOidcProvider()
    {
        addProfile(QStringLiteral("basic"), QStringLiteral("basic-client"),
                   QStringLiteral("env:BASIC_SECRET"));
        addProfile(QStringLiteral("post"), QStringLiteral("post-client"),
                   QStringLiteral("literal:post-secret"),
                   {QStringLiteral("--auth"), QStringLiteral("post"), QStringLiteral("--scope"),
                    QStringLiteral("read"), QStringLiteral("--store-secret-in-config")});
        for (const QString& profile : {QStringLiteral("basic"), QStringLiteral("post")}) {
            const HeadlessRun got = run({QStringLiteral("get"), profile});
            QVERIFY2(got.exitCode == 0, got.err.constData());
            QVERIFY(got.out.startsWith("eyJ"));
            const HeadlessRun shown = run(
                {QStringLiteral("--json"), QStringLiteral("show"), QStringLiteral("oauth2token:") + profile});
            const QJsonObject entry = QJsonDocument::fromJson(shown.out).object();
            const QJsonObject claims = entry.value(QStringLiteral("jwt_claims")).toObject();
            QCOMPARE(claims.value(QStringLiteral("client_id")).toString(),
                     profile + QStringLiteral("-client"));
            QCOMPARE(claims.value(QStringLiteral("aud")).toString(), QStringLiteral("urn:tokencache:api"));
            QCOMPARE(
                entry.value(QStringLiteral("jwt_header")).toObject().value(QStringLiteral("typ")).toString(),
                QStringLiteral("at+jwt"));
            QCOMPARE(entry.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
            QVERIFY(entry.value(QStringLiteral("warnings")).toArray().isEmpty());
            const int ttl =
                m_redis->cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:") + profile}).toInt();
            QVERIFY2(ttl > 530 && ttl <= 540, QByteArray::number(ttl)); // 600 s minus the 60 s margin
        }
        const HeadlessRun scoped =
            run({QStringLiteral("--json"), QStringLiteral("show"), QStringLiteral("oauth2token:post")});
        QCOMPARE(QJsonDocument::fromJson(scoped.out).object().value(QStringLiteral("scope")).toString(),
                 QStringLiteral("read"));
        QCOMPARE(m_provider->tokenRequests(), 2);
    }

    void aTokenIsVerifiedWithTheIssuersPublishedKeys()
    {
        const QString issuer = QStringLiteral("http://127.0.0.1:%1").arg(m_provider->port());
        addProfile(QStringLiteral("acme"), QStringLiteral("basic-client"), QStringLiteral("env:BASIC_SECRET"),
                   {QStringLiteral("--issuer"), issuer});
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("acme")}).exitCode, 0);
        const HeadlessRun valid = run({QStringLiteral("verify"), QStringLiteral("oauth2token:acme")});
        QVERIFY2(valid.exitCode == 0, qPrintable(QString::fromUtf8(valid.out + valid.err)));
        QVERIFY2(valid.out.contains("signature ok") && valid.out.contains("oauth2token:acme: valid"),
                 valid.out.constData());

        // One changed byte of the signature: not the issuer's signature any more.
        const QJsonObject stored =
            QJsonDocument::fromJson(m_redis->cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}))
                .object();
        QString token = stored.value(QStringLiteral("access_token")).toString();
        const qsizetype at = token.lastIndexOf(QLatin1Char('.')) + 10;
        token[at] = token[at] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
        QJsonObject tampered = stored;
        tampered.insert(QStringLiteral("access_token"), token);
        m_redis->cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("300"),
                      QString::fromUtf8(QJsonDocument(tampered).toJson(QJsonDocument::Compact))});
        const HeadlessRun changed =
            run({QStringLiteral("--json"), QStringLiteral("verify"), QStringLiteral("oauth2token:acme")});
        QCOMPARE(changed.exitCode, 7);
        const QJsonObject report = QJsonDocument::fromJson(changed.out).object();
        QCOMPARE(report.value(QStringLiteral("verdict")).toString(), QStringLiteral("invalid"));
        QCOMPARE(report.value(QStringLiteral("checks"))
                     .toArray()
                     .first()
                     .toObject()
                     .value(QStringLiteral("result")),
                 QJsonValue(QStringLiteral("FAILED")));

        // Unsigned: never valid, whatever its claims say.
        const QByteArray payload = token.section(QLatin1Char('.'), 1, 1).toLatin1();
        const QString none =
            QStringLiteral("eyJhbGciOiJub25lIn0.") + QString::fromLatin1(payload) + QLatin1Char('.');
        tampered.insert(QStringLiteral("access_token"), none);
        m_redis->cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("300"),
                      QString::fromUtf8(QJsonDocument(tampered).toJson(QJsonDocument::Compact))});
        const HeadlessRun unsigned_ = run({QStringLiteral("verify"), QStringLiteral("oauth2token:acme")});
        QCOMPARE(unsigned_.exitCode, 7);
        QVERIFY2(unsigned_.out.contains("alg none: the token is not signed"), unsigned_.out.constData());

        // The metadata and keys were fetched once, then kept for the later runs.
        QVERIFY(QFileInfo::exists(m_directory->filePath(QStringLiteral("cache/tokencache"))));
        // A key no profile owns, and a profile without an issuer, say so.
        QCOMPARE(run({QStringLiteral("verify"), QStringLiteral("oauth2token:nobody")}).exitCode, 5);
        addProfile(QStringLiteral("plain"), QStringLiteral("basic-client"),
                   QStringLiteral("env:BASIC_SECRET"));
        const HeadlessRun noIssuer = run({QStringLiteral("verify"), QStringLiteral("oauth2token:acme"),
                                          QStringLiteral("--profile"), QStringLiteral("plain")});
        QCOMPARE(noIssuer.exitCode, 2);
        QVERIFY(noIssuer.err.contains("names no issuer"));
    }

    void wrongSecretIsInvalidClientAndCachesNothing()
    {
        addProfile(QStringLiteral("acme"), QStringLiteral("basic-client"), QStringLiteral("literal:wrong"),
                   {QStringLiteral("--store-secret-in-config")});
        const HeadlessRun got = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(got.exitCode, 4);
        QCOMPARE(got.err,
                 QByteArray(
                     "tokencache: Provider acme: invalid_client: client authentication failed (HTTP 401)\n"));
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}),
                 QByteArray("0"));
        QCOMPARE(m_provider->tokenRequests(), 1); // a 401 is final: never retried
    }

    void sharesTheCacheWithAnIoredisService()
    {
        // The service fills the cache with the plain pattern; tokencache reads what it wrote.
        const QByteArray fromService = plainService(QStringLiteral("oauth2token"));
        QVERIFY(fromService.startsWith("eyJ"));
        addProfile(QStringLiteral("seed"), QStringLiteral("basic-client"), QStringLiteral("env:BASIC_SECRET"),
                   {QStringLiteral("--key"), QStringLiteral("oauth2token")});
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("seed")}).out.trimmed(), fromService);
        const HeadlessRun listed = run({QStringLiteral("list")});
        QVERIFY2(listed.out.contains("oauth2token  seed") && listed.out.contains("valid"),
                 listed.out.constData());
        QVERIFY(!listed.out.contains(fromService));
        QVERIFY(run({QStringLiteral("show"), QStringLiteral("oauth2token")})
                    .out.contains("client_id: basic-client"));
        QCOMPARE(m_provider->tokenRequests(), 1);

        // After an operator's refresh, the service reads the new token without fetching.
        QCOMPARE(run({QStringLiteral("refresh"), QStringLiteral("seed")}).exitCode, 0);
        const QByteArray refreshed = plainService(QStringLiteral("oauth2token"));
        QVERIFY(refreshed != fromService);
        QCOMPARE(refreshed, run({QStringLiteral("get"), QStringLiteral("seed")}).out.trimmed());
        QCOMPARE(m_provider->tokenRequests(), 2);

        // After an eviction, the service fetches anew.
        QCOMPARE(run({QStringLiteral("evict"), QStringLiteral("seed")}).exitCode, 0);
        const QByteArray refetched = plainService(QStringLiteral("oauth2token"));
        QVERIFY(refetched.startsWith("eyJ") && refetched != refreshed);
        QCOMPARE(m_provider->tokenRequests(), 3);
    }

    void thirtyColdProcessesMakeOneTokenRequest()
    {
        addProfile(QStringLiteral("acme"), QStringLiteral("basic-client"),
                   QStringLiteral("env:BASIC_SECRET"));
        const QList<HeadlessRun> runs = stampede(30, QStringLiteral("acme"));
        QSet<QByteArray> tokens;
        for (const HeadlessRun& result : runs) {
            QVERIFY2(result.exitCode == 0 && !result.crashed, result.err.constData());
            tokens.insert(result.out);
        }
        QCOMPARE(tokens.size(), 1);
        QVERIFY(tokens.begin()->startsWith("eyJ"));
        QCOMPARE(m_provider->tokenRequests(), 1);
    }

    void holderKilledMidFetchStillAnswersEveryone()
    {
        // A slow fake endpoint: the first request takes 1.5 s, long enough to kill its caller.
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response slow = TokenEndpoint::token(QStringLiteral("from-the-slow-one"));
        slow.delayMs = 1500;
        endpoint.respondInTurn({slow}, TokenEndpoint::token(QStringLiteral("from-the-successor")));
        const HeadlessRun added =
            run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("slow"),
                 QStringLiteral("--token-url"), endpoint.url(), QStringLiteral("--client-id"),
                 QStringLiteral("c"), QStringLiteral("--client-secret"), QStringLiteral("env:BASIC_SECRET"),
                 QStringLiteral("--timeout"), QStringLiteral("2"), QStringLiteral("--attempts"),
                 QStringLiteral("1")});
        QCOMPARE(added.exitCode, 0);

        std::vector<std::unique_ptr<QProcess>> processes;
        for (int i = 0; i < 10; ++i)
            processes.push_back(m_tokencache->start({QStringLiteral("get"), QStringLiteral("slow")}));
        QByteArray lock;
        QVERIFY(QTest::qWaitFor(
            [&] {
                lock = m_redis->cli({QStringLiteral("GET"), QStringLiteral("{oauth2token:slow}:lock")});
                return !lock.isEmpty() && endpoint.requestCount() == 1;
            },
            15000));
        const QString holder =
            QJsonDocument::fromJson(lock).object().value(QStringLiteral("holder")).toString();
        const qint64 holderPid = holder.section(QLatin1Char('/'), -1).toLongLong();
        QProcess* killed = nullptr;
        for (auto& process : processes) {
            if (process->processId() == holderPid)
                killed = process.get();
        }
        QVERIFY2(killed, qPrintable(holder));
        killed->kill();

        QSet<QByteArray> tokens;
        for (auto& process : processes) {
            const HeadlessRun result = HeadlessProcess::finish(*process, 60000);
            if (process.get() == killed)
                continue;
            QVERIFY2(result.exitCode == 0, result.err.constData());
            tokens.insert(result.out);
        }
        QCOMPARE(tokens.size(), 1);
        QCOMPARE(*tokens.begin(), QByteArray("from-the-successor\n"));
        QVERIFY2(endpoint.requestCount() <= 2, QByteArray::number(endpoint.requestCount()));
    }
};

QTEST_GUILESS_MAIN(tst_Interop)
#include "tst_Interop.moc"
