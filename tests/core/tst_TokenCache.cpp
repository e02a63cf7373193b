#include "RedisServer.h"
#include "TestTokens.h"
#include "TokenEndpoint.h"
#include "cache/TokenCache.h"
#include "config/SecretRef.h"
#include "oauth/TokenClient.h"
#include "redis/RedisConnection.h"

#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QTest>

#include <memory>
#include <optional>

class tst_TokenCache : public QObject
{
    Q_OBJECT

    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<TokenEndpoint> m_endpoint;
    std::unique_ptr<QNetworkAccessManager> m_network;
    std::unique_ptr<RedisConnection> m_redis;
    std::unique_ptr<TokenClient> m_client;
    std::unique_ptr<TokenCache> m_cache;

    ProviderProfile profile(const QString& name = QStringLiteral("acme")) const
    {
        ProviderProfile profile;
        profile.name = name;
        profile.tokenUrl = m_endpoint->url();
        profile.clientId = QStringLiteral("id");
        profile.clientSecretRef = SecretRef::literal(QStringLiteral("secret"));
        return profile;
    }

    QByteArray cli(const QStringList& arguments) { return m_server->cli(arguments); }

    template <typename T, typename Call> Result<T> await(Call call)
    {
        std::optional<Result<T>> result;
        call([&result](const Result<T>& value) { result = value; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
            return Error::redis(QStringLiteral("test: no answer"));
        return *result;
    }

    Result<CacheEntry> get(const ProviderProfile& p)
    {
        return await<CacheEntry>([&](auto done) { m_cache->get(p, this, done); });
    }
    Result<CacheEntry> refresh(const ProviderProfile& p)
    {
        return await<CacheEntry>([&](auto done) { m_cache->refresh(p, this, done); });
    }

    QList<CacheEntry> list(const ListQuery& query, Result<qsizetype>* outcome = nullptr)
    {
        QList<CacheEntry> entries;
        const auto result = await<qsizetype>([&](auto done) {
            m_cache->list(
                query, this, [&entries](const QList<CacheEntry>& batch) { entries += batch; }, done);
        });
        if (outcome)
            *outcome = result;
        return entries;
    }

    static const CacheEntry* find(const QList<CacheEntry>& entries, const QString& key)
    {
        for (const CacheEntry& entry : entries) {
            if (entry.key == key)
                return &entry;
        }
        return nullptr;
    }

private slots:
    void init()
    {
        m_server = std::make_unique<RedisServer>();
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_endpoint = std::make_unique<TokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_network = std::make_unique<QNetworkAccessManager>();
        auto endpoint = RedisEndpoint::fromUrl(m_server->url());
        m_redis = std::make_unique<RedisConnection>(*endpoint);
        m_client = std::make_unique<TokenClient>(*m_network);
        m_cache = std::make_unique<TokenCache>(*m_redis, *m_client);
    }

    void cleanup()
    {
        m_cache.reset();
        m_client.reset();
        m_redis.reset();
        m_network.reset();
        m_endpoint.reset();
        m_server.reset();
    }

    void missFetchesAndStoresThePlainFormat()
    {
        const auto entry = get(profile());
        QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
        QCOMPARE(entry->token->accessToken, QStringLiteral("token-1"));
        QCOMPARE(entry->profile, QStringLiteral("acme"));
        QVERIFY(entry->stored);
        QCOMPARE(m_endpoint->requestCount(), 1);
        // Exactly the provider's body, as a string, with the token's lifetime as TTL.
        QCOMPARE(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}), entry->raw);
        QCOMPARE(entry->raw, TokenEndpoint::token(QStringLiteral("token-1")).body);
        QCOMPARE(cli({QStringLiteral("TYPE"), QStringLiteral("oauth2token:acme")}), QByteArray("string"));
        const int ttl = cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).toInt();
        QVERIFY2(ttl > 3590 && ttl <= 3600, QByteArray::number(ttl));
    }

    void hitReturnsTheCachedTokenWithItsTtl()
    {
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("120"),
             QStringLiteral(R"({"access_token":"cached","token_type":"Bearer","expires_in":3600})")});
        const auto entry = get(profile());
        QVERIFY(entry);
        QCOMPARE(entry->token->accessToken, QStringLiteral("cached"));
        QVERIFY2(entry->ttlMs > 110'000 && entry->ttlMs <= 120'000, QByteArray::number(entry->ttlMs));
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void literalKeyIsUsed()
    {
        ProviderProfile seed = profile();
        seed.key = QStringLiteral("oauth2token");
        QVERIFY(get(seed));
        QVERIFY(!cli({QStringLiteral("GET"), QStringLiteral("oauth2token")}).isEmpty());
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));
    }

    void unreadableCachedValueIsAnErrorAndStaysPut()
    {
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:acme"), QStringLiteral("garbage")});
        const auto entry = get(profile());
        QVERIFY(!entry);
        QCOMPARE(entry.error().kind, Error::Kind::Redis);
        QVERIFY2(entry.error().message.contains(QStringLiteral("refresh acme")),
                 qPrintable(entry.error().message));
        QCOMPARE(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}), QByteArray("garbage"));
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void responseWithoutExpiresInIsReturnedButNotCached()
    {
        m_endpoint->respondWith(TokenEndpoint::token(QStringLiteral("once"), QJsonValue::Undefined));
        const auto entry = get(profile());
        QVERIFY(entry);
        QCOMPARE(entry->token->accessToken, QStringLiteral("once"));
        QVERIFY(!entry->stored);
        QCOMPARE(entry->warnings.size(), 1);
        QVERIFY2(entry->warnings.first().contains(QStringLiteral("expires_in is absent")),
                 qPrintable(entry->warnings.first()));
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));

        ProviderProfile withDefault = profile();
        withDefault.defaultTtlSeconds = 300;
        QVERIFY(get(withDefault)->stored);
        QCOMPARE(cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}), QByteArray("300"));
    }

    void refreshOverwrites()
    {
        QVERIFY(get(profile()));
        const auto entry = refresh(profile());
        QVERIFY(entry);
        QCOMPARE(entry->token->accessToken, QStringLiteral("token-2"));
        QVERIFY(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("token-2"));
    }

    void failedRefreshKeepsTheOldEntry()
    {
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("500"),
             QStringLiteral(R"({"access_token":"old","expires_in":3600})")});
        const QList<TokenEndpoint::Response> failures{
            TokenEndpoint::oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("bad secret")),
            {500, "boom", "text/plain"},
            {200, "{not json"},
            TokenEndpoint::token(QString())};
        for (const TokenEndpoint::Response& failure : failures) {
            m_endpoint->respondWith(failure);
            const auto entry = refresh(profile());
            QVERIFY(!entry);
            QCOMPARE(entry.error().kind, Error::Kind::Provider);
            QCOMPARE(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}),
                     QByteArray(R"({"access_token":"old","expires_in":3600})"));
            const int ttl = cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).toInt();
            QVERIFY(ttl > 490 && ttl <= 500);
        }
    }

    void evictDeletesAndReportsMissingKeys()
    {
        QVERIFY(get(profile()));
        auto evicted =
            await<Done>([&](auto done) { m_cache->evict(QStringLiteral("oauth2token:acme"), this, done); });
        QVERIFY(evicted);
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));
        evicted =
            await<Done>([&](auto done) { m_cache->evict(QStringLiteral("oauth2token:acme"), this, done); });
        QVERIFY(!evicted);
        QCOMPARE(evicted.error().kind, Error::Kind::NotFound);
    }

    void readReportsMissingKeys()
    {
        const auto entry = await<CacheEntry>(
            [&](auto done) { m_cache->read(QStringLiteral("oauth2token:none"), this, done); });
        QVERIFY(!entry);
        QCOMPARE(entry.error().kind, Error::Kind::NotFound);
    }

    void listParsesGoodAndBadValues()
    {
        const QByteArray jwt = makeJwt({{QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch() - 30},
                                        {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3570}});
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:jwt"), QStringLiteral("3570"),
             QStringLiteral(R"({"access_token":"%1","token_type":"Bearer","expires_in":3600,"scope":"a b"})")
                 .arg(QString::fromUtf8(jwt))});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:text"), QStringLiteral("not json")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:json"),
             QStringLiteral(R"({"hello":"world"})")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:empty"), QString()});
        cli({QStringLiteral("RPUSH"), QStringLiteral("oauth2token:list"), QStringLiteral("x")});
        m_server->cli({QStringLiteral("-x"), QStringLiteral("SET"), QStringLiteral("oauth2token:huge")},
                      QByteArray(4 * 1024 * 1024, 'z'));
        cli({QStringLiteral("SET"), QStringLiteral("unrelated"), QStringLiteral("x")});
        ProviderProfile custom = profile(QStringLiteral("custom"));
        custom.key = QStringLiteral("svc/token");
        cli({QStringLiteral("SETEX"), QStringLiteral("svc/token"), QStringLiteral("60"),
             QStringLiteral(R"({"access_token":"c","expires_in":60})")});

        Result<qsizetype> outcome = Error::redis({});
        const QList<CacheEntry> entries = list({{}, {profile(QStringLiteral("jwt")), custom}}, &outcome);
        QVERIFY2(outcome, outcome ? "" : qPrintable(outcome.error().message));
        QCOMPARE(*outcome, 7);
        QCOMPARE(entries.size(), 7);
        QVERIFY(!find(entries, QStringLiteral("unrelated")));

        const CacheEntry* good = find(entries, QStringLiteral("oauth2token:jwt"));
        QVERIFY(good);
        QCOMPARE(good->status, CacheEntry::Status::Valid);
        QCOMPARE(good->profile, QStringLiteral("jwt"));
        QCOMPARE(good->token->scope, QStringLiteral("a b"));
        QVERIFY(good->jwt);
        QVERIFY(good->ageSeconds && *good->ageSeconds >= 30 && *good->ageSeconds < 40);
        QCOMPARE(find(entries, QStringLiteral("svc/token"))->profile, QStringLiteral("custom"));

        const QList<QPair<QString, QString>> unreadable{
            {QStringLiteral("oauth2token:text"),
             QStringLiteral("not a token response: response is not JSON")},
            {QStringLiteral("oauth2token:json"),
             QStringLiteral("not a token response: response has no access_token")},
            {QStringLiteral("oauth2token:empty"), QStringLiteral("the value is empty")},
            {QStringLiteral("oauth2token:list"), QStringLiteral("the key holds a Redis list, not a string")},
            {QStringLiteral("oauth2token:huge"),
             QStringLiteral("the value is 4.00 MiB, too large for a token response")}};
        for (const auto& [key, reason] : unreadable) {
            const CacheEntry* entry = find(entries, key);
            QVERIFY2(entry, qPrintable(key));
            QCOMPARE(entry->status, CacheEntry::Status::Unreadable);
            QVERIFY2(entry->reason.startsWith(reason), qPrintable(entry->reason));
        }
    }

    void listWalksEveryScanPageOnce()
    {
        QByteArray commands;
        for (int i = 0; i < 2500; ++i)
            commands +=
                QStringLiteral("SETEX oauth2token:k%1 600 '{\"access_token\":\"t%1\",\"expires_in\":600}'\n")
                    .arg(i)
                    .toUtf8();
        for (int i = 0; i < 2500; ++i)
            commands += QStringLiteral("SET filler:%1 x\n").arg(i).toUtf8();
        m_server->cli({}, commands);
        QCOMPARE(cli({QStringLiteral("DBSIZE")}), QByteArray("5000"));

        ListQuery query;
        query.pageSize = 100;
        int batches = 0;
        QSet<QString> keys;
        const auto result = await<qsizetype>([&](auto done) {
            m_cache->list(
                query, this,
                [&](const QList<CacheEntry>& batch) {
                    ++batches;
                    for (const CacheEntry& entry : batch)
                        keys.insert(entry.key);
                },
                done);
        });
        QVERIFY(result);
        QCOMPARE(*result, 2500);
        QCOMPARE(keys.size(), 2500);
        QVERIFY2(batches > 10, "entries must stream in pages, not arrive all at once");
    }

    void listPatternSelectsKeys()
    {
        cli({QStringLiteral("SETEX"), QStringLiteral("tokens:a"), QStringLiteral("60"),
             QStringLiteral(R"({"access_token":"x","expires_in":60})")});
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:b"), QStringLiteral("60"),
             QStringLiteral(R"({"access_token":"y","expires_in":60})")});
        const QList<CacheEntry> entries = list({QStringLiteral("tokens:*"), {}});
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().key, QStringLiteral("tokens:a"));
    }

    void redisDownIsAClearError()
    {
        m_server->stop();
        const auto entry = get(profile());
        QVERIFY(!entry);
        QCOMPARE(entry.error().kind, Error::Kind::Redis);
        QVERIFY2(entry.error().message.contains(QStringLiteral("connection refused")),
                 qPrintable(entry.error().message));
        QCOMPARE(m_endpoint->requestCount(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_TokenCache)
#include "tst_TokenCache.moc"
