#include "core/config/ConfigStore.h"
#include "core/config/SecretRef.h"
#include "core/redis/RedisEndpoint.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLockFile>
#include <QTemporaryDir>
#include <QTest>

using namespace tokencache;

class tst_ConfigStore : public QObject
{
    Q_OBJECT

    static ProviderProfile sampleProfile(const QString& name)
    {
        ProviderProfile profile;
        profile.name = name;
        profile.tokenUrl = QStringLiteral("https://login.example/token");
        profile.clientId = QStringLiteral("client");
        profile.clientSecretRef = QStringLiteral("env:ACME_SECRET");
        profile.authMethod = ProviderProfile::AuthMethod::ClientSecretPost;
        profile.scopes = {QStringLiteral("a"), QStringLiteral("b")};
        profile.audience = QStringLiteral("aud");
        profile.extraParameters.insert(QStringLiteral("tenant"), QStringLiteral("t1"));
        profile.key = QStringLiteral("oauth2token");
        profile.defaultTtlSeconds = 120;
        return profile;
    }

    /** A config file with exactly @p text, as a person or an older tokencache wrote it. */
    static QString writeConfig(const QTemporaryDir& directory, const QByteArray& text)
    {
        const QString path = directory.filePath(QStringLiteral("config.json"));
        QFile file(path);
        if (file.open(QIODevice::WriteOnly))
            file.write(text);
        return path;
    }

    static Result<Done> addProfile(const ConfigStore& store, const ProviderProfile& profile)
    {
        return store.update([&profile](AppConfig& config) -> Result<Done> {
            config.connections.first().profiles.append(profile);
            return Done{};
        });
    }

private slots:
    void aFileWrittenByTheLastReleaseLoadsUnchanged()
    {
        // Byte for byte what main wrote before the hardening release: the new optional fields
        // (allowInsecureHttp, redis.maxBulkBytes, redis.maxElements) take their safe defaults and
        // a save writes nothing new unless they were set.
        const QByteArray written = "{\n"
                                   "    \"profiles\": [\n"
                                   "        {\n"
                                   "            \"authMethod\": \"client_secret_basic\",\n"
                                   "            \"clientId\": \"client\",\n"
                                   "            \"clientSecret\": \"env:ACME_SECRET\",\n"
                                   "            \"maxAttempts\": 3,\n"
                                   "            \"name\": \"acme\",\n"
                                   "            \"refreshMarginSeconds\": 60,\n"
                                   "            \"requestTimeoutMs\": 10000,\n"
                                   "            \"tokenUrl\": \"http://login.lab.example/token\"\n"
                                   "        }\n"
                                   "    ],\n"
                                   "    \"redis\": {\n"
                                   "        \"url\": \"redis://127.0.0.1:6379/0\"\n"
                                   "    },\n"
                                   "    \"version\": 1\n"
                                   "}\n";
        QTemporaryDir directory;
        ConfigStore store(writeConfig(directory, written));
        const auto config = store.load();
        QVERIFY2(config, config ? "" : qPrintable(config.error().message));
        QVERIFY(!config->connections.first().profiles.first().allowInsecureHttp);
        QVERIFY(!config->connections.first()
                     .profiles.first()
                     .insecureUrlProblem()
                     .isEmpty()); // refused when fetching, not lost
        QCOMPARE(config->connections.first().redis.maxBulkBytes, 64LL << 20);
        QCOMPARE(config->connections.first().redis.maxElements, 1000000);
        // Format 2's request and response settings default to what version 1 did: form, RFC 6749 fields.
        const ProviderProfile& profile = config->connections.first().profiles.first();
        QCOMPARE(profile.requestFormat, ProviderProfile::RequestFormat::Form);
        QVERIFY(profile.headers.isEmpty());
        QVERIFY(profile.response.isStandard());
        QCOMPARE(QJsonDocument(config->toJson()).toJson(), written);
    }

