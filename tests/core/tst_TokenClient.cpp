#include "core/config/SecretRef.h"
#include "core/oauth/RetryPolicy.h"
#include "core/oauth/TokenClient.h"
#include "tests/support/Await.h"
#include "tests/support/TokenEndpoint.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <optional>

using namespace tokencache;

class tst_TokenClient : public QObject
{
    Q_OBJECT

    ProviderProfile profileFor(const TokenEndpoint& endpoint)
    {
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.tokenUrl = endpoint.url();
        profile.clientId = QStringLiteral("client id+1");
        profile.clientSecretRef = SecretRef(SecretRef::Kind::Literal, QStringLiteral("s3cr:t&=+%")).format();
        return profile;
    }

    Result<TokenResponse> fetch(const ProviderProfile& profile)
    {
        TokenClient client;
        auto request = TokenRequest::fromProfile(profile);
        if (!request)
            return request.error();
        return await<TokenResponse>([&](auto done) { client.fetch(*request, this, done); });
    }

    void expectError(TokenEndpoint::Response response, const QString& expected)
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.respondWith(response);
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Provider);
        QCOMPARE(result.error().message, expected);
    }

    /** An issuer on @p endpoint publishing @p document's members over its own endpoints. */
    static void
    serveIssuer(TokenEndpoint& endpoint, const QJsonObject& document,
                const std::function<TokenEndpoint::Response(const TokenEndpoint::Request&)>& other)
    {
        const QString issuer = QUrl(endpoint.url()).adjusted(QUrl::RemovePath).toString();
        QJsonObject metadata{
            {QStringLiteral("issuer"), issuer},
            {QStringLiteral("token_endpoint"), issuer + QStringLiteral("/token")},
            {QStringLiteral("introspection_endpoint"), issuer + QStringLiteral("/introspect")},
            {QStringLiteral("revocation_endpoint"), issuer + QStringLiteral("/revoke")}};
        for (auto it = document.constBegin(); it != document.constEnd(); ++it) {
            if (it.value().isNull())
                metadata.remove(it.key());
            else
                metadata.insert(it.key(), it.value());
        }
        endpoint.setHandler([metadata, other](const TokenEndpoint::Request& request) {
            if (request.path == "/.well-known/openid-configuration")
                return TokenEndpoint::Response{200, QJsonDocument(metadata).toJson(QJsonDocument::Compact)};
            return other(request);
        });
    }

    std::unique_ptr<QTemporaryDir> m_cacheHome;

