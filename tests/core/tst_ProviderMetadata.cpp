// Discovery and key sets fetched from a real HTTP server on loopback, well-behaved and hostile,
// and kept on disk for their HTTP lifetime (a manual clock moves it on).
#include "core/oauth/ProviderMetadata.h"
#include "tests/support/Await.h"
#include "tests/support/ManualClock.h"
#include "tests/support/TokenEndpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tokencache;

class tst_ProviderMetadata : public QObject
{
    Q_OBJECT

    std::unique_ptr<TokenEndpoint> m_server;
    std::unique_ptr<QTemporaryDir> m_cache;
    std::unique_ptr<ManualClock> m_clock;
    std::unique_ptr<ProviderMetadataClient> m_client;

    QString issuer(const QString& path = {}) const
    {
        return QUrl(m_server->url()).adjusted(QUrl::RemovePath).toString() + path;
    }

    QJsonObject discoveryDocument(const QString& issuerUrl) const
    {
        return {{QStringLiteral("issuer"), issuerUrl},
                {QStringLiteral("token_endpoint"), issuerUrl + QStringLiteral("/token")},
                {QStringLiteral("jwks_uri"), issuerUrl + QStringLiteral("/jwks")},
                {QStringLiteral("introspection_endpoint"), issuerUrl + QStringLiteral("/introspect")},
                {QStringLiteral("revocation_endpoint"), issuerUrl + QStringLiteral("/revoke")},
                {QStringLiteral("token_endpoint_auth_methods_supported"),
                 QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("private_key_jwt")}}};
    }

    static TokenEndpoint::Response json(const QJsonObject& body, const QByteArray& headers = {})
    {
        TokenEndpoint::Response response;
        response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
        response.extraHeaders = headers;
        return response;
    }

    Result<ProviderMetadata> discover(const QString& issuerUrl)
    {
        return await<ProviderMetadata>([&](auto done) { m_client->discover(issuerUrl, this, done); });
    }

    Result<QJsonObject> keys(const QString& uri, bool fresh)
    {
        return await<QJsonObject>([&](auto done) { m_client->keySet(uri, fresh, this, done); });
    }

