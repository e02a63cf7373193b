#include "core/config/ConfigStore.h"
#include "core/config/ConfigTransfer.h"
#include "core/config/SecretRef.h"
#include "core/oauth/TokenRequest.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace tokencache;
using ConfigTransfer::SecretSlot;

class tst_ConfigTransfer : public QObject
{
    Q_OBJECT

    static constexpr const char* kSecrets[] = {"url-secret", "redis-secret", "client-secret", "header-secret",
                                               "bare-secret"};

    static ProviderProfile profile(const QString& name, const QString& secret)
    {
        ProviderProfile profile;
        profile.name = name;
        profile.tokenUrl = QStringLiteral("https://login.example/token");
        profile.clientId = QStringLiteral("client-") + name;
        profile.clientSecretRef = secret;
        profile.scopes = {QStringLiteral("read")};
        return profile;
    }

    /** prod keeps its secrets in the file; staging names them only. */
    static AppConfig sampleConfig()
    {
        AppConfig config;
        config.connections.clear();
        Connection prod;
        prod.name = QStringLiteral("prod");
        prod.tag = QStringLiteral("production");
        prod.color = QStringLiteral("#c62828");
        prod.readOnly = true;
        prod.redis.url = QStringLiteral("rediss://ops:url-secret@redis.prod:6380/2");
        prod.redis.passwordRef = QStringLiteral("literal:redis-secret");
        prod.redis.tls.caFile = QStringLiteral("/etc/ssl/prod-ca.pem");
        ProviderProfile billing = profile(QStringLiteral("billing"), QStringLiteral("literal:client-secret"));
        billing.headers.insert(QStringLiteral("X-Api-Key"), QStringLiteral("literal:header-secret"));
        billing.headers.insert(QStringLiteral("Accept"), QStringLiteral("plain:application/json"));
        billing.headers.insert(QStringLiteral("X-Tenant"), QStringLiteral("env:TENANT_KEY"));
        billing.requestFormat = ProviderProfile::RequestFormat::Json;
        prod.profiles.append(billing);
        // A hand-edited bare value is no reference: it is a secret as well.
        prod.profiles.append(profile(QStringLiteral("legacy"), QStringLiteral("bare-secret")));
        config.connections.append(prod);

        Connection staging;
        staging.name = QStringLiteral("staging");
        staging.tag = QStringLiteral("staging");
        staging.redis.url = QStringLiteral("redis://redis.staging:6379/0");
        staging.redis.user = QStringLiteral("tokencache");
        staging.redis.passwordRef = QStringLiteral("keychain:staging-redis");
        staging.profiles.append(profile(QStringLiteral("acme"), QStringLiteral("file:/run/secrets/acme")));
        staging.profiles.append(profile(QStringLiteral("pay"), QStringLiteral("env:PAY_SECRET")));
        staging.unknownMembers.insert(QStringLiteral("note"), QStringLiteral("kept"));
        config.connections.append(staging);
        config.defaultConnection = QStringLiteral("staging");
        return config;
    }

    static QStringList paths(const QList<SecretSlot>& secrets)
    {
        QStringList found;
        for (const SecretSlot& slot : secrets)
            found.append(slot.path());
        return found;
    }

    static QByteArray bytes(const QJsonObject& json) { return QJsonDocument(json).toJson(); }

    /** The error of @p result, for a failed check; QVERIFY2 evaluates it whether it fails or not. */
    template <typename T> static QByteArray why(const Result<T>& result)
    {
        return result ? QByteArray() : result.error().message.toUtf8();
    }