private slots:
    void init()
    {
        // Discovered documents are kept per issuer URL: each test reads its own, whatever port it gets.
        m_cacheHome = std::make_unique<QTemporaryDir>();
        qputenv("XDG_CACHE_HOME", m_cacheHome->path().toLocal8Bit());
    }

    void aPrivateKeyJwtAssertionNamesTheClientAndTheEndpointAndIsNeverReused()
    {
        QTemporaryFile key; // 0600, as a key file should be
        QVERIFY(key.open());
        QProcess openssl;
        openssl.start(QStringLiteral("openssl"),
                      {QStringLiteral("genpkey"), QStringLiteral("-algorithm"), QStringLiteral("EC"),
                       QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:P-256"),
                       QStringLiteral("-out"), key.fileName()});
        QVERIFY(openssl.waitForFinished(30000) && openssl.exitCode() == 0);
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        profile.authMethod = ProviderProfile::AuthMethod::PrivateKeyJwt;
        profile.clientSecretRef.clear();
        profile.privateKeyRef = QStringLiteral("file:") + key.fileName();
        profile.keyId = QStringLiteral("k1");
        QVERIFY(fetch(profile));
        profile.assertionAudience = QStringLiteral("https://idp.example/other-audience");
        QVERIFY(fetch(profile));
        QCOMPARE(endpoint.requestCount(), 2);
        QStringList ids;
        for (const TokenEndpoint::Request& request : endpoint.requests()) {
            const QMap<QString, QString> form = request.form();
            QVERIFY(!request.headers.contains("authorization") &&
                    !form.contains(QStringLiteral("client_secret")));
            QCOMPARE(form.value(QStringLiteral("client_id")), profile.clientId);
            QCOMPARE(form.value(QStringLiteral("client_assertion_type")),
                     QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer"));
            const QList<QByteArray> parts =
                form.value(QStringLiteral("client_assertion")).toLatin1().split('.');
            QCOMPARE(parts.size(), 3);
            const QJsonObject header =
                QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding))
                    .object();
            QCOMPARE(header.value(QStringLiteral("alg")).toString(), QStringLiteral("ES256"));
            QCOMPARE(header.value(QStringLiteral("kid")).toString(), QStringLiteral("k1"));
            const QJsonObject claims =
                QJsonDocument::fromJson(QByteArray::fromBase64(parts[1], QByteArray::Base64UrlEncoding))
                    .object();
            QCOMPARE(claims.value(QStringLiteral("iss")).toString(), profile.clientId);
            QCOMPARE(claims.value(QStringLiteral("sub")).toString(), profile.clientId);
            QCOMPARE(claims.value(QStringLiteral("exp")).toInteger() -
                         claims.value(QStringLiteral("iat")).toInteger(),
                     60);
            ids.append(claims.value(QStringLiteral("jti")).toString());
            QCOMPARE(claims.value(QStringLiteral("aud")).toString(),
                     ids.size() == 1 ? endpoint.url() : QStringLiteral("https://idp.example/other-audience"));
        }
        QVERIFY(ids.first().size() >= 16 && ids.first() != ids.last());
    }

    void introspectionAndRevocationUseTheIssuersEndpointsAndTheClientsCredentials()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        serveIssuer(endpoint, {}, [](const TokenEndpoint::Request& request) {
            if (request.path == "/introspect")
                return TokenEndpoint::Response{200, R"({"active": true, "client_id": "c"})"};
            return TokenEndpoint::Response{200, {}, "text/plain"}; // RFC 7009: 200, no body
        });
        ProviderProfile profile = profileFor(endpoint);
        profile.issuer = QUrl(endpoint.url()).adjusted(QUrl::RemovePath).toString();
        TokenClient client;
        const auto answer =
            await<QJsonObject>([&](auto done) { client.introspect(profile, "the-token", this, done); });
        QVERIFY2(answer, answer ? "" : qPrintable(answer.error().message));
        QCOMPARE(answer->value(QStringLiteral("active")), QJsonValue(true));
        QVERIFY(await<Done>([&](auto done) { client.revoke(profile, "the-token", this, done); }));
        QCOMPARE(endpoint.requestCount(), 3); // the metadata once: it is kept
        for (const TokenEndpoint::Request& request : endpoint.requests().mid(1)) {
            QCOMPARE(request.form().value(QStringLiteral("token")), QStringLiteral("the-token"));
            QCOMPARE(request.form().value(QStringLiteral("token_type_hint")), QStringLiteral("access_token"));
            QCOMPARE(request.basicCredentials().first, profile.clientId);
        }
        QCOMPARE(endpoint.requests().at(1).path, QByteArray("/introspect"));
        QCOMPARE(endpoint.requests().at(2).path, QByteArray("/revoke"));
    }

    void hostileIntrospectionAndRevocationAnswersAreRefusedByName_data()
    {
        QTest::addColumn<bool>("revoke");
        QTest::addColumn<QJsonObject>("metadata");
        QTest::addColumn<int>("status");
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("headers");
        QTest::addColumn<QString>("error");
        QTest::newRow("active is no boolean")
            << false << QJsonObject() << 200 << QByteArray(R"({"active": "yes"})") << QByteArray()
            << QStringLiteral("has no boolean \"active\"");
        QTest::newRow("not JSON") << false << QJsonObject() << 200 << QByteArray("<html>") << QByteArray()
                                  << QStringLiteral("has no boolean \"active\"");
        QTest::newRow("a redirect") << true << QJsonObject() << 307 << QByteArray()
                                    << QByteArray("Location: https://evil.example/revoke\r\n")
                                    << QStringLiteral("never follows");
        QTest::newRow("the token echoed back")
            << true << QJsonObject() << 400
            << QByteArray(
                   R"({"error": "invalid_request", "error_description": "bad token the-secret-token"})")
            << QByteArray() << QStringLiteral("bad token ***");
        QTest::newRow("no revocation endpoint")
            << true << QJsonObject{{QStringLiteral("revocation_endpoint"), QJsonValue::Null}} << 200
            << QByteArray() << QByteArray() << QStringLiteral("publishes no revocation_endpoint");
        QTest::newRow("plain http elsewhere")
            << false
            << QJsonObject{{QStringLiteral("introspection_endpoint"), QStringLiteral("http://idp.example/i")}}
            << 200 << QByteArray() << QByteArray() << QStringLiteral("http://idp.example/i must be https");
    }

    void hostileIntrospectionAndRevocationAnswersAreRefusedByName()
    {
        QFETCH(bool, revoke);
        QFETCH(QJsonObject, metadata);
        QFETCH(int, status);
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, headers);
        QFETCH(QString, error);
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        serveIssuer(endpoint, metadata, [&](const TokenEndpoint::Request&) {
            TokenEndpoint::Response response{status, body};
            response.extraHeaders = headers;
            return response;
        });
        ProviderProfile profile = profileFor(endpoint);
        profile.issuer = QUrl(endpoint.url()).adjusted(QUrl::RemovePath).toString();
        profile.maxAttempts = 1;
        TokenClient client;
        const QString message =
            revoke ? [&] {
                const auto done = await<Done>([&](auto finished) {
                    client.revoke(profile, "the-secret-token", this, finished);
                });
                return done ? QString() : done.error().message;
            }()
                   : [&] {
                         const auto done = await<QJsonObject>([&](auto finished) {
                             client.introspect(profile, "the-secret-token", this, finished);
                         });
                         return done ? QString() : done.error().message;
                     }();
        QVERIFY2(message.contains(error), qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("the-secret-token")));
    }

    void anEndpointFromTheMetadataNeedsAnIssuer()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenClient client;
        const auto answer =
            await<QJsonObject>([&](auto done) { client.introspect(profileFor(endpoint), "t", this, done); });
        QVERIFY(!answer);
        QCOMPARE(answer.error().kind, Error::Kind::Config);
        QVERIFY2(answer.error().message.contains(QStringLiteral("profiles edit acme --issuer URL")),
                 qPrintable(answer.error().message));
        QCOMPARE(endpoint.requestCount(), 0);
    }
    void clientSecretBasicEncodesCredentialsAsRfc6749Says()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        profile.scopes = {QStringLiteral("read:a"), QStringLiteral("write")};
        profile.audience = QStringLiteral("https://api.example");
        profile.resource = QStringLiteral("urn:res");
        profile.extraParameters.insert(QStringLiteral("tenant"), QStringLiteral("t&1"));
        const auto response = fetch(profile);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->accessToken, QStringLiteral("token-1"));

        const TokenEndpoint::Request& request = endpoint.requests().first();
        QCOMPARE(request.method, QByteArray("POST"));
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/x-www-form-urlencoded"));
        // Form-urlencoded before base64: a server decoding per RFC 6749 2.3.1 gets the originals back.
        QCOMPARE(request.headers.value("authorization"),
                 "Basic " + QByteArray("client%20id%2B1:s3cr%3At%26%3D%2B%25").toBase64());
        QCOMPARE(request.basicCredentials(),
                 qMakePair(QStringLiteral("client id+1"), QStringLiteral("s3cr:t&=+%")));
        const auto form = request.form();
        QCOMPARE(form.value(QStringLiteral("grant_type")), QStringLiteral("client_credentials"));
        QCOMPARE(form.value(QStringLiteral("scope")), QStringLiteral("read:a write"));
        QCOMPARE(form.value(QStringLiteral("audience")), QStringLiteral("https://api.example"));
        QCOMPARE(form.value(QStringLiteral("resource")), QStringLiteral("urn:res"));
        QCOMPARE(form.value(QStringLiteral("tenant")), QStringLiteral("t&1"));
        QVERIFY(!form.contains(QStringLiteral("client_secret")));
    }

    void clientSecretPostSendsCredentialsInTheBody()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        profile.authMethod = ProviderProfile::AuthMethod::ClientSecretPost;
        QVERIFY(fetch(profile));
        const TokenEndpoint::Request& request = endpoint.requests().first();
        QVERIFY(!request.headers.contains("authorization"));
        QCOMPARE(request.form().value(QStringLiteral("client_id")), QStringLiteral("client id+1"));
        QCOMPARE(request.form().value(QStringLiteral("client_secret")), QStringLiteral("s3cr:t&=+%"));
    }

    void oauthErrorsAreSurfaced()
    {
        expectError(TokenEndpoint::oauthError(401, QStringLiteral("invalid_client"),
                                              QStringLiteral("client authentication failed")),
                    QStringLiteral("Provider acme: invalid_client: client authentication failed (HTTP 401)"));
        expectError(TokenEndpoint::oauthError(200, QStringLiteral("invalid_scope"), QStringLiteral("nope")),
                    QStringLiteral("Provider acme: invalid_scope: nope (HTTP 200)"));
    }

    void aJsonRequestCarriesTheFormsFieldsAndTheProfilesHeaders()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.actAsJsonApi("k3y-for-the-api", QStringLiteral("t0k3n"), 900);
        ProviderProfile profile = profileFor(endpoint);
        profile.authMethod = ProviderProfile::AuthMethod::ClientSecretPost;
        profile.requestFormat = ProviderProfile::RequestFormat::Json;
        profile.scopes = {QStringLiteral("payments:write")};
        profile.extraParameters.insert(QStringLiteral("merchant"), QStringLiteral("m-1"));
        profile.headers.insert(
            QStringLiteral("X-Api-Key"),
            SecretRef(SecretRef::Kind::Literal, QStringLiteral("k3y-for-the-api")).format());
        profile.headers.insert(QStringLiteral("Accept"), QStringLiteral("plain:application/vnd.pay+json"));
        profile.response.tokenField = QStringLiteral("/data/accessToken");
        profile.response.expiresField = QStringLiteral("/data/expiresIn");
        const auto response = fetch(profile);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->accessToken, QStringLiteral("t0k3n"));
        QCOMPARE(response->expiresIn, std::optional<qint64>(900));

        const TokenEndpoint::Request& request = endpoint.requests().first();
        QCOMPARE(request.headers.value("content-type"), QByteArray("application/json"));
        QCOMPARE(request.headers.value("accept"),
                 QByteArray("application/vnd.pay+json"));    // replaces the default
        QVERIFY(!request.headers.contains("authorization")); // post: the secret is in the body
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        QCOMPARE(body, (QJsonObject{{QStringLiteral("grant_type"), QStringLiteral("client_credentials")},
                                    {QStringLiteral("client_id"), QStringLiteral("client id+1")},
                                    {QStringLiteral("client_secret"), QStringLiteral("s3cr:t&=+%")},
                                    {QStringLiteral("scope"), QStringLiteral("payments:write")},
                                    {QStringLiteral("merchant"), QStringLiteral("m-1")}}));
    }

    void aMissingMappedLifetimeIsAProviderErrorNamingWhatIsThere()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.actAsJsonApi("key0", QStringLiteral("t0k3n"));
        ProviderProfile profile = profileFor(endpoint);
        profile.requestFormat = ProviderProfile::RequestFormat::Json;
        profile.headers.insert(QStringLiteral("X-Api-Key"), QStringLiteral("plain:key0"));
        profile.response.tokenField = QStringLiteral("/data/accessToken");
        profile.response.expiresField = QStringLiteral("/data/expires_in");
        const auto response = fetch(profile);
        QVERIFY(!response);
        QCOMPARE(
            response.error().message,
            QStringLiteral("Provider acme: response has no lifetime: /data/expires_in is absent (/data has "
                           "accessToken, expiresIn, tokenType)"));
    }

    void whatAFreshResponseMustHoldDependsOnTheMapping()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        // No lifetime field at all: the default TTL applies later, as without expires_in.
        profile.response.expiresField.clear();
        profile.defaultTtlSeconds = 300;
        endpoint.respondWith(TokenEndpoint::token(QStringLiteral("t0k"), QJsonValue::Undefined));
        QVERIFY(fetch(profile));
        // An expiry time that has passed: the token is expired when it arrives.
        profile.response.expiresAtField = QStringLiteral("/expires_at");
        endpoint.respondWith(TokenEndpoint::token(QStringLiteral("t0k"), QJsonValue::Undefined,
                                                  {{QStringLiteral("expires_at"), 1'700'000'000}}));
        const auto expired = fetch(profile);
        QVERIFY(!expired);
        QCOMPARE(expired.error().message,
                 QStringLiteral(
                     "Provider acme: the response's expiry time 2023-11-14T22:13:20Z has passed: the token "
                     "is expired (or this machine's clock is wrong)"));
        // A 2xx answer without a token that says why in a shape of its own.
        endpoint.respondWith({200, "{\"message\":\"merchant not activated\"}"});
        QCOMPARE(fetch(profile).error().message,
                 QStringLiteral("Provider acme: response has no access_token (the response has message); the "
                                "provider says: merchant not activated"));
    }

    void errorsThatAreNotRfc6749AreTheProvidersMessage_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QByteArray>("contentType");
        QTest::addColumn<QString>("message");
        QTest::newRow("message") << QByteArray("{\"message\":\"merchant suspended\",\"code\":17}")
                                 << QByteArray("application/json") << QStringLiteral("merchant suspended");
        QTest::newRow("errors") << QByteArray(
                                       "{\"errors\":[{\"code\":\"A\",\"message\":\"bad key\"},\"and more\"]}")
                                << QByteArray("application/json") << QStringLiteral("bad key; and more");
        QTest::newRow("nested error") << QByteArray("{\"error\":{\"code\":401,\"message\":\"expired key\"}}")
                                      << QByteArray("application/json") << QStringLiteral("expired key");
        QTest::newRow("problem details")
            << QByteArray("{\"type\":\"about:blank\",\"title\":\"Forbidden\",\"detail\":\"IP not allowed\"}")
            << QByteArray("application/problem+json") << QStringLiteral("IP not allowed");
        QTest::newRow("plain text") << QByteArray("Invalid API key\n")
                                    << QByteArray("text/plain; charset=utf-8")
                                    << QStringLiteral("Invalid API key");
        QTest::newRow("echoed secret") << QByteArray("{\"message\":\"bad secret s3cr:t&=+%\"}")
                                       << QByteArray("application/json") << QStringLiteral("bad secret ***");
    }

    void errorsThatAreNotRfc6749AreTheProvidersMessage()
    {
        QFETCH(QByteArray, body);
        QFETCH(QByteArray, contentType);
        QFETCH(QString, message);
        expectError({403, body, contentType}, QStringLiteral("Provider acme: %1 (HTTP 403)").arg(message));
    }

    void aSecretHeaderNeverReachesAMessage()
    {
        // A provider that echoes the request's headers back in its error.
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.setHandler([](const TokenEndpoint::Request& request) {
            return TokenEndpoint::Response{400, "{\"message\":\"unknown key " +
                                                    request.headers.value("x-api-key") + " for \\\"" +
                                                    request.headers.value("x-api-key") + "\\\"\"}"};
        });
        ProviderProfile profile = profileFor(endpoint);
        qputenv("TC_CLIENT_TEST_KEY", "k3y\"quoted");
        profile.headers.insert(QStringLiteral("X-Api-Key"), QStringLiteral("env:TC_CLIENT_TEST_KEY"));
        const auto response = fetch(profile);
        QVERIFY(!response);
        QVERIFY2(!response.error().message.contains(QLatin1String("k3y")),
                 qPrintable(response.error().message));
        QVERIFY(response.error().message.contains(QLatin1String("unknown key ***")));
        qunsetenv("TC_CLIENT_TEST_KEY");
        // An empty one is refused, as an empty secret file is.
        qputenv("TC_CLIENT_TEST_KEY", "");
        QCOMPARE(TokenRequest::fromProfile(profile).error().message,
                 QStringLiteral(
                     "profile \"acme\": header X-Api-Key: the value of env:TC_CLIENT_TEST_KEY is empty"));
        // A value that would split the header is refused before anything is sent, without showing it.
        qputenv("TC_CLIENT_TEST_KEY", "k3y\r\nX-Injected: 1");
        const auto request = TokenRequest::fromProfile(profile);
        QVERIFY(!request);
        QCOMPARE(request.error().message,
                 QStringLiteral(
                     "profile \"acme\": header X-Api-Key: the value of env:TC_CLIENT_TEST_KEY contains a "
                     "line break or a control character"));
        qunsetenv("TC_CLIENT_TEST_KEY");
    }

    void serverErrorsWithoutJson()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.respondWith({503, "upstream down", "text/plain"});
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        // Plain text is the provider's message, as an RFC 6749 error's description is.
        QCOMPARE(result.error().message,
                 QStringLiteral("Provider acme: upstream down (HTTP 503) (after 3 attempts)"));
        QCOMPARE(endpoint.requestCount(), 3);
    }

    void unusableBodiesGetSpecificMessages_data()
    {
        QTest::addColumn<QByteArray>("body");
        QTest::addColumn<QString>("message");
        QTest::newRow("html") << QByteArray("<html>hi</html>")
                              << QStringLiteral(
                                     "Provider acme: response is not JSON (illegal value at offset 1)");
        QTest::newRow("no token")
            << QByteArray(R"({"token_type":"Bearer"})")
            << QStringLiteral("Provider acme: response has no access_token (the response has token_type)");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("Provider acme: response is empty");
    }

    void unusableBodiesGetSpecificMessages()
    {
        QFETCH(QByteArray, body);
        QFETCH(QString, message);
        expectError({200, body}, message);
    }

    void slowProviderTimesOut()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response slow = TokenEndpoint::token(QStringLiteral("late"));
        slow.delayMs = 3000;
        endpoint.respondWith(slow);
        ProviderProfile profile = profileFor(endpoint);
        profile.requestTimeoutMs = 300;
        const auto result = fetch(profile);
        QVERIFY(!result);
        QCOMPARE(result.error().message,
                 QStringLiteral("Provider acme: no complete response from %1 within 0.3 s (after 3 attempts)")
                     .arg(endpoint.url()));
        QCOMPARE(endpoint.requestCount(), 3);
    }

    void unreachableProvider()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response drop;
        drop.dropConnection = true;
        endpoint.respondWith(drop);
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        QVERIFY2(result.error().message.startsWith(
                     QStringLiteral("Provider acme: cannot reach %1: ").arg(endpoint.url())),
                 qPrintable(result.error().message));
    }

    void transientFailuresAreRetried()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response tooMany =
            TokenEndpoint::oauthError(429, QStringLiteral("slow_down"), QString());
        tooMany.extraHeaders = "Retry-After: 0\r\n";
        endpoint.respondInTurn({{502, "bad gateway", "text/plain"}, tooMany},
                               TokenEndpoint::token(QStringLiteral("third")));
        const auto result = fetch(profileFor(endpoint));
        QVERIFY2(result, result ? "" : qPrintable(result.error().message));
        QCOMPARE(result->accessToken, QStringLiteral("third"));
        QCOMPARE(endpoint.requestCount(), 3);
    }

    void clientErrorsAreNeverRetried_data()
    {
        QTest::addColumn<int>("status");
        QTest::newRow("400") << 400;
        QTest::newRow("401") << 401;
        QTest::newRow("403") << 403;
        QTest::newRow("404") << 404;
    }

    void clientErrorsAreNeverRetried()
    {
        QFETCH(int, status);
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.respondWith(
            TokenEndpoint::oauthError(status, QStringLiteral("invalid_request"), QStringLiteral("no")));
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        QCOMPARE(result.error().message,
                 QStringLiteral("Provider acme: invalid_request: no (HTTP %1)").arg(status));
        QCOMPARE(endpoint.requestCount(), 1);
    }

    void attemptsComeFromTheProfile()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.respondWith({500, "boom", "text/plain"});
        ProviderProfile profile = profileFor(endpoint);
        profile.maxAttempts = 1;
        QVERIFY(!fetch(profile));
        QCOMPARE(endpoint.requestCount(), 1);
    }

    void oversizedResponsesAreRefused()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.respondWith({200, "{\"access_token\":\"" + QByteArray(2 * 1024 * 1024, 'a') + "\"}"});
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        QCOMPARE(result.error().message,
                 QStringLiteral("Provider acme: response larger than 1048576 bytes refused"));
    }

    void retryDelays()
    {
        QCOMPARE(RetryPolicy::delayMs(2, "2"), 2000);
        QCOMPARE(RetryPolicy::delayMs(2, "3600"), RetryPolicy::kMaxDelayMs);
        // Capped before it is multiplied: no overflow (UBSan watches this in the sanitizer pass).
        QCOMPARE(RetryPolicy::delayMs(2, "9223372036854775807"), RetryPolicy::kMaxDelayMs);
        const QDateTime now =
            QDateTime::fromSecsSinceEpoch(784111777, Qt::UTC); // Sun, 06 Nov 1994 08:49:37 GMT
        QCOMPARE(RetryPolicy::delayMs(2, "Sun, 06 Nov 1994 08:49:40 GMT", now), 3000);
        QCOMPARE(RetryPolicy::delayMs(2, "Sun, 06 Nov 1994 08:49:00 GMT", now), 0);
        for (int i = 0; i < 50; ++i) {
            const qint64 first = RetryPolicy::delayMs(2, {});
            const qint64 second = RetryPolicy::delayMs(3, {});
            QVERIFY2(first >= 125 && first <= 375, QByteArray::number(first));
            QVERIFY2(second >= 250 && second <= 750, QByteArray::number(second));
        }
        QVERIFY(RetryPolicy::isRetryable(0) && RetryPolicy::isRetryable(429) &&
                RetryPolicy::isRetryable(503));
        QVERIFY(!RetryPolicy::isRetryable(400) && !RetryPolicy::isRetryable(401) &&
                !RetryPolicy::isRetryable(200));
    }

    void redirectsAreNeverFollowed_data()
    {
        QTest::addColumn<int>("status");
        for (const int status : {301, 302, 303, 307, 308})
            QTest::newRow(QByteArray::number(status).constData()) << status;
    }

    void redirectsAreNeverFollowed()
    {
        QFETCH(int, status);
        // The attacker's endpoint would take the credentials and hand out its own token.
        TokenEndpoint elsewhere;
        QVERIFY(elsewhere.listen());
        const QString location =
            elsewhere.url().replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost"));
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response redirect{status, {}};
        redirect.extraHeaders = "Location: " + location.toUtf8() + "\r\n";
        endpoint.respondWith(redirect);
        ProviderProfile profile = profileFor(endpoint);
        profile.authMethod = ProviderProfile::AuthMethod::ClientSecretPost;
        const auto result = fetch(profile);
        QVERIFY(!result);
        QCOMPARE(
            result.error().message,
            QStringLiteral("Provider acme: HTTP %1 from %2 redirects to %3; tokencache never follows a token "
                           "endpoint's redirect (the credentials would go with it): update the token URL")
                .arg(status)
                .arg(endpoint.url(), location));
        QCOMPARE(elsewhere.requestCount(), 0);
        QCOMPARE(endpoint.requestCount(), 1); // final: not retried
    }

    void plainHttpOnlyToLoopbackUnlessAllowed()
    {
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.clientId = QStringLiteral("c");
        profile.clientSecretRef = SecretRef(SecretRef::Kind::Literal, QStringLiteral("secret")).format();
        for (const QString& allowed :
             {QStringLiteral("https://login.example/token"), QStringLiteral("http://127.0.0.1:8080/token"),
              QStringLiteral("http://[::1]/token"), QStringLiteral("http://localhost/t")}) {
            profile.tokenUrl = allowed;
            QVERIFY2(TokenRequest::fromProfile(profile), qPrintable(allowed));
        }
        profile.tokenUrl = QStringLiteral("http://user:pw@login.example/token");
        const auto refused = TokenRequest::fromProfile(profile);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Config);
        QCOMPARE(
            refused.error().message,
            QStringLiteral(
                "profile \"acme\": the token URL http://login.example/token is plain http to a host "
                "that is not loopback: the client's credentials would cross the network unencrypted; use "
                "https, or allow it explicitly with --allow-insecure-http"));
        profile.allowInsecureHttp = true;
        QVERIFY(TokenRequest::fromProfile(profile));
    }

    void aTricklingBodyIsBoundedByTheTimeout()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response trickle;
        trickle.trickleEveryMs = 50; // each byte resets an inactivity timer; the whole-request timeout holds
        endpoint.respondWith(trickle);
        ProviderProfile profile = profileFor(endpoint);
        profile.requestTimeoutMs = 1000;
        profile.maxAttempts = 1;
        const auto result = fetch(profile);
        QVERIFY(!result);
        QCOMPARE(
            result.error().message,
            QStringLiteral("Provider acme: no complete response from %1 within 1 s").arg(endpoint.url()));
    }

    void anEndlessChunkedBodyIsCutAtTheLimit()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response endless;
        endless.endlessChunkedBody = true;
        endpoint.respondWith(endless);
        ProviderProfile profile = profileFor(endpoint);
        profile.maxAttempts = 1;
        const auto result = fetch(profile);
        QVERIFY(!result);
        QCOMPARE(result.error().message,
                 QStringLiteral("Provider acme: response larger than 1048576 bytes refused"));
        // Aborted as the limit was crossed: what was sent is the limit plus what sat in socket buffers.
        QVERIFY2(endpoint.hostileBytesSent() < 16 * 1024 * 1024,
                 QByteArray::number(endpoint.hostileBytesSent()));
    }

    void compressedResponsesAreRefused()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        TokenEndpoint::Response gzip = TokenEndpoint::token(QStringLiteral("t"));
        gzip.extraHeaders = "Content-Encoding: gzip\r\n";
        endpoint.respondWith(gzip);
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        QCOMPARE(
            result.error().message,
            QStringLiteral("Provider acme: HTTP 200 from %1 is gzip-encoded although tokencache asked for "
                           "identity; compressed responses are refused")
                .arg(endpoint.url()));
        QCOMPARE(endpoint.requests().first().headers.value("accept-encoding"), QByteArray("identity"));
    }

    void errorBodiesThatEchoTheSecretAreMasked()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        profile.clientSecretRef =
            SecretRef(SecretRef::Kind::Literal, QStringLiteral("hunter2-very-secret")).format();
        profile.maxAttempts = 1;
        endpoint.setHandler([](const TokenEndpoint::Request& request) {
            // A provider that echoes what it got: the form body and the Basic header.
            return TokenEndpoint::Response{
                500,
                "bad request: " + request.body + " client_secret=hunter2-very-secret " +
                    request.headers.value("authorization") + " client_assertion=eyJhbGciOi.x.y",
                "text/plain"};
        });
        auto result = fetch(profile);
        QVERIFY(!result);
        QVERIFY2(!result.error().message.contains(QStringLiteral("hunter2")) &&
                     !result.error().message.contains(QStringLiteral("eyJhbGciOi")) &&
                     result.error().message.contains(QStringLiteral("client_secret=***")),
                 qPrintable(result.error().message));
        const QByteArray basic = QByteArray("client+id%2B1:hunter2-very-secret").toBase64();
        QVERIFY(!result.error().message.contains(QString::fromLatin1(basic.left(20))));

        endpoint.respondWith(TokenEndpoint::oauthError(
            401, QStringLiteral("invalid_client"), QStringLiteral("secret hunter2-very-secret is wrong")));
        result = fetch(profile);
        QCOMPARE(result.error().message,
                 QStringLiteral("Provider acme: invalid_client: secret *** is wrong (HTTP 401)"));
    }

    void errorTextIsNeverReadAsAFormat()
    {
        // "%1" in a provider's words must stay as it is: substituted, it would alter (and so unmask)
        // an echoed secret. Spaces echoed as '+' are masked too.
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        profile.clientSecretRef =
            SecretRef(SecretRef::Kind::Literal, QStringLiteral("Sup3r S3cret+Value")).format();
        endpoint.respondWith(
            {400, R"({"error":"bad%1x","error_description":"d %1 %2 Sup3r+S3cret%2BValue"})"});
        const auto result = fetch(profile);
        QCOMPARE(result.error().message, QStringLiteral("Provider acme: bad%1x: d %1 %2 *** (HTTP 400)"));
    }

    void absurdLifetimesAreTheProvidersError_data()
    {
        QTest::addColumn<QByteArray>("expiresIn");
        QTest::newRow("eleven years") << QByteArray("347155200");
        QTest::newRow("beyond 64 bits") << QByteArray("18446744073709551616");
        QTest::newRow("1e300") << QByteArray("1e300");
        QTest::newRow("string 1e300") << QByteArray("\"1e300\"");
    }

    void absurdLifetimesAreTheProvidersError()
    {
        QFETCH(QByteArray, expiresIn);
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        endpoint.respondWith({200, "{\"access_token\":\"t\",\"expires_in\":" + expiresIn + "}"});
        const auto result = fetch(profileFor(endpoint));
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Provider);
        QVERIFY2(result.error().message.contains(QStringLiteral("more than ten years: not a token lifetime")),
                 qPrintable(result.error().message));
    }

    void tokensWithControlCharactersAreRefused()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        for (const QString& token : {QStringLiteral("abc\r\nX-Injected: 1"), QStringLiteral("a b"),
                                     QStringLiteral("zero\u200bwidth"), QStringLiteral("rtl\u202eoverride"),
                                     QStringLiteral("tok\u001b[31m"), QStringLiteral("tok\u009b")}) {
            endpoint.respondWith(TokenEndpoint::token(token));
            const auto result = fetch(profileFor(endpoint));
            QVERIFY(!result);
            QCOMPARE(result.error().message,
                     QStringLiteral("Provider acme: access_token contains control characters, whitespace or "
                                    "non-ASCII characters"));
        }
    }

    void unresolvedSecretIsAConfigError()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile = profileFor(endpoint);
        profile.clientSecretRef = QStringLiteral("env:TOKENCACHE_TEST_UNSET_SECRET");
        const auto result = fetch(profile);
        QVERIFY(!result);
        QCOMPARE(result.error().kind, Error::Kind::Config);
        QVERIFY(result.error().message.contains(QStringLiteral("TOKENCACHE_TEST_UNSET_SECRET")));
        QCOMPARE(endpoint.requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_TokenClient)
#include "tst_TokenClient.moc"