private slots:
    void init()
    {
        m_server = std::make_unique<TokenEndpoint>();
        QVERIFY(m_server->listen());
        m_cache = std::make_unique<QTemporaryDir>();
        m_clock = std::make_unique<ManualClock>();
        m_client = std::make_unique<ProviderMetadataClient>(m_cache->path(), *m_clock);
    }

    void anIssuersMetadataIsDiscoveredAndKeptForItsLifetime()
    {
        const QString url = issuer();
        m_server->setHandler([this, url](const TokenEndpoint::Request& request) {
            if (request.path == "/.well-known/openid-configuration")
                return json(discoveryDocument(url), "Cache-Control: public, max-age=600\r\n");
            return TokenEndpoint::Response{404, "{}"};
        });
        const auto found = discover(url);
        QVERIFY2(found, found ? "" : qPrintable(found.error().message));
        QCOMPARE(found->tokenEndpoint, url + QStringLiteral("/token"));
        QCOMPARE(found->jwksUri, url + QStringLiteral("/jwks"));
        QCOMPARE(found->revocationEndpoint, url + QStringLiteral("/revoke"));
        QCOMPARE(found->authMethods,
                 (QStringList{QStringLiteral("client_secret_basic"), QStringLiteral("private_key_jwt")}));
        QCOMPARE(m_server->requestCount(), 1);

        // A second run (a new client, as a new headless process) reads the cache while it is fresh.
        m_client = std::make_unique<ProviderMetadataClient>(m_cache->path(), *m_clock);
        QVERIFY(discover(url));
        QCOMPARE(m_server->requestCount(), 1);
        m_clock->advance(601'000);
        QVERIFY(discover(url));
        QCOMPARE(m_server->requestCount(), 2);
    }

    void rfc8414sWellKnownPathIsTheFallback()
    {
        const QString url = issuer(QStringLiteral("/realms/x"));
        m_server->setHandler([this, url](const TokenEndpoint::Request& request) {
            if (request.path == "/.well-known/oauth-authorization-server/realms/x")
                return json(discoveryDocument(url));
            return TokenEndpoint::Response{404, "{}"};
        });
        const auto found = discover(url);
        QVERIFY2(found, found ? "" : qPrintable(found.error().message));
        QCOMPARE(m_server->requests().first().path, QByteArray("/realms/x/.well-known/openid-configuration"));
        QCOMPARE(m_server->requests().last().path,
                 QByteArray("/.well-known/oauth-authorization-server/realms/x"));
    }

    void whatAHostileServerSendsIsRefusedByName_data()
    {
        QTest::addColumn<int>("kind");
        QTest::addColumn<QString>("error");
        QTest::newRow("another issuer")
            << 0 << QStringLiteral("its metadata names the issuer \"https://evil.example\"");
        QTest::newRow("a redirect")
            << 1 << QStringLiteral("redirects to https://evil.example/; tokencache does not follow it");
        QTest::newRow("an endless body") << 2 << QStringLiteral("answered more than 1024 KiB");
        QTest::newRow("no JSON") << 3 << QStringLiteral("answered no JSON object");
        QTest::newRow("keys over plain http")
            << 4 << QStringLiteral("must be https (plain http only to this machine)");
        QTest::newRow("an mTLS alias over plain http")
            << 6 << QStringLiteral("http://mtls.example/token must be https");
        QTest::newRow("a server error") << 5 << QStringLiteral("HTTP 503 from");
    }

    void whatAHostileServerSendsIsRefusedByName()
    {
        QFETCH(int, kind);
        QFETCH(QString, error);
        const QString url = issuer();
        m_server->setHandler([this, url, kind](const TokenEndpoint::Request&) {
            TokenEndpoint::Response response;
            QJsonObject document = discoveryDocument(url);
            switch (kind) {
            case 0:
                document.insert(QStringLiteral("issuer"), QStringLiteral("https://evil.example"));
                return json(document);
            case 1:
                response.status = 302;
                response.extraHeaders = "Location: https://evil.example/\r\n";
                return response;
            case 2:
                response.endlessChunkedBody = true;
                return response;
            case 3:
                response.body = "<html>502 Bad Gateway</html>";
                return response;
            case 4:
                document.insert(QStringLiteral("jwks_uri"), QStringLiteral("http://keys.example/jwks"));
                return json(document);
            case 6:
                document.insert(QStringLiteral("mtls_endpoint_aliases"),
                                QJsonObject{{QStringLiteral("token_endpoint"),
                                             QStringLiteral("http://mtls.example/token")}});
                return json(document);
            case 5:
                response.status = 503;
                return response;
            default:
                return response;
            }
        });
        const auto found = discover(url);
        QVERIFY(!found);
        QVERIFY2(found.error().message.contains(error), qPrintable(found.error().message));
        // Nothing refused was kept: the next run asks again.
        QVERIFY(!discover(url));
        QVERIFY(m_server->requestCount() >= 2);
    }

    void anIssuerOverPlainHttpToAnotherHostIsNeverAsked()
    {
        const auto found = discover(QStringLiteral("http://login.example/realms/x"));
        QVERIFY(!found);
        QCOMPARE(found.error().kind, Error::Kind::Config);
        QCOMPARE(m_server->requestCount(), 0);
    }

    void aKeySetIsFetchedAgainWhenAsked()
    {
        const QString uri = issuer(QStringLiteral("/jwks"));
        m_server->setHandler([](const TokenEndpoint::Request&) {
            return json({{QStringLiteral("keys"),
                          QJsonArray{QJsonObject{{QStringLiteral("kid"), QStringLiteral("k1")}}}}});
        });
        QVERIFY(keys(uri, false));
        QVERIFY(keys(uri, false));
        QCOMPARE(m_server->requestCount(), 1);
        QVERIFY(keys(uri, true)); // a kid the kept set lacks: the issuer may have rotated its keys
        QCOMPARE(m_server->requestCount(), 2);

        m_server->setHandler([](const TokenEndpoint::Request&) {
            return json({{QStringLiteral("keys"), 1}}, "Cache-Control: no-store\r\n");
        });
        const auto broken = keys(uri, true);
        QVERIFY(!broken);
        QVERIFY(broken.error().message.contains(QStringLiteral("holds no key set")));
    }
};

QTEST_MAIN(tst_ProviderMetadata)
#include "tst_ProviderMetadata.moc"