    /** An export document with @p member replaced (or removed, for an undefined value). */
    static QJsonObject documentWith(const QString& member, const QJsonValue& value)
    {
        QJsonObject document = ConfigTransfer::exportConnections(sampleConfig())->json;
        if (value.isUndefined())
            document.remove(member);
        else
            document.insert(member, value);
        return document;
    }

private slots:
    void privateKeysLeftOutAreNamedAndPastedKeysRefused()
    {
        AppConfig config = sampleConfig();
        ProviderProfile& signing = config.connections.first().profiles.first();
        signing.authMethod = ProviderProfile::AuthMethod::PrivateKeyJwt;
        signing.privateKeyRef =
            SecretRef(SecretRef::Kind::Literal, QStringLiteral("-----BEGIN PRIVATE KEY-----")).format();
        const auto exported = ConfigTransfer::exportConnections(config);
        QVERIFY2(exported, why(exported).constData());
        QVERIFY(!bytes(exported->json).contains("BEGIN PRIVATE KEY"));
        QVERIFY(paths(exported->omitted)
                    .contains(QStringLiteral("connections[%1].profiles[%2].privateKey")
                                  .arg(config.connections.first().name, signing.name)));
        // Imported, the key is unset: named, and the profile refused when used until it is set.
        AppConfig fresh;
        const auto imported = ConfigTransfer::importConnections(fresh, exported->json, false);
        QVERIFY2(imported, why(imported).constData());
        QVERIFY(paths(imported->unset)
                    .contains(QStringLiteral("connections[%1].profiles[%2].privateKey")
                                  .arg(config.connections.first().name, signing.name)));

        // A key pasted in place of a reference is refused by name.
        QJsonObject document = exported->json;
        QJsonArray connections = document.value(QStringLiteral("connections")).toArray();
        QJsonObject connection = connections.at(0).toObject();
        QJsonArray profiles = connection.value(QStringLiteral("profiles")).toArray();
        QJsonObject pasted = profiles.at(0).toObject();
        pasted.insert(QStringLiteral("providerKey"), QStringLiteral("MIIEvQIBADANBgkqhkiG9w0B"));
        profiles.replace(0, pasted);
        connection.insert(QStringLiteral("profiles"), profiles);
        connections.replace(0, connection);
        document.insert(QStringLiteral("connections"), connections);
        AppConfig other;
        const auto refused = ConfigTransfer::importConnections(other, document, false);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral(".providerKey is not a secret reference")),
                 why(refused).constData());
    }

    void referencesAreKeptAndSecretsLeftOut()
    {
        const auto exported = ConfigTransfer::exportConnections(sampleConfig());
        QVERIFY(exported);
        const QByteArray text = bytes(exported->json);
        for (const char* secret : kSecrets)
            QVERIFY2(!text.contains(secret), secret);
        QCOMPARE(exported->json.value(QStringLiteral("format")).toString(),
                 QStringLiteral("tokencache-export"));
        QCOMPARE(exported->json.value(QStringLiteral("version")).toInt(), AppConfig::kVersion);
        QCOMPARE(exported->json.value(QStringLiteral("defaultConnection")).toString(),
                 QStringLiteral("staging"));
        QCOMPARE(exported->connections, (QStringList{QStringLiteral("prod"), QStringLiteral("staging")}));
        const QStringList omitted{
            QStringLiteral("connections[prod].redis.password"),
            QStringLiteral("connections[prod].redis.url.password"),
            QStringLiteral("connections[prod].profiles[billing].clientSecret"),
            QStringLiteral("connections[prod].profiles[billing].headers[X-Api-Key]"),
            QStringLiteral("connections[prod].profiles[legacy].clientSecret"),
        };
        QCOMPARE(paths(exported->omitted), omitted);
        QStringList listed;
        for (const QJsonValue& path : exported->json.value(QStringLiteral("omitted")).toArray())
            listed.append(path.toString());
        QCOMPARE(listed, omitted);

        const QJsonArray connections = exported->json.value(QStringLiteral("connections")).toArray();
        // Nothing to leave out: the config's own form, member for member.
        QCOMPARE(connections.at(1).toObject(), sampleConfig().connections.at(1).toJson());
        const QJsonObject prod = connections.at(0).toObject();
        const QJsonObject redis = prod.value(QStringLiteral("redis")).toObject();
        QCOMPARE(redis.value(QStringLiteral("url")).toString(),
                 QStringLiteral("rediss://ops@redis.prod:6380/2"));
        QVERIFY(redis.value(QStringLiteral("password")).isNull());
        QCOMPARE(redis.value(QStringLiteral("tls")).toObject().value(QStringLiteral("caFile")).toString(),
                 QStringLiteral("/etc/ssl/prod-ca.pem"));
        QCOMPARE(prod.value(QStringLiteral("readOnly")), QJsonValue(true));
        const QJsonObject billing = prod.value(QStringLiteral("profiles")).toArray().at(0).toObject();
        QVERIFY(billing.value(QStringLiteral("clientSecret")).isNull());
        const QJsonObject headers = billing.value(QStringLiteral("headers")).toObject();
        QVERIFY(headers.value(QStringLiteral("X-Api-Key")).isNull());
        QCOMPARE(headers.value(QStringLiteral("Accept")).toString(),
                 QStringLiteral("plain:application/json"));
        QCOMPARE(headers.value(QStringLiteral("X-Tenant")).toString(), QStringLiteral("env:TENANT_KEY"));
    }

    void aPasswordInTheTokenUrlIsTakenOut()
    {
        AppConfig config = sampleConfig();
        config.connections.last().profiles.first().tokenUrl =
            QStringLiteral("https://svc:TOKURLPW@login.example/t");
        const auto exported = ConfigTransfer::exportConnections(config);
        QVERIFY(exported);
        QVERIFY(!bytes(exported->json).contains("TOKURLPW"));
        QVERIFY(paths(exported->omitted)
                    .contains(QStringLiteral("connections[staging].profiles[") +
                              config.connections.last().profiles.first().name +
                              QStringLiteral("].tokenUrl.password")));
        const QJsonObject staging =
            exported->json.value(QStringLiteral("connections")).toArray().at(1).toObject();
        QCOMPARE(staging.value(QStringLiteral("profiles"))
                     .toArray()
                     .at(0)
                     .toObject()
                     .value(QStringLiteral("tokenUrl")),
                 QJsonValue(QStringLiteral("https://svc@login.example/t")));
    }

    void aPasswordInTheUrlIsTakenOut_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("exported");
        QTest::newRow("none") << "redis://redis.example:6379/0"
                              << "redis://redis.example:6379/0";
        QTest::newRow("user and password") << "redis://ops:url-secret@redis.example:6379/1"
                                           << "redis://ops@redis.example:6379/1";
        QTest::newRow("password only") << "rediss://:url-secret@redis.example/3"
                                       << "rediss://redis.example/3";
        QTest::newRow("percent-encoded") << "redis://:url%40secret%2F@redis.example"
                                         << "redis://redis.example";
        QTest::newRow("user only") << "redis://ops@redis.example"
                                   << "redis://ops@redis.example";
        QTest::newRow("sentinels") << "rediss-sentinel://ops:url-secret@s1:26379,s2:26379/primary/2"
                                   << "rediss-sentinel://ops@s1:26379,s2:26379/primary/2";
        QTest::newRow("sentinels, '/' and '@' in the password") << "redis-sentinel://:url/se@cret@s1/primary"
                                                                << "redis-sentinel://s1/primary";
        QTest::newRow("socket") << "unix:///run/redis.sock?db=1"
                                << "unix:///run/redis.sock?db=1";
        QTest::newRow("does not parse") << "redis://ops:url-secret@[bad"
                                        << "redis://[bad";
    }

    void aPasswordInTheUrlIsTakenOut()
    {
        QFETCH(QString, url);
        QFETCH(QString, exported);
        AppConfig config;
        config.connections.first().redis.url = url;
        const auto done = ConfigTransfer::exportConnections(config);
        QVERIFY(done);
        const QJsonObject redis = done->json.value(QStringLiteral("connections"))
                                      .toArray()
                                      .at(0)
                                      .toObject()
                                      .value(QStringLiteral("redis"))
                                      .toObject();
        QCOMPARE(redis.value(QStringLiteral("url")).toString(), exported);
        QVERIFY(!bytes(done->json).contains("secret"));
        const bool taken = url != exported;
        QCOMPARE(paths(done->omitted),
                 taken ? QStringList{QStringLiteral("connections[default].redis.url.password")}
                       : QStringList{});
        // Without a password reference the import asks for one.
        QCOMPARE(redis.value(QStringLiteral("password")).isNull(), taken);
    }

    void oneConnectionIsExportedWhenNamed()
    {
        const auto exported = ConfigTransfer::exportConnections(sampleConfig(), QStringLiteral("staging"));
        QVERIFY(exported);
        QCOMPARE(exported->connections, QStringList{QStringLiteral("staging")});
        QVERIFY(exported->omitted.isEmpty());
        QCOMPARE(exported->json.value(QStringLiteral("omitted")).toArray(), QJsonArray());
        QVERIFY(!exported->json.contains(QStringLiteral("defaultConnection")));
        const auto missing = ConfigTransfer::exportConnections(sampleConfig(), QStringLiteral("nope"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QVERIFY2(missing.error().message.contains(QLatin1String("known: prod, staging")),
                 qPrintable(missing.error().message));
    }

    void anExportReadBackIntoAnEmptyConfigIsTheSameButItsSecrets()
    {
        const AppConfig original = sampleConfig();
        const auto exported = ConfigTransfer::exportConnections(original);
        QVERIFY(exported);
        const auto document = ConfigTransfer::parse(bytes(exported->json), QStringLiteral("export.json"));
        QVERIFY(document);

        AppConfig fresh;
        QVERIFY(fresh.hasOnlyBuiltInDefault());
        const auto imported = ConfigTransfer::importConnections(fresh, *document, false);
        QVERIFY2(imported, why(imported).constData());
        QVERIFY(imported->replacedBuiltInDefault);
        QCOMPARE(imported->added, (QStringList{QStringLiteral("prod"), QStringLiteral("staging")}));
        QVERIFY(imported->replaced.isEmpty());
        QCOMPARE(paths(imported->unset),
                 (QStringList{QStringLiteral("connections[prod].redis.password"),
                              QStringLiteral("connections[prod].profiles[billing].clientSecret"),
                              QStringLiteral("connections[prod].profiles[billing].headers[X-Api-Key]"),
                              QStringLiteral("connections[prod].profiles[legacy].clientSecret")}));
        QCOMPARE(imported->unset.at(2), (SecretSlot{QStringLiteral("prod"), SecretSlot::Field::Header,
                                                    QStringLiteral("billing"), QStringLiteral("X-Api-Key")}));
        QCOMPARE(fresh.connectionNames(), original.connectionNames());
        QCOMPARE(fresh.defaultConnection, QStringLiteral("staging"));

        // Equal but for the secrets that stayed behind, which are unset, never some other value.
        AppConfig expected = original;
        Connection& prod = expected.connections.first();
        prod.redis.url = QStringLiteral("rediss://ops@redis.prod:6380/2");
        prod.redis.passwordRef.clear();
        prod.profiles[0].clientSecretRef.clear();
        prod.profiles[0].headers[QStringLiteral("X-Api-Key")].clear();
        prod.profiles[1].clientSecretRef.clear();
        QCOMPARE(fresh.toJson(), expected.toJson());
        for (const char* secret : kSecrets)
            QVERIFY2(!bytes(fresh.toJson()).contains(secret), secret);

        // A secret not set yet is no broken file: it saves and loads, and the profile says what it lacks
        // when it is used or edited.
        QTemporaryDir directory;
        const ConfigStore store(directory.filePath(QStringLiteral("config.json")));
        QVERIFY(store.update([&fresh](AppConfig& config) -> Result<Done> {
            config = fresh;
            return Done{};
        }));
        const auto loaded = store.load();
        QVERIFY2(loaded, why(loaded).constData());
        QCOMPARE(loaded->toJson(), fresh.toJson());
        const ProviderProfile& billing = loaded->connections.first().profiles.first();
        QCOMPARE(billing.validate(), QStringLiteral("profile \"billing\": client secret is not set; give a "
                                                    "reference: env:NAME, file:/path or keychain:NAME"));
        const auto request = TokenRequest::fromProfile(billing);
        QVERIFY(!request);
        QCOMPARE(request.error().message, billing.validate());
        ProviderProfile withSecret = billing;
        withSecret.clientSecretRef = QStringLiteral("env:BILLING_SECRET");
        QCOMPARE(withSecret.validate(), QStringLiteral("profile \"billing\": header X-Api-Key has no value; "
                                                       "give it a secret reference or plain:TEXT"));
    }

    void existingNamesAreRefusedUnlessReplaced()
    {
        AppConfig config = sampleConfig();
        Connection dev;
        dev.name = QStringLiteral("dev");
        config.connections.insert(0, dev);
        AppConfig source = sampleConfig();
        source.connections.first().tag = QStringLiteral("changed");
        source.connections.first().profiles.removeLast();
        const QJsonObject document = ConfigTransfer::exportConnections(source)->json;

        const AppConfig before = config;
        const auto refused = ConfigTransfer::importConnections(config, document, false);
        QVERIFY(!refused);
        QCOMPARE(refused.error().kind, Error::Kind::Usage);
        QCOMPARE(refused.error().message,
                 QStringLiteral("connections \"prod\", \"staging\" exist already; nothing was imported "
                                "(replacing them needs --replace)"));
        QCOMPARE(config.toJson(), before.toJson());

        const auto replaced = ConfigTransfer::importConnections(config, document, true);
        QVERIFY2(replaced, why(replaced).constData());
        QVERIFY(!replaced->replacedBuiltInDefault);
        QVERIFY(replaced->added.isEmpty());
        QCOMPARE(replaced->replaced, (QStringList{QStringLiteral("prod"), QStringLiteral("staging")}));
        // Replaced in place, whole; what the file does not name stays, and so does the default.
        QCOMPARE(config.connectionNames(),
                 (QStringList{QStringLiteral("dev"), QStringLiteral("prod"), QStringLiteral("staging")}));
        QCOMPARE(config.defaultConnection, before.defaultConnection);
        QCOMPARE(config.connection(QStringLiteral("prod"))->tag, QStringLiteral("changed"));
        QCOMPARE(config.connection(QStringLiteral("prod"))->profiles.size(), 1);

        // A name that differs only in case is another connection nobody should take for the first.
        AppConfig upper = sampleConfig();
        upper.connections.first().name = QStringLiteral("PROD");
        const AppConfig kept = config;
        const auto cased =
            ConfigTransfer::importConnections(config, ConfigTransfer::exportConnections(upper)->json, true);
        QVERIFY(!cased);
        QCOMPARE(
            cased.error().message,
            QStringLiteral("connection \"PROD\" differs from \"prod\" only in case; choose a name nobody "
                           "mistakes for it; nothing was imported"));
        QCOMPARE(config.toJson(), kept.toJson());
        Connection lower;
        lower.name = QStringLiteral("Dev");
        QCOMPARE(config.addConnection(lower).error().kind, Error::Kind::Usage);
    }

    void oneConnectionIsImportedWhenNamed()
    {
        AppConfig config;
        const QJsonObject document = ConfigTransfer::exportConnections(sampleConfig())->json;
        const auto imported =
            ConfigTransfer::importConnections(config, document, false, QStringLiteral("staging"));
        QVERIFY(imported);
        QCOMPARE(imported->added, QStringList{QStringLiteral("staging")});
        QVERIFY(imported->unset.isEmpty());
        QCOMPARE(config.connectionNames(), QStringList{QStringLiteral("staging")});
        QCOMPARE(config.connections.first().unknownMembers.value(QStringLiteral("note")).toString(),
                 QStringLiteral("kept"));
        // A second import adds to the config; the built-in default is long gone.
        const auto more = ConfigTransfer::importConnections(config, document, false, QStringLiteral("prod"));
        QVERIFY(more);
        QVERIFY(!more->replacedBuiltInDefault);
        QCOMPARE(config.connectionNames(), (QStringList{QStringLiteral("staging"), QStringLiteral("prod")}));
        QCOMPARE(config.defaultConnection, QStringLiteral("staging"));
        const auto missing =
            ConfigTransfer::importConnections(config, document, true, QStringLiteral("nope"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, Error::Kind::NotFound);
        QCOMPARE(missing.error().message,
                 QStringLiteral("the export has no connection named \"nope\" (it has: prod, staging)"));
    }

    void badDocumentsAreRefusedByNameAndChangeNothing_data()
    {
        QTest::addColumn<QJsonObject>("document");
        QTest::addColumn<QString>("message");
        QJsonObject entry = sampleConfig().connections.at(1).toJson();
        const auto withEntry = [](const QJsonValue& value) {
            return documentWith(QStringLiteral("connections"), QJsonArray{value});
        };
        QTest::newRow("a config, not an export")
            << sampleConfig().toJson() << "not a tokencache export: \"format\" is not \"tokencache-export\"";
        QTest::newRow("another format")
            << documentWith(QStringLiteral("format"), QStringLiteral("kubeconfig"))
            << "not a tokencache export";
        QTest::newRow("no version") << documentWith(QStringLiteral("version"), QJsonValue::Undefined)
                                    << "\"version\" must be a whole number";
        QTest::newRow("a version as text") << documentWith(QStringLiteral("version"), QStringLiteral("3"))
                                           << "\"version\" must be a whole number";
        QTest::newRow("newer") << documentWith(QStringLiteral("version"), AppConfig::kVersion + 1)
                               << "written by a newer tokencache (format version 6; this one reads 5)";
        QTest::newRow("no connections") << documentWith(QStringLiteral("connections"), QJsonValue::Undefined)
                                        << "\"connections\" must be a list of at least one connection";
        QTest::newRow("empty") << documentWith(QStringLiteral("connections"), QJsonArray())
                               << "\"connections\" must be a list of at least one connection";
        QTest::newRow("not an object")
            << withEntry(QStringLiteral("prod")) << "connections[0] must be an object";
        QTest::newRow("bad default") << documentWith(QStringLiteral("defaultConnection"), 1)
                                     << "\"defaultConnection\" must be a string";
        QJsonObject pasted = entry;
        QJsonArray pastedProfiles = pasted.value(QStringLiteral("profiles")).toArray();
        QJsonObject pastedProfile = pastedProfiles.at(0).toObject();
        pastedProfile.insert(QStringLiteral("clientSecret"), QStringLiteral("s3cr3t-pasted"));
        pastedProfiles.replace(0, pastedProfile);
        pasted.insert(QStringLiteral("profiles"), pastedProfiles);
        QTest::newRow("a secret pasted in place")
            << withEntry(pasted)
            << QStringLiteral("connections[0].profiles[%1].clientSecret is not a secret reference")
                   .arg(pastedProfile.value(QStringLiteral("name")).toString());
        QJsonObject pastedPassword = entry;
        QJsonObject pastedRedis = pastedPassword.value(QStringLiteral("redis")).toObject();
        pastedRedis.insert(QStringLiteral("password"), QStringLiteral("hunter2"));
        pastedPassword.insert(QStringLiteral("redis"), pastedRedis);
        QTest::newRow("a password pasted in place")
            << withEntry(pastedPassword)
            << QStringLiteral("connections[0].redis.password is not a secret reference");
        QJsonObject badName = entry;
        badName.insert(QStringLiteral("name"), QStringLiteral("no spaces"));
        QTest::newRow("bad name") << withEntry(badName) << "connections[0]: connection name \"no spaces\"";
        QJsonObject nullUrl = entry;
        nullUrl.insert(QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), QJsonValue::Null}});
        QTest::newRow("a null that is no secret")
            << withEntry(nullUrl) << "connections[0].redis.url must be a string";
        QTest::newRow("twice") << documentWith(QStringLiteral("connections"), QJsonArray{entry, entry})
                               << "connection \"staging\" is in the file twice";
    }

    void badDocumentsAreRefusedByNameAndChangeNothing()
    {
        QFETCH(QJsonObject, document);
        QFETCH(QString, message);
        AppConfig config = sampleConfig();
        config.connections.removeLast(); // so that nothing would conflict
        config.defaultConnection = QStringLiteral("prod");
        const QJsonObject before = config.toJson();
        const auto imported = ConfigTransfer::importConnections(config, document, true);
        QVERIFY(!imported);
        QCOMPARE(imported.error().kind, Error::Kind::Config);
        QVERIFY2(imported.error().message.contains(message), qPrintable(imported.error().message));
        QCOMPARE(config.toJson(), before);
    }

    void textThatIsNoExportIsRefusedWithWhere()
    {
        const auto broken = ConfigTransfer::parse("{\"format\": ", QStringLiteral("/tmp/x.json"));
        QVERIFY(!broken);
        QCOMPARE(broken.error().kind, Error::Kind::Config);
        QVERIFY2(broken.error().message.startsWith(QLatin1String("/tmp/x.json: not valid JSON: ")),
                 qPrintable(broken.error().message));
        const auto array = ConfigTransfer::parse("[]", QStringLiteral("stdin"));
        QVERIFY(!array);
        QVERIFY(array.error().message.startsWith(QLatin1String("stdin: not a tokencache export")));
    }
};

QTEST_GUILESS_MAIN(tst_ConfigTransfer)
#include "tst_ConfigTransfer.moc"
