#include "tests/interop/NodePeer.h"
#include "tests/support/HeadlessProcess.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TlsMaterial.h"

#include <QCryptographicHash>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tokencache;

/**
 * Every client authentication method, discovery, introspection and revocation against panva's
 * oidc-provider (OpenID Certified) served over HTTPS by a test CA, with mutual TLS.
 */
class tst_ProviderAuth : public QObject
{
    Q_OBJECT

    TlsMaterial m_tls;
    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<NodePeer> m_provider;
    std::unique_ptr<HeadlessProcess> m_tokencache;

    QString issuer() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_provider->port()); }
    QString file(const char* name) const { return m_tls.file(QLatin1String(name)); }
    QString fileRef(const char* name) const { return QStringLiteral("file:") + file(name); }
    HeadlessRun run(const QStringList& arguments) const { return m_tokencache->run(arguments); }
    /** Command-line words: test paths have no spaces. */
    static QStringList words(const QString& text) { return text.split(QLatin1Char(' ')); }

    /** `profiles add NAME --issuer ... --provider-ca ... EXTRA`: the token URL comes from discovery. */
    HeadlessRun addProfile(const QString& name, const QString& clientId, const QStringList& extra) const
    {
        return run(QStringList{QStringLiteral("profiles"), QStringLiteral("add"), name,
                               QStringLiteral("--issuer"), issuer(), QStringLiteral("--client-id"), clientId,
                               QStringLiteral("--provider-ca"), m_tls.caFile()} +
                   extra);
    }

    QJsonObject shown(const QString& key) const
    {
        return QJsonDocument::fromJson(run({QStringLiteral("--json"), QStringLiteral("show"), key}).out)
            .object();
    }

    QString auditLog() const
    {
        QFile log(m_directory->filePath(QStringLiteral("state/tokencache/audit.jsonl")));
        return log.open(QIODevice::ReadOnly) ? QString::fromUtf8(log.readAll()) : QString();
    }

    /** RFC 8705 3.1: the base64url SHA-256 of the certificate's DER. */
    static QString thumbprint(const QString& certificateFile)
    {
        const QList<QSslCertificate> found = QSslCertificate::fromPath(certificateFile);
        return found.isEmpty() ? QString()
                               : QString::fromLatin1(found.first()
                                                         .digest(QCryptographicHash::Sha256)
                                                         .toBase64(QByteArray::Base64UrlEncoding |
                                                                   QByteArray::OmitTrailingEquals));
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_tls.generate() && m_tls.generateClientKeys(), qPrintable(m_tls.error()));
    }

    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
        m_provider = std::make_unique<NodePeer>();
        QVERIFY2(m_provider->startServer(QStringLiteral("oidc-server.mjs"),
                                         {QStringLiteral("0"), QStringLiteral("600"), QStringLiteral("--tls"),
                                          QFileInfo(m_tls.caFile()).absolutePath(),
                                          QStringLiteral("--client-keys"),
                                          file("rsa.key") + QLatin1Char(',') + file("ec.key"),
                                          QStringLiteral("--self-signed-cert"), file("self.crt")}),
                 qPrintable(m_provider->error()));
        m_tokencache =
            std::make_unique<HeadlessProcess>(m_directory->filePath(QStringLiteral("config.json")));
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), m_redis->url());
        m_tokencache->setEnvironment(QStringLiteral("BASIC_SECRET"), QStringLiteral("basic-secret"));
        m_tokencache->setEnvironment(QStringLiteral("HMAC_SECRET"),
                                     QStringLiteral("hmac-client-secret-of-at-least-32-bytes!"));
        m_tokencache->setEnvironment(QStringLiteral("WRONG_SECRET"),
                                     QStringLiteral("not-the-secret-but-long-enough-to-sign-with!"));
    }

    void cleanup()
    {
        m_tokencache.reset();
        m_provider.reset();
        m_redis.reset();
        m_directory.reset();
    }

    void eachClientAuthenticationMethodObtainsAToken_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QStringList>("options");
        QTest::addColumn<QString>("certificate"); ///< the one the token must be bound to, if any
        const auto ref = [this](const char* name) { return fileRef(name); };
        QTest::newRow("client_secret_basic")
            << QStringLiteral("basic-client") << words(QStringLiteral("--client-secret env:BASIC_SECRET"))
            << QString();
        QTest::newRow("client_secret_post")
            << QStringLiteral("post-client")
            << words(
                   QStringLiteral("--auth post --client-secret literal:post-secret --store-secret-in-config"))
            << QString();
        QTest::newRow("client_secret_jwt")
            << QStringLiteral("hmac-client")
            << words(QStringLiteral("--auth client_secret_jwt --client-secret env:HMAC_SECRET")) << QString();
        QTest::newRow("private_key_jwt RS256")
            << QStringLiteral("jwt-client")
            << words(
                   QStringLiteral("--auth private_key_jwt --private-key %1 --key-id rsa").arg(ref("rsa.key")))
            << QString();
        QTest::newRow("private_key_jwt PS256, aud the issuer")
            << QStringLiteral("jwt-client")
            << words(QStringLiteral("--auth private_key_jwt --private-key %1 --signing-alg PS256 "
                                    "--assertion-audience issuer")
                         .arg(ref("rsa.key")))
            << QString();
        QTest::newRow("private_key_jwt ES256")
            << QStringLiteral("jwt-client")
            << words(QStringLiteral("--auth private_key_jwt --private-key %1 --key-id ec").arg(ref("ec.key")))
            << QString();
        QTest::newRow("tls_client_auth")
            << QStringLiteral("tls-client")
            << words(QStringLiteral("--auth tls_client_auth --provider-cert %1 --provider-key %2")
                         .arg(file("client.crt"))
                         .arg(ref("client.key")))
            << file("client.crt");
        QTest::newRow("self_signed_tls_client_auth")
            << QStringLiteral("selfsigned-client")
            << words(QStringLiteral("--auth self_signed_tls_client_auth --provider-cert %1 --provider-key %2")
                         .arg(file("self.crt"))
                         .arg(ref("self.key")))
            << file("self.crt");
    }

    void eachClientAuthenticationMethodObtainsAToken()
    {
        QFETCH(QString, clientId);
        QFETCH(QStringList, options);
        QFETCH(QString, certificate);
        const HeadlessRun added = addProfile(QStringLiteral("acme"), clientId, options);
        QVERIFY2(added.exitCode == 0, added.err.constData());
        // Discovery named the token endpoint; the profile keeps the issuer only.
        QVERIFY2(added.out.contains(
                     QStringLiteral("token endpoint: %1/token (from the issuer)").arg(issuer()).toUtf8()),
                 added.out.constData());
        const HeadlessRun got = run({QStringLiteral("get"), QStringLiteral("acme")});
        QVERIFY2(got.exitCode == 0, got.err.constData());
        QVERIFY(got.out.startsWith("eyJ"));
        const QJsonObject entry = shown(QStringLiteral("oauth2token:acme"));
        QCOMPARE(entry.value(QStringLiteral("jwt_claims"))
                     .toObject()
                     .value(QStringLiteral("client_id"))
                     .toString(),
                 clientId);
        QCOMPARE(entry.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        if (certificate.isEmpty()) {
            QVERIFY(!entry.contains(QStringLiteral("binding")));
        } else {
            // A certificate-bound token (RFC 8705 3): show says a copy needs that certificate.
            const QString binding = entry.value(QStringLiteral("binding")).toString();
            QVERIFY2(binding.contains(QStringLiteral("x5t#S256 ") + thumbprint(certificate)),
                     qPrintable(binding));
            QVERIFY(
                run({QStringLiteral("show"), QStringLiteral("oauth2token:acme")}).out.contains("bound to:"));
        }
        // The issuer's keys, fetched over the same private CA, check the token.
        const HeadlessRun verified = run({QStringLiteral("verify"), QStringLiteral("oauth2token:acme")});
        QVERIFY2(verified.exitCode == 0, verified.out + verified.err);
        QCOMPARE(m_provider->tokenRequests(m_tls.caFile()), 1);
    }

    void aWrongCredentialIsRejectedAndNothingIsCached_data()
    {
        QTest::addColumn<QString>("clientId");
        QTest::addColumn<QStringList>("options");
        const auto ref = [this](const char* name) { return fileRef(name); };
        QTest::newRow("client_secret_basic")
            << QStringLiteral("basic-client") << words(QStringLiteral("--client-secret env:WRONG_SECRET"));
        QTest::newRow("client_secret_jwt")
            << QStringLiteral("hmac-client")
            << words(QStringLiteral("--auth client_secret_jwt --client-secret env:WRONG_SECRET"));
        QTest::newRow("private_key_jwt, another key under the kid")
            << QStringLiteral("jwt-client")
            << words(QStringLiteral("--auth private_key_jwt --private-key %1 --key-id rsa")
                         .arg(ref("other-rsa.key")));
        QTest::newRow("tls_client_auth, a certificate of another CA")
            << QStringLiteral("tls-client")
            << words(QStringLiteral("--auth tls_client_auth --provider-cert %1 --provider-key %2")
                         .arg(file("stranger.crt"))
                         .arg(ref("stranger.key")));
        QTest::newRow("self_signed_tls_client_auth, another certificate")
            << QStringLiteral("selfsigned-client")
            << words(QStringLiteral("--auth self_signed_tls_client_auth --provider-cert %1 --provider-key %2")
                         .arg(file("client.crt"))
                         .arg(ref("client.key")));
    }

    void aWrongCredentialIsRejectedAndNothingIsCached()
    {
        QFETCH(QString, clientId);
        QFETCH(QStringList, options);
        QCOMPARE(addProfile(QStringLiteral("acme"), clientId, options).exitCode, 0);
        const HeadlessRun got = run({QStringLiteral("get"), QStringLiteral("acme")});
        QCOMPARE(got.exitCode, 4);
        QVERIFY2(got.err.contains("invalid_client"), got.err.constData());
        QVERIFY(got.out.isEmpty());
        // Neither the secret nor an assertion reaches the message.
        QVERIFY(!got.err.contains("not-the-secret") && !got.err.contains("eyJ"));
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}).trimmed(),
                 QByteArray("0"));
    }

    void discoveryFillsAProfileAndRefusesAnIssuerItCannotRead()
    {
        // Without the private CA the issuer's certificate is not trusted: nothing is saved. (First:
        // a document read once is kept for its lifetime, whoever read it.)
        const HeadlessRun untrusted =
            run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("other"),
                 QStringLiteral("--issuer"), issuer(), QStringLiteral("--client-id"),
                 QStringLiteral("basic-client"), QStringLiteral("--client-secret"),
                 QStringLiteral("env:BASIC_SECRET")});
        QCOMPARE(untrusted.exitCode, 4);
        QVERIFY2(untrusted.err.contains("nothing saved"), untrusted.err.constData());
        QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("other")}).exitCode,
                 5);

        const HeadlessRun added =
            addProfile(QStringLiteral("acme"), QStringLiteral("basic-client"),
                       {QStringLiteral("--client-secret"), QStringLiteral("env:BASIC_SECRET")});
        QVERIFY2(added.exitCode == 0, added.err.constData());
        QVERIFY(added.out.contains(
            QStringLiteral("introspection:  %1/token/introspection").arg(issuer()).toUtf8()));
        QVERIFY(
            added.out.contains(QStringLiteral("revocation:     %1/token/revocation").arg(issuer()).toUtf8()));
        QVERIFY(run({QStringLiteral("profiles"), QStringLiteral("show"), QStringLiteral("acme")})
                    .out.contains("from the issuer's metadata"));
        QFile config(m_directory->filePath(QStringLiteral("config.json")));
        QVERIFY(config.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(config.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), 5);
    }

    void introspectSaysActiveThenInactiveAfterEvictRevoke()
    {
        // oidc-provider keeps only opaque tokens in its store: those it can introspect and revoke.
        QCOMPARE(addProfile(QStringLiteral("opaque"), QStringLiteral("tls-client"),
                            {QStringLiteral("--auth"), QStringLiteral("tls_client_auth"),
                             QStringLiteral("--provider-cert"), file("client.crt"),
                             QStringLiteral("--provider-key"), fileRef("client.key"),
                             QStringLiteral("--resource"), QStringLiteral("urn:tokencache:opaque")})
                     .exitCode,
                 0);
        const HeadlessRun got = run({QStringLiteral("get"), QStringLiteral("opaque")});
        QVERIFY2(got.exitCode == 0, got.err.constData());
        QVERIFY(!got.out.startsWith("eyJ"));
        const QByteArray stored = m_redis->cli({QStringLiteral("GET"), QStringLiteral("oauth2token:opaque")});

        const HeadlessRun active = run({QStringLiteral("introspect"), QStringLiteral("oauth2token:opaque")});
        QVERIFY2(active.exitCode == 0, active.out + active.err);
        QVERIFY2(active.out.contains("active    true") && active.out.contains("tls-client"),
                 active.out.constData());
        QVERIFY(!active.out.contains(got.out.trimmed())); // the token itself is never printed

        const HeadlessRun revoked =
            run({QStringLiteral("evict"), QStringLiteral("opaque"), QStringLiteral("--revoke")});
        QVERIFY2(revoked.exitCode == 0, revoked.err.constData());
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:opaque")}).trimmed(),
                 QByteArray("0"));

        // The revoked token, put back as it was: the provider now says it is inactive (exit 7).
        m_redis->cli(
            {QStringLiteral("SET"), QStringLiteral("oauth2token:opaque"), QString::fromUtf8(stored)});
        const HeadlessRun inactive = run(
            {QStringLiteral("--json"), QStringLiteral("introspect"), QStringLiteral("oauth2token:opaque")});
        QCOMPARE(inactive.exitCode, 7);
        QCOMPARE(QJsonDocument::fromJson(inactive.out).object().value(QStringLiteral("active")),
                 QJsonValue(false));
        const QString log = auditLog();
        QVERIFY2(log.contains(QStringLiteral("\"action\":\"revoke\"")) &&
                     log.contains(QStringLiteral("\"action\":\"introspect\"")),
                 qPrintable(log));
    }

    void aFailedRevocationKeepsTheEntryUnlessToldOtherwise()
    {
        QCOMPARE(addProfile(QStringLiteral("basic"), QStringLiteral("basic-client"),
                            {QStringLiteral("--client-secret"), QStringLiteral("env:BASIC_SECRET"),
                             QStringLiteral("--resource"), QStringLiteral("urn:tokencache:opaque")})
                     .exitCode,
                 0);
        QCOMPARE(run({QStringLiteral("get"), QStringLiteral("basic")}).exitCode, 0);
        // Another client revoking basic-client's token: the provider refuses ("does not belong to you").
        QCOMPARE(
            addProfile(QStringLiteral("other"), QStringLiteral("post-client"),
                       {QStringLiteral("--auth"), QStringLiteral("post"), QStringLiteral("--client-secret"),
                        QStringLiteral("literal:post-secret"), QStringLiteral("--store-secret-in-config"),
                        QStringLiteral("--key"), QStringLiteral("oauth2token:basic")})
                .exitCode,
            0);
        const HeadlessRun kept =
            run({QStringLiteral("evict"), QStringLiteral("other"), QStringLiteral("--revoke")});
        QCOMPARE(kept.exitCode, 4);
        QVERIFY2(kept.err.contains("the entry stays cached"), kept.err.constData());
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:basic")}).trimmed(),
                 QByteArray("1"));

        const HeadlessRun deleted =
            run({QStringLiteral("evict"), QStringLiteral("other"), QStringLiteral("--revoke"),
                 QStringLiteral("--ignore-revoke-failure")});
        QCOMPARE(deleted.exitCode, 4);
        QVERIFY2(deleted.err.contains("the entry was deleted anyway"), deleted.err.constData());
        QCOMPARE(m_redis->cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:basic")}).trimmed(),
                 QByteArray("0"));
    }
};

QTEST_GUILESS_MAIN(tst_ProviderAuth)
#include "tst_ProviderAuth.moc"