    void aSecondConnectionIsWrittenAsVersionThreeAndNothingIsLost()
    {
        // A file today's main wrote (one redis block, top-level profiles, an unknown member) becomes the
        // connection "default"; adding another one writes version 3, with everything kept.
        QTemporaryDir directory;
        const QByteArray written =
            "{\"version\": 1, \"note\": \"ops: ask #platform\", \"redis\": {\"url\": "
            "\"redis://10.0.0.5:6379/2\", \"password\": \"env:REDIS_PW\"}, \"profiles\": "
            "[{\"name\": \"acme\", \"tokenUrl\": \"https://login.example/t\", \"clientId\": "
            "\"c\", \"clientSecret\": \"env:S\"}]}";
        ConfigStore store(writeConfig(directory, written));
        const auto legacy = store.load();
        QVERIFY2(legacy, legacy ? "" : qPrintable(legacy.error().message));
        QCOMPARE(legacy->connectionNames(), QStringList{QStringLiteral("default")});
        QCOMPARE((*legacy->select(QString()))->redis.passwordRef, QStringLiteral("env:REDIS_PW"));
        QCOMPARE(legacy->formatVersion(), 1); // unchanged until something needs version 3
        QVERIFY(store.update([](AppConfig& config) -> Result<Done> {
            Connection production;
            production.name = QStringLiteral("prod");
            production.tag = QStringLiteral("production");
            production.color = QStringLiteral("#c62828");
            production.readOnly = true;
            production.redis.url = QStringLiteral("rediss://redis.prod:6380/0");
            production.profiles.append(config.connections.first().profiles.first());
            config.connections.append(production);
            config.defaultConnection = QStringLiteral("prod");
            config.audit.logHits = true;
            return Done{};
        }));
        QFile file(store.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), 3);
        QCOMPARE(json.value(QStringLiteral("note")).toString(), QStringLiteral("ops: ask #platform"));
        QVERIFY(!json.contains(QStringLiteral("redis")) && !json.contains(QStringLiteral("profiles")));
        const auto loaded = store.load();
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().message));
        const Connection& production = **loaded->select(QString());
        QCOMPARE(production.name, QStringLiteral("prod"));
        QVERIFY(production.readOnly && production.isProduction());
        QCOMPARE(production.writeRefusal(), QStringLiteral("refused: connection 'prod' is read-only"));
        QCOMPARE(production.profiles.first().name, QStringLiteral("acme"));
        QCOMPARE((*loaded->select(QStringLiteral("default")))->redis.url,
                 QStringLiteral("redis://10.0.0.5:6379/2"));
        QVERIFY(loaded->audit.logHits);
        QCOMPARE(loaded->select(QStringLiteral("nope")).error().kind, Error::Kind::NotFound);
        // This version refuses a newer one; the version before this one refused this file the same way.
        QJsonObject newer = json;
        newer.insert(QStringLiteral("version"), AppConfig::kVersion + 1);
        QVERIFY(!AppConfig::fromJson(newer));
    }

    void anIssuerIsWrittenAsVersionFour()
    {
        AppConfig config;
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.tokenUrl = QStringLiteral("https://login.example/token");
        profile.clientId = QStringLiteral("c");
        profile.clientSecretRef = QStringLiteral("env:S");
        config.connections.first().profiles.append(profile);
        QCOMPARE(config.formatVersion(), 1); // without an issuer, the oldest form
        config.connections.first().profiles.first().issuer = QStringLiteral("https://login.example");
        const QJsonObject json = config.toJson();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), 4);
        const auto read = AppConfig::fromJson(json);
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        QCOMPARE(read->connections.first().profiles.first().issuer, QStringLiteral("https://login.example"));
    }

    void aVersionFourFileFromTheLastReleaseLoads()
    {
        // As main wrote it before format 5: a profile with an issuer, client_secret_basic.
        const QByteArray written =
            "{\"version\": 4, \"defaultConnection\": \"default\", \"connections\": "
            "[{\"name\": \"default\", \"redis\": {\"url\": \"redis://127.0.0.1:6379\"}, "
            "\"profiles\": [{\"name\": \"acme\", \"tokenUrl\": "
            "\"https://login.example/token\", \"clientId\": \"c\", \"clientSecret\": "
            "\"env:S\", \"authMethod\": \"client_secret_basic\", \"issuer\": "
            "\"https://login.example\", \"requestTimeoutMs\": 10000, \"maxAttempts\": 3, "
            "\"refreshMarginSeconds\": 60}]}]}";
        const auto read = AppConfig::fromJson(QJsonDocument::fromJson(written).object());
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        const ProviderProfile& profile = read->connections.first().profiles.first();
        QCOMPARE(profile.issuer, QStringLiteral("https://login.example"));
        QCOMPARE(profile.authMethod, ProviderProfile::AuthMethod::ClientSecretBasic);
        QCOMPARE(read->formatVersion(), 4); // saved again as it was
    }

    void clientAuthenticationBeyondASecretIsWrittenAsVersionFive()
    {
        AppConfig config;
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.issuer = QStringLiteral("https://login.example");
        profile.clientId = QStringLiteral("c");
        profile.authMethod = ProviderProfile::AuthMethod::PrivateKeyJwt;
        profile.privateKeyRef = QStringLiteral("file:/etc/acme/key.pem");
        profile.keyId = QStringLiteral("k1");
        profile.signingAlgorithm = QStringLiteral("PS256");
        profile.assertionAudience = QStringLiteral("issuer");
        profile.providerCa = QStringLiteral("/etc/acme/ca.pem");
        QCOMPARE(profile.validate(), QString()); // no token URL: the issuer's metadata names it
        config.connections.first().profiles.append(profile);
        const QJsonObject json = config.toJson();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), 5);
        const auto read = AppConfig::fromJson(json);
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        const ProviderProfile& back = read->connections.first().profiles.first();
        QCOMPARE(back.toJson(), profile.toJson());
        QVERIFY(back.discoversTokenUrl());

        // What each method needs is asked for by name.
        ProviderProfile tls = profile;
        tls.authMethod = ProviderProfile::AuthMethod::TlsClientAuth;
        QVERIFY2(tls.validate().contains(QStringLiteral("needs a client certificate (--provider-cert FILE)")),
                 qPrintable(tls.validate()));
        tls.providerCert = QStringLiteral("/etc/acme/client.pem");
        QVERIFY2(
            tls.validate().contains(QStringLiteral("client certificate's key (--provider-key) is not set")),
            qPrintable(tls.validate()));
        ProviderProfile keyless = profile;
        keyless.privateKeyRef.clear();
        QVERIFY(keyless.validate().contains(QStringLiteral("private key (--private-key) is not set")));
        ProviderProfile badAlgorithm = profile;
        badAlgorithm.signingAlgorithm = QStringLiteral("HS256");
        QVERIFY(
            badAlgorithm.validate().contains(QStringLiteral("signing algorithm \"HS256\" is not one of")));
        ProviderProfile nowhere = profile;
        nowhere.issuer.clear();
        nowhere.assertionAudience.clear();
        QVERIFY(nowhere.validate().contains(QStringLiteral("a token URL or an issuer is required")));
    }

    void connectionsThatCannotBeUsedAreRefusedByName_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("no connections")
            << QByteArray("{\"version\": 3, \"connections\": []}")
            << QStringLiteral("\"connections\" must be a list of at least one connection");
        QTest::newRow("twice")
            << QByteArray("{\"version\": 3, \"connections\": [{\"name\": \"a\"}, {\"name\": \"a\"}]}")
            << QStringLiteral("connection \"a\" is defined twice");
        QTest::newRow("bad colour")
            << QByteArray("{\"version\": 3, \"connections\": [{\"name\": \"a\", \"color\": \"red\"}]}")
            << QStringLiteral("connections[0]: colour \"red\": expected #RRGGBB, e.g. #c62828");
        QTest::newRow("read-only as text")
            << QByteArray("{\"version\": 3, \"connections\": [{\"name\": \"a\", \"readOnly\": \"yes\"}]}")
            << QStringLiteral("connections[0].readOnly must be true or false");
        QTest::newRow("unknown default")
            << QByteArray(
                   "{\"version\": 3, \"defaultConnection\": \"b\", \"connections\": [{\"name\": \"a\"}]}")
            << QStringLiteral("defaultConnection \"b\" names no connection (known: a)");
    }

    void connectionsThatCannotBeUsedAreRefusedByName()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        const auto loaded = AppConfig::fromJson(QJsonDocument::fromJson(json).object());
        QVERIFY(!loaded);
        QCOMPARE(loaded.error().message, error);
    }

    void aProfileWithAJsonRequestIsWrittenAsVersionTwoAndReadBack()
    {
        QTemporaryDir directory;
        ConfigStore store(directory.filePath(QStringLiteral("config.json")));
        ProviderProfile profile = sampleProfile(QStringLiteral("pay"));
        QVERIFY(addProfile(store, profile));
        QCOMPARE(store.load()->formatVersion(), 1); // nothing of version 2 used: older tokencaches read it

        profile.name = QStringLiteral("pay2");
        profile.requestFormat = ProviderProfile::RequestFormat::Json;
        profile.headers.insert(QStringLiteral("X-Api-Key"), QStringLiteral("env:PAY_API_KEY"));
        profile.headers.insert(QStringLiteral("Accept"), QStringLiteral("plain:application/vnd.pay+json"));
        profile.response.tokenField = QStringLiteral("/data/accessToken");
        profile.response.expiresField.clear();
        profile.response.expiresAtField = QStringLiteral("/data/expiresAt");
        QVERIFY(addProfile(store, profile));

        QFile file(store.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("version")).toInt(), 2);
        const QJsonObject written = json.value(QStringLiteral("profiles")).toArray().at(1).toObject();
        QCOMPARE(written.value(QStringLiteral("requestFormat")).toString(), QStringLiteral("json"));
        QCOMPARE(written.value(QStringLiteral("expiresField")).toString(),
                 QString()); // cleared, not defaulted
        const auto loaded = store.load();
        QVERIFY2(loaded, loaded ? "" : qPrintable(loaded.error().message));
        const ProviderProfile& read = loaded->connections.first().profiles.at(1);
        QCOMPARE(read.requestFormat, ProviderProfile::RequestFormat::Json);
        QCOMPARE(read.headers, profile.headers);
        QCOMPARE(read.response, profile.response);
    }

    void newerOrMistypedConfigsAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("error");
        QTest::newRow("newer version")
            << QByteArray("{\"version\": 6, \"connections\": []}")
            << QStringLiteral("the config was written by a newer tokencache (format version 6; "
                              "this one reads 5)");
        QTest::newRow("redis as a string") << QByteArray("{\"redis\": \"redis://10.0.0.1\"}")
                                           << QStringLiteral("\"redis\" has the wrong type");
        QTest::newRow("password as a number") << QByteArray("{\"redis\": {\"password\": 5}}")
                                              << QStringLiteral("redis.password must be a string");
        QTest::newRow("scopes as a string")
            << QByteArray("{\"profiles\": [{\"name\": \"a\", \"tokenUrl\": \"https://x/t\", \"clientId\": "
                          "\"c\", \"clientSecret\": \"env:S\", \"scopes\": \"read\"}]}")
            << QStringLiteral("profile \"a\": scopes must be a list of strings");
    }

    void membersThisVersionDoesNotKnowAreKeptOnSave()
    {
        QTemporaryDir directory;
        ConfigStore store(writeConfig(directory,
                                      "{\"version\": 1, \"note\": \"ops: ask #platform\", \"profiles\": "
                                      "[{\"name\": \"a\", \"tokenUrl\": \"https://x/t\", \"clientId\": "
                                      "\"c\", \"clientSecret\": \"env:S\", \"owner\": \"team-pay\"}]}"));
        QVERIFY(addProfile(store, sampleProfile(QStringLiteral("b"))));
        QVERIFY(store.update([](AppConfig& config) -> Result<Done> {
            config.connections.first().profiles.first().audience =
                QStringLiteral("api"); // an edit keeps them too
            return Done{};
        }));
        QFile file(store.path());
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QJsonObject json = QJsonDocument::fromJson(file.readAll()).object();
        QCOMPARE(json.value(QStringLiteral("note")).toString(), QStringLiteral("ops: ask #platform"));
        const QJsonObject first = json.value(QStringLiteral("profiles")).toArray().first().toObject();
        QCOMPARE(first.value(QStringLiteral("owner")).toString(), QStringLiteral("team-pay"));
        QCOMPARE(first.value(QStringLiteral("audience")).toString(), QStringLiteral("api"));
    }

    void badRequestOrResponseSettingsAreRefusedByName_data()
    {
        QTest::addColumn<QString>("member");
        QTest::addColumn<QByteArray>("value");
        QTest::addColumn<QString>("error");
        QTest::newRow("format") << QStringLiteral("requestFormat") << QByteArray("\"xml\"")
                                << QStringLiteral("unknown request format \"xml\"; expected form or json");
        QTest::newRow("bare header value")
            << QStringLiteral("headers") << QByteArray("{\"X-Api-Key\": \"k3y\"}")
            << QStringLiteral(
                   "header X-Api-Key: a header value must be a secret reference (env:NAME, file:/path) "
                   "or plain:TEXT for a value that is not secret");
        QTest::newRow("header injection")
            << QStringLiteral("headers") << QByteArray("{\"Accept\": \"plain:a\\r\\nX-Evil: 1\"}")
            << QStringLiteral("header Accept: the value contains a line break or a "
                              "control character");
        QTest::newRow("own header") << QStringLiteral("headers")
                                    << QByteArray("{\"content-type\": \"plain:text/xml\"}")
                                    << QStringLiteral("header content-type is set by tokencache itself");
        QTest::newRow("basic's header")
            << QStringLiteral("headers") << QByteArray("{\"Authorization\": \"env:X\"}")
            << QStringLiteral(
                   "header Authorization is where client_secret_basic sends the client id and secret; "
                   "use --auth post to send an Authorization header of your own");
        QTest::newRow("pointer") << QStringLiteral("tokenField") << QByteArray("\"data.accessToken\"")
                                 << QStringLiteral(
                                        "the token field: \"data.accessToken\" is not a JSON pointer: it "
                                        "must start with '/', e.g. /data/accessToken");
        QTest::newRow("format type") << QStringLiteral("requestFormat") << QByteArray("1")
                                     << QStringLiteral("requestFormat must be \"form\" or \"json\"");
        QTest::newRow("framing header")
            << QStringLiteral("headers") << QByteArray("{\"Content-Encoding\": \"plain:gzip\"}")
            << QStringLiteral("header Content-Encoding is set by tokencache itself");
        QTest::newRow("not ASCII") << QStringLiteral("headers")
                                   << QByteArray("{\"X-Shop\": \"plain:caf\u00e9\"}")
                                   << QStringLiteral(
                                          "header X-Shop: the value contains a character that is not "
                                          "ASCII, which a header value cannot carry as such");
        QTest::newRow("pointer type") << QStringLiteral("expiresField") << QByteArray("5")
                                      << QStringLiteral("expiresField must be a JSON pointer in a string");
    }

    void badRequestOrResponseSettingsAreRefusedByName()
    {
        QFETCH(QString, member);
        QFETCH(QByteArray, value);
        QFETCH(QString, error);
        QTemporaryDir directory;
        const QByteArray json = "{\"version\": 2, \"profiles\": [{\"name\": \"pay\", \"tokenUrl\": "
                                "\"https://x/t\", \"clientId\": \"c\", \"clientSecret\": \"env:S\", \"" +
                                member.toUtf8() + "\": " + value + "}]}";
        const auto loaded = ConfigStore(writeConfig(directory, json)).load();
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.endsWith(QStringLiteral(": profile \"pay\": ") + error),
                 qPrintable(loaded.error().message));
    }

    void newerOrMistypedConfigsAreRefused()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, error);
        QTemporaryDir directory;
        const QString path = writeConfig(directory, json);
        ConfigStore store(path);
        const auto loaded = store.load();
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().message.endsWith(error), qPrintable(loaded.error().message));
        // Never rewritten: an update fails the same way and leaves the file as it was.
        QVERIFY(!store.update([](AppConfig&) -> Result<Done> { return Done{}; }));
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), json);
    }

    void missingFileIsAnEmptyConfig()
    {
        QTemporaryDir directory;
        const auto config = ConfigStore(directory.filePath(QStringLiteral("none.json"))).load();
        QVERIFY(config);
        QVERIFY(config->connections.first().profiles.isEmpty());
        QCOMPARE(config->connections.first().redis.url, QStringLiteral("redis://127.0.0.1:6379/0"));
    }

    void savesAtomicallyOwnerOnlyAndReadsBack()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("sub/config.json"));
        ConfigStore store(path);
        QVERIFY(addProfile(store, sampleProfile(QStringLiteral("acme"))));
        const QFile::Permissions modeBits{QFile::ReadOwner, QFile::WriteOwner, QFile::ExeOwner,
                                          QFile::ReadGroup, QFile::WriteGroup, QFile::ExeGroup,
                                          QFile::ReadOther, QFile::WriteOther, QFile::ExeOther};
        QCOMPARE(QFile::permissions(path) & modeBits, QFile::ReadOwner | QFile::WriteOwner);
        QVERIFY(!QFile::exists(path + QStringLiteral(".lock")));

        const auto config = store.load();
        QVERIFY(config);
        QCOMPARE(config->connections.first().profiles.size(), 1);
        const ProviderProfile& loaded = config->connections.first().profiles.first();
        const ProviderProfile expected = sampleProfile(QStringLiteral("acme"));
        QCOMPARE(loaded.toJson(), expected.toJson());
        QCOMPARE(loaded.cacheKey(), QStringLiteral("oauth2token"));
    }

    void corruptFileIsReportedAndNeverOverwritten()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("config.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"profiles\": [");
        file.close();
        ConfigStore store(path);
        const auto config = store.load();
        QVERIFY(!config);
        QCOMPARE(config.error().kind, Error::Kind::Config);
        QVERIFY2(config.error().message.startsWith(QStringLiteral("config %1: not valid JSON").arg(path)),
                 qPrintable(config.error().message));

        QVERIFY(!addProfile(store, sampleProfile(QStringLiteral("acme"))));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), QByteArray("{\"profiles\": ["));
    }

    void invalidProfileIsReportedWithItsName()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("config.json"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        // (A plain literal: moc misreads "//" inside raw strings.)
        file.write("{\"profiles\":[{\"name\":\"acme\",\"tokenUrl\":\"ftp://"
                   "x\",\"clientId\":\"a\",\"clientSecret\":\"env:A\"}]}");
        file.close();
        const auto config = ConfigStore(path).load();
        QVERIFY(!config);
        QVERIFY2(config.error().message.contains(
                     QStringLiteral("profile \"acme\": token URL \"ftp://x\" is not an http(s) URL")),
                 qPrintable(config.error().message));
    }

    void secondWriterWaitsForTheLockThenGivesUp()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("config.json"));
        ConfigStore store(path, 50);
        QLockFile other(path + QStringLiteral(".lock"));
        QVERIFY(other.tryLock(0));
        const auto blocked = addProfile(store, sampleProfile(QStringLiteral("acme")));
        QVERIFY(!blocked);
        QVERIFY2(blocked.error().message.contains(QStringLiteral("being changed by another process")),
                 qPrintable(blocked.error().message));
        other.unlock();
        QVERIFY(addProfile(store, sampleProfile(QStringLiteral("acme"))));
    }

    void eachUpdateReReadsTheFile()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("config.json"));
        // Two stores on one file: each update re-reads under the lock. (Racing processes:
        // tst_Headless::concurrentProfileWritersLoseNothing.)
        ConfigStore first(path);
        ConfigStore second(path);
        QVERIFY(addProfile(first, sampleProfile(QStringLiteral("one"))));
        QVERIFY(addProfile(second, sampleProfile(QStringLiteral("two"))));
        QCOMPARE(first.load()->connections.first().profiles.size(), 2);
    }

    void redisPasswordReferenceIsResolved()
    {
        qputenv("TOKENCACHE_TEST_REDIS_PASSWORD", "pw");
        RedisSettings settings;
        settings.url = QStringLiteral("redis://cache:6380/1");
        settings.user = QStringLiteral("svc");
        settings.passwordRef = QStringLiteral("env:TOKENCACHE_TEST_REDIS_PASSWORD");
        const auto endpoint = settings.endpoint();
        QVERIFY(endpoint);
        QCOMPARE(endpoint->user, QStringLiteral("svc"));
        QCOMPARE(endpoint->password, QStringLiteral("pw"));
        settings.url = QStringLiteral("redis://other:own@cache:6380/1");
        QCOMPARE(settings.endpoint()->password, QStringLiteral("own"));
        QCOMPARE(settings.endpoint()->user, QStringLiteral("other"));
    }
};

QTEST_GUILESS_MAIN(tst_ConfigStore)
#include "tst_ConfigStore.moc"
