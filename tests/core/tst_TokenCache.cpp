#include "core/cache/CacheSession.h"
#include "core/cache/RedisLock.h"
#include "core/cache/TokenCache.h"
#include "core/config/SecretRef.h"
#include "core/oauth/TokenClient.h"
#include "core/redis/RedisClient.h"
#include "tests/support/Await.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TestTokens.h"
#include "tests/support/TokenEndpoint.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QSysInfo>
#include <QTest>

#include <algorithm>
#include <memory>
#include <optional>

using namespace tokencache;

class tst_TokenCache : public QObject
{
    Q_OBJECT

    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<TokenEndpoint> m_endpoint;
    std::shared_ptr<CacheSession> m_session;
    TokenCache* m_cache = nullptr;

    /** Another client, with its own connection, as another process would be. */
    std::shared_ptr<CacheSession> otherClient() const
    {
        return *CacheSession::create(RedisSettings{m_server->url()});
    }

    ProviderProfile profile(const QString& name = QStringLiteral("acme")) const
    {
        ProviderProfile profile;
        profile.name = name;
        profile.tokenUrl = m_endpoint->url();
        profile.clientId = QStringLiteral("id");
        profile.clientSecretRef = SecretRef(SecretRef::Kind::Literal, QStringLiteral("secret")).format();
        return profile;
    }

    QByteArray cli(const QStringList& arguments) { return m_server->cli(arguments); }

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

    /** The list tests run with values parsed on the scanning thread and on a thread of their own. */
    static void parsedInlineOrOnOwnThread()
    {
        QTest::addColumn<bool>("ownThread");
        QTest::newRow("parsed inline") << false;
        QTest::newRow("parsed on its own thread") << true;
    }
    void parseAsTheRowSays()
    {
        QFETCH(bool, ownThread);
        if (ownThread)
            m_cache->parseOnOwnThread(1);
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
        m_session = *CacheSession::create(RedisSettings{m_server->url()});
        m_cache = &m_session->cache();
    }

    void cleanup()
    {
        m_cache = nullptr;
        m_session.reset();
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
        // Early expiry: the entry goes the refresh margin (60 s) before the token does.
        const int ttl = cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).toInt();
        QVERIFY2(ttl > 3530 && ttl <= 3540, QByteArray::number(ttl));
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("{oauth2token:acme}:lock")}), QByteArray("0"));
    }

    void marginIsClampedForShortLivedTokens()
    {
        m_endpoint->respondWith(TokenEndpoint::token(QStringLiteral("short"), 100));
        const auto entry = get(profile());
        QVERIFY(entry);
        QCOMPARE(cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}), QByteArray("75"));
        QVERIFY(entry->warnings.contains(
            QStringLiteral("the token lifetime (100 s) is shorter than twice the refresh margin (60 s)")));
    }

    void concurrentCallsInOneProcessShareOneFetch()
    {
        TokenEndpoint::Response slow = TokenEndpoint::token(QStringLiteral("shared"));
        slow.delayMs = 300;
        m_endpoint->respondWith(slow);
        QList<Result<CacheEntry>> results;
        const auto collect = [&results](const Result<CacheEntry>& entry) { results.append(entry); };
        m_cache->get(profile(), this, collect);
        m_cache->get(profile(), this, collect);
        m_cache->get(profile(), this, collect);
        QTRY_COMPARE(results.size(), 3);
        QCOMPARE(m_endpoint->requestCount(), 1);
        for (const auto& result : results)
            QCOMPARE(result->token->accessToken, QStringLiteral("shared"));

        results.clear();
        m_cache->refresh(profile(), this, collect);
        m_cache->refresh(profile(), this, collect);
        QTRY_COMPARE(results.size(), 2);
        QCOMPARE(m_endpoint->requestCount(), 2);
    }

    void twoClientsOnAColdKeyFetchOnce()
    {
        const auto otherSession = otherClient();
        TokenCache& other = otherSession->cache();

        TokenEndpoint::Response slow = TokenEndpoint::token(QStringLiteral("one"));
        slow.delayMs = 500;
        m_endpoint->respondWith(slow);
        std::optional<Result<CacheEntry>> mine, theirs;
        m_cache->get(profile(), this, [&mine](const Result<CacheEntry>& entry) { mine = entry; });
        other.get(profile(), this, [&theirs](const Result<CacheEntry>& entry) { theirs = entry; });
        QTRY_VERIFY(mine && theirs);
        QVERIFY(*mine && *theirs);
        QCOMPARE((*mine)->token->accessToken, QStringLiteral("one"));
        QCOMPARE((*theirs)->token->accessToken, QStringLiteral("one"));
        QCOMPARE(m_endpoint->requestCount(), 1);
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("{oauth2token:acme}:lock")}), QByteArray("0"));
    }

    void failedFetchLeavesItsFailureForTheWaitersBriefly()
    {
        m_endpoint->respondWith(
            TokenEndpoint::oauthError(401, QStringLiteral("invalid_client"), QStringLiteral("no")));
        QVERIFY(!get(profile()));
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));
        // The lock now holds the failure, for a few seconds only.
        QVERIFY(
            cli({QStringLiteral("GET"), QStringLiteral("{oauth2token:acme}:lock")}).contains("\"failed\""));
        const int pttl = cli({QStringLiteral("PTTL"), QStringLiteral("{oauth2token:acme}:lock")}).toInt();
        QVERIFY2(pttl > 0 && pttl <= 5000, QByteArray::number(pttl));
        // Another process arriving meanwhile gets that failure instead of asking the provider again.
        const auto other = otherClient();
        const auto shared = await<CacheEntry>([&](auto done) { other->cache().get(profile(), this, done); });
        QVERIFY(!shared);
        QVERIFY2(
            shared.error().message.contains(QStringLiteral("invalid_client: no (HTTP 401) (the fetch by ")),
            qPrintable(shared.error().message));
        QCOMPARE(shared.error().kind, Error::Kind::Provider);
        QCOMPARE(m_endpoint->requestCount(), 1);
    }

    void aSharedFailureIsNotTheAnswerToAProfileFixedSince()
    {
        m_endpoint->respondWith({200, "{\"data\":{\"accessToken\":\"fixed\",\"expiresIn\":600}}"});
        ProviderProfile wrong = profile();
        wrong.response.tokenField = QStringLiteral("/data/accessTokn");
        wrong.response.expiresField = QStringLiteral("/data/expiresIn");
        QVERIFY(!get(wrong));
        const auto other = otherClient();
        QVERIFY(!await<CacheEntry>([&](auto done) { other->cache().get(wrong, this, done); }));
        QCOMPARE(m_endpoint->requestCount(), 1); // the same settings share the failure
        // Fixed: the failure record is waited out (a few seconds at most), then the provider is asked.
        ProviderProfile fixed = wrong;
        fixed.response.tokenField = QStringLiteral("/data/accessToken");
        const auto refreshed =
            await<CacheEntry>([&](auto done) { other->cache().refresh(fixed, this, done); });
        QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
        QCOMPARE(refreshed->token->accessToken, QStringLiteral("fixed"));
        QCOMPARE(m_endpoint->requestCount(), 2);
    }

    void waiterTakesOverWhenTheHolderDies()
    {
        // A holder that took the lock and died: nobody releases it, its TTL ends it.
        cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"),
             QStringLiteral(R"({"holder":"gone/1"})"), QStringLiteral("PX"), QStringLiteral("700")});
        const auto entry = get(profile());
        QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
        QCOMPARE(entry->token->accessToken, QStringLiteral("token-1"));
        QCOMPARE(m_endpoint->requestCount(), 1);
    }

    void refreshWaitsForTheLockHolder()
    {
        cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"), QStringLiteral("busy"),
             QStringLiteral("PX"), QStringLiteral("500")});
        const auto entry = refresh(profile());
        QVERIFY(entry);
        QCOMPARE(m_endpoint->requestCount(), 1);
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("{oauth2token:acme}:lock")}), QByteArray("0"));
    }

    void getInsideTheMarginRefreshesAheadOnce()
    {
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("30"),
             QStringLiteral(R"({"access_token":"old","expires_in":3600})")});
        const auto otherSession = otherClient();
        TokenCache& other = otherSession->cache();
        TokenEndpoint::Response slow = TokenEndpoint::token(QStringLiteral("new"));
        slow.delayMs = 300;
        m_endpoint->respondWith(slow);

        QSignalSpy idle(m_cache, &TokenCache::idle);
        QSignalSpy otherIdle(&other, &TokenCache::idle);
        std::optional<Result<CacheEntry>> mine, theirs;
        m_cache->get(profile(), this, [&mine](const Result<CacheEntry>& entry) { mine = entry; });
        other.get(profile(), this, [&theirs](const Result<CacheEntry>& entry) { theirs = entry; });
        QTRY_VERIFY(mine && theirs);
        // Both are answered at once with the token they found; nobody waits on the provider.
        QCOMPARE((*mine)->token->accessToken, QStringLiteral("old"));
        QCOMPARE((*theirs)->token->accessToken, QStringLiteral("old"));
        QVERIFY(m_cache->busy());
        QTRY_COMPARE(idle.size() + otherIdle.size(), 2);
        QCOMPARE(m_endpoint->requestCount(), 1);
        QVERIFY(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("\"new\""));
        QVERIFY(cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).toInt() > 3500);
    }

    void failedRefreshAheadKeepsTheEntry()
    {
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("30"),
             QStringLiteral(R"({"access_token":"old","expires_in":3600})")});
        m_endpoint->respondWith(
            TokenEndpoint::oauthError(400, QStringLiteral("invalid_scope"), QStringLiteral("no")));
        QSignalSpy failed(m_cache, &TokenCache::backgroundRefreshFailed);
        QCOMPARE(get(profile())->token->accessToken, QStringLiteral("old"));
        QTRY_COMPARE(failed.size(), 1);
        QVERIFY(!m_cache->busy());
        QVERIFY(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("\"old\""));
        // No lock is held: at most the failure record, for the other processes, for a few seconds.
        QVERIFY(cli({QStringLiteral("PTTL"), QStringLiteral("{oauth2token:acme}:lock")}).toInt() <= 5000);
    }

    void anEndingSessionCancelsItsWorkAndReleasesItsLock()
    {
        TokenEndpoint::Response slow;
        slow.delayMs = 60'000;
        slow.body = QByteArrayLiteral("{\"access_token\":\"late\",\"expires_in\":3600}");
        m_endpoint->respondWith(slow);
        std::optional<Result<CacheEntry>> result;
        m_cache->get(profile(), this, [&result](const Result<CacheEntry>& entry) { result = entry; });
        const QString lockKey = QStringLiteral("{oauth2token:acme}:lock");
        QTRY_COMPARE(m_endpoint->requestCount(), 1); // the lock is taken and the fetch under it runs
        QCOMPARE(cli({QStringLiteral("EXISTS"), lockKey}), QByteArray("1"));
        QVERIFY(cli({QStringLiteral("PTTL"), lockKey}).toInt() > 30'000); // it would outlive this test

        m_cache = nullptr;
        m_session.reset(); // the window reconnects, or the command ends
        QVERIFY(result.has_value());
        QVERIFY(!*result);
        QCOMPARE(result->error().kind, Error::Kind::Aborted);
        QTRY_COMPARE(cli({QStringLiteral("EXISTS"), lockKey}), QByteArray("0"));
    }

    void aScanStopsWhenItsConsumerGoesAway_data() { parsedInlineOrOnOwnThread(); }
    void aScanStopsWhenItsConsumerGoesAway()
    {
        parseAsTheRowSays();
        cli({QStringLiteral("EVAL"),
             QStringLiteral("for i = 1, 3000 do redis.call('SET', 'oauth2token:k' .. i, '{}') end"),
             QStringLiteral("0")});
        const auto scanAll = [this](QObject* consumer, const std::function<void()>& onFirstBatch) {
            ListQuery query;
            query.pageSize = 100;
            m_cache->list(
                query, consumer,
                [first = true, onFirstBatch](const QList<CacheEntry>&) mutable {
                    if (std::exchange(first, false) && onFirstBatch)
                        onFirstBatch();
                },
                [](const Result<qsizetype>&) {});
        };
        // A whole scan, for how many SCAN pages 3000 keys take.
        cli({QStringLiteral("CONFIG"), QStringLiteral("RESETSTAT")});
        const auto whole = await<qsizetype>([&](auto done) {
            ListQuery query;
            query.pageSize = 100;
            m_cache->list(
                query, this, [](const QList<CacheEntry>&) {}, done);
        });
        QCOMPARE(*whole, 3000);
        const int pages = m_server->commandCalls("scan");
        QVERIFY(pages > 10);

        // A consumer that goes away after its first page, then a whole scan on the same connection:
        // after it went away, the first one sent at most the page then in flight. (How many pages
        // were read before its first batch arrived depends on the machine's load: not asserted.)
        cli({QStringLiteral("CONFIG"), QStringLiteral("RESETSTAT")});
        auto* consumer = new QObject;
        int scansBeforeLeaving = -1;
        scanAll(consumer, [this, &consumer, &scansBeforeLeaving] {
            delete std::exchange(consumer, nullptr);
            scansBeforeLeaving = m_server->commandCalls("scan");
        });
        const auto after = await<qsizetype>([&](auto done) {
            ListQuery query;
            query.pageSize = 100;
            m_cache->list(
                query, this, [](const QList<CacheEntry>&) {}, done);
        });
        QCOMPARE(*after, 3000);
        QVERIFY(!consumer);
        const int sentAfterLeaving = m_server->commandCalls("scan") - scansBeforeLeaving - pages;
        QVERIFY2(scansBeforeLeaving > 0 && sentAfterLeaving <= 1,
                 qPrintable(QStringLiteral("%1 SCANs after the consumer left").arg(sentAfterLeaving)));
    }

    void listShowsLocksAndEvictRemovesStaleOnes()
    {
        RedisClient connection(*RedisSettings{m_server->url()}.endpoint());
        RedisLock lock(connection);
        auto taken = await<QByteArray>(
            [&](auto done) { lock.acquire(QStringLiteral("oauth2token:held"), 30000, this, done); });
        QVERIFY(taken && !taken->isEmpty());
        cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:stuck}:lock"),
             QStringLiteral(R"({"holder":"old-host/42"})")});

        const QList<CacheEntry> entries = list({});
        const CacheEntry* held = find(entries, QStringLiteral("{oauth2token:held}:lock"));
        QVERIFY(held && held->lock);
        QCOMPARE(held->status, CacheEntry::Status::Locked);
        QCOMPARE(
            held->lock->holder,
            QStringLiteral("%1/%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid()));
        QVERIFY(held->lock->ageMs >= 0 && held->lock->ageMs < 10000);
        const CacheEntry* stuck = find(entries, QStringLiteral("{oauth2token:stuck}:lock"));
        QVERIFY(stuck && stuck->lock);
        QCOMPARE(stuck->status, CacheEntry::Status::StaleLock);
        QCOMPARE(stuck->lock->holder, QStringLiteral("old-host/42"));

        const auto evictLock = [&](const QString& key, bool force) {
            return await<Done>([&](auto done) { m_cache->evictLock(key, force, this, done); });
        };
        QVERIFY(evictLock(QStringLiteral("oauth2token:stuck"), false));
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("{oauth2token:stuck}:lock")}),
                 QByteArray("0"));
        const auto refused = evictLock(QStringLiteral("oauth2token:held"), false);
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("not stale")),
                 qPrintable(refused.error().message));
        QVERIFY(evictLock(QStringLiteral("oauth2token:held"), true));
        QCOMPARE(evictLock(QStringLiteral("oauth2token:held"), false).error().kind, Error::Kind::NotFound);

        // Only the holder's own value releases a lock.
        taken = await<QByteArray>(
            [&](auto done) { lock.acquire(QStringLiteral("oauth2token:held"), 30000, this, done); });
        auto released = await<bool>(
            [&](auto done) { lock.release(QStringLiteral("oauth2token:held"), "not-mine", this, done); });
        QVERIFY(released && !*released);
        released = await<bool>(
            [&](auto done) { lock.release(QStringLiteral("oauth2token:held"), *taken, this, done); });
        QVERIFY(released && *released);
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

    void repeatedHitsFollowEveryChangeToTheKey()
    {
        // A hit reuses the parse of an unchanged value: each change below must still be seen.
        const QString key = QStringLiteral("oauth2token:acme");
        const auto setToken = [&](const QString& token, const QString& ttl) {
            cli({QStringLiteral("SETEX"), key, ttl,
                 QStringLiteral(R"({"access_token":"%1","token_type":"Bearer","expires_in":3600})")
                     .arg(token)});
        };
        setToken(QStringLiteral("first"), QStringLiteral("3000"));
        QCOMPARE(get(profile())->token->accessToken, QStringLiteral("first"));
        QCOMPARE(get(profile())->token->accessToken, QStringLiteral("first"));

        setToken(QStringLiteral("second"), QStringLiteral("3000"));
        QCOMPARE(get(profile())->token->accessToken, QStringLiteral("second"));

        cli({QStringLiteral("EXPIRE"), key, QStringLiteral("2000")});
        auto entry = get(profile());
        QCOMPARE(entry->token->accessToken, QStringLiteral("second"));
        QVERIFY2(entry->ttlMs > 1'990'000 && entry->ttlMs <= 2'000'000, QByteArray::number(entry->ttlMs));

        cli({QStringLiteral("PERSIST"), key});
        entry = get(profile());
        QCOMPARE(entry->ttlMs, CacheEntry::kNoTtl);
        QCOMPARE(entry->warnings, QStringList{QStringLiteral("the key has no TTL: it never expires")});
        cli({QStringLiteral("EXPIRE"), key, QStringLiteral("2000")});
        QCOMPARE(get(profile())->warnings, QStringList{}); // not carried over from the last read

        cli({QStringLiteral("SET"), key, QStringLiteral("garbage")});
        QVERIFY(!get(profile()));

        cli({QStringLiteral("DEL"), key});
        cli({QStringLiteral("HSET"), key, QStringLiteral("field"), QStringLiteral("value")});
        const auto wrongType = get(profile());
        QVERIFY(!wrongType);
        QVERIFY2(wrongType.error().message.contains(QStringLiteral("holds a Redis hash")),
                 qPrintable(wrongType.error().message));
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
            [&](auto done) { m_cache->read(QStringLiteral("oauth2token:none"), nullptr, this, done); });
        QVERIFY(!entry);
        QCOMPARE(entry.error().kind, Error::Kind::NotFound);
    }

    void listParsesGoodAndBadValues_data() { parsedInlineOrOnOwnThread(); }
    void listParsesGoodAndBadValues()
    {
        parseAsTheRowSays();
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

    void aProfilesMappingReadsItsEntriesWhereverTheyAreRead_data() { parsedInlineOrOnOwnThread(); }
    void aProfilesMappingReadsItsEntriesWhereverTheyAreRead()
    {
        parseAsTheRowSays();
        ProviderProfile pay = profile(QStringLiteral("pay"));
        pay.response.tokenField = QStringLiteral("/data/accessToken");
        pay.response.expiresField = QStringLiteral("/data/expiresIn");
        const QString nested = QStringLiteral("{\"data\":{\"accessToken\":\"p4y\",\"expiresIn\":600}}");
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:pay"), QStringLiteral("540"), nested});
        // The same value under a key no profile owns is read with RFC 6749's fields.
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:other"), QStringLiteral("540"), nested});

        const QList<CacheEntry> entries = list({{}, {pay}});
        QCOMPARE(find(entries, QStringLiteral("oauth2token:pay"))->status, CacheEntry::Status::Valid);
        QCOMPARE(find(entries, QStringLiteral("oauth2token:pay"))->cachedForSeconds, 540);
        QCOMPARE(find(entries, QStringLiteral("oauth2token:other"))->status, CacheEntry::Status::Unreadable);
        const auto read = await<CacheEntry>(
            [&](auto done) { m_cache->read(QStringLiteral("oauth2token:pay"), &pay, this, done); });
        QCOMPARE(read->token->accessToken, QStringLiteral("p4y"));
        QCOMPARE(read->profile, QStringLiteral("pay"));
        // A hit, twice (the second from the remembered parse): the provider is never asked.
        for (int i = 0; i < 2; ++i)
            QCOMPARE(get(pay)->token->accessToken, QStringLiteral("p4y"));
        QCOMPARE(m_endpoint->requestCount(), 0);
        // The remembered parse is the mapping's: the same key read as RFC 6749's is unreadable again.
        const auto asPlain = await<CacheEntry>(
            [&](auto done) { m_cache->read(QStringLiteral("oauth2token:pay"), nullptr, this, done); });
        QCOMPARE(asPlain->status, CacheEntry::Status::Unreadable);
    }

    void anAbsoluteExpiryGivesTheTtl()
    {
        const qint64 expiresAt = QDateTime::currentSecsSinceEpoch() + 1200;
        m_endpoint->respondWith(
            {200, "{\"token\":\"abs\",\"expires_at\":" + QByteArray::number(expiresAt) + "}"});
        ProviderProfile absolute = profile();
        absolute.response.tokenField = QStringLiteral("/token");
        absolute.response.expiresAtField = QStringLiteral("/expires_at");
        const auto entry = get(absolute);
        QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
        QVERIFY(entry->stored);
        // Until the expiry, less the margin (60 s): a little under 1140 s, as the clock moved on.
        const int ttl = cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).toInt();
        QVERIFY2(ttl > 1100 && ttl <= 1140, QByteArray::number(ttl));
    }

    void listWalksEveryScanPageOnce_data() { parsedInlineOrOnOwnThread(); }
    void listWalksEveryScanPageOnce()
    {
        parseAsTheRowSays();
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

    void aListParsedOnItsOwnThreadEqualsOneParsedInline()
    {
        // Tokens (JWTs among them), values that are not tokens, a key of another type, a lock.
        QByteArray commands;
        for (int i = 0; i < 600; ++i) {
            const QByteArray jwt =
                makeJwt({{QStringLiteral("iat"), QDateTime::currentSecsSinceEpoch() - i},
                         {QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 3600 - i}});
            const QString token = i % 3 ? QString::fromUtf8(jwt) : QStringLiteral("opaque-%1").arg(i);
            commands +=
                QStringLiteral("SETEX oauth2token:k%1 %2 '{\"access_token\":\"%3\",\"expires_in\":3600,"
                               "\"scope\":\"s%4\"}'\n")
                    .arg(i)
                    .arg(3000 + i) // some outlive their JWT; none nears a status change during the test
                    .arg(token)
                    .arg(i % 7)
                    .toUtf8();
        }
        for (int i = 0; i < 50; ++i)
            commands += QStringLiteral("SET oauth2token:bad%1 'not json %1'\n").arg(i).toUtf8();
        commands += "RPUSH oauth2token:list x\nSET oauth2token:k1:lock 'host:1'\n";
        m_server->cli({}, commands);

        ListQuery query;
        query.pageSize = 100;
        // By key: SCAN's order may change between two scans while Redis rehashes.
        const auto byKey = [](QList<CacheEntry> entries) {
            std::sort(entries.begin(), entries.end(),
                      [](const CacheEntry& left, const CacheEntry& right) { return left.key < right.key; });
            return entries;
        };
        const QList<CacheEntry> inlined = byKey(list(query));
        m_cache->parseOnOwnThread(1);
        const QList<CacheEntry> threaded = byKey(list(query));
        QCOMPARE(threaded.size(), 652);
        QCOMPARE(threaded.size(), inlined.size());
        const auto describe = [](const CacheEntry& entry) {
            // What depends on the read's moment (time left, age) is left out.
            return QStringList{entry.key,
                               CacheEntry::statusName(entry.status),
                               entry.reason.section(QLatin1Char(' '), 0, 3),
                               entry.token ? entry.token->scope : QString(),
                               entry.jwt ? QStringLiteral("jwt") : QString(),
                               QString::number(entry.warnings.size()),
                               QString::number(entry.sizeBytes)};
        };
        for (qsizetype i = 0; i < inlined.size(); ++i)
            QCOMPARE(describe(threaded.at(i)), describe(inlined.at(i)));
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

    void anExpiredJwtIsNeverHandedOut()
    {
        // The Redis TTL says an hour, the JWT says it expired a minute ago: that is a miss.
        const QByteArray expired =
            makeJwt({{QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() - 60}});
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("3600"),
             QString::fromUtf8(R"({"access_token":")" + expired + R"(","expires_in":3600})")});
        const auto entry = get(profile());
        QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
        QCOMPARE(entry->token->accessToken, QStringLiteral("token-1"));
        QCOMPARE(m_endpoint->requestCount(), 1);
    }

    void theTtlNeverOutlivesTheJwt()
    {
        const QByteArray jwt = makeJwt({{QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 600}});
        m_endpoint->respondWith(TokenEndpoint::token(QString::fromLatin1(jwt), 3600));
        QVERIFY(get(profile()));
        // exp (600 s) minus the margin (60 s), not expires_in (3600 s) minus the margin.
        const int ttl = cli({QStringLiteral("TTL"), QStringLiteral("oauth2token:acme")}).toInt();
        QVERIFY2(ttl > 500 && ttl <= 540, QByteArray::number(ttl));
    }

    void aTokenInsideTheMarginIsHandedOutButNotCached()
    {
        const QByteArray jwt = makeJwt({{QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 30}});
        m_endpoint->respondWith(TokenEndpoint::token(QString::fromLatin1(jwt), 3600));
        const auto entry = get(profile());
        QVERIFY(entry);
        QCOMPARE(entry->token->accessToken, QString::fromLatin1(jwt));
        QVERIFY(!entry->stored);
        QVERIFY2(entry->warnings.join(QString()).contains(QStringLiteral("less than the refresh margin")),
                 qPrintable(entry->warnings.join(QString())));
        QCOMPARE(cli({QStringLiteral("EXISTS"), QStringLiteral("oauth2token:acme")}), QByteArray("0"));
    }

    void aJwtEndingSoonIsRefreshedAheadWhateverItsTtl()
    {
        // Written by another service with a TTL that outlives the token: its exp decides.
        const QByteArray ending = makeJwt({{QStringLiteral("exp"), QDateTime::currentSecsSinceEpoch() + 20}});
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("3600"),
             QString::fromUtf8(R"({"access_token":")" + ending + R"(","expires_in":3600})")});
        QSignalSpy idle(m_cache, &TokenCache::idle);
        QCOMPARE(get(profile())->token->accessToken, QString::fromLatin1(ending)); // still valid: handed out
        QTRY_COMPARE(idle.size(), 1);
        QCOMPARE(m_endpoint->requestCount(), 1);
        QVERIFY(cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")}).contains("token-1"));
    }

    void aStaleFailureRecordIsIgnored()
    {
        // A failure record left without TTL (by hand, or a crash mid-write) must not answer forever.
        const qint64 hourAgo = QDateTime::currentMSecsSinceEpoch() - 3600 * 1000;
        cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:acme}:lock"),
             QStringLiteral(R"({"failed":"Provider acme: HTTP 500","since":%1,"ttl_ms":5000})")
                 .arg(hourAgo)});
        cli({QStringLiteral("CONFIG"), QStringLiteral("RESETSTAT")});
        std::optional<Result<CacheEntry>> result;
        m_cache->get(profile(), this, [&result](const Result<CacheEntry>& entry) { result = entry; });
        // Several polls (each reads the entry and the lock) have seen the record; none answered with it.
        QTRY_VERIFY(m_server->commandCalls("get") >= 8);
        QVERIFY(!result);
        cli({QStringLiteral("DEL"), QStringLiteral("{oauth2token:acme}:lock")});
        QTRY_VERIFY(result.has_value());
        QVERIFY2(*result, *result ? "" : qPrintable(result->error().message));
    }

    void aCachedTokenWithControlCharactersIsUnusable()
    {
        cli({QStringLiteral("SETEX"), QStringLiteral("oauth2token:acme"), QStringLiteral("3600"),
             QStringLiteral("{\"access_token\":\"abc\\r\\nX-Injected: 1\",\"expires_in\":3600}")});
        const auto entry = get(profile());
        QVERIFY(!entry);
        QCOMPARE(entry.error().kind, Error::Kind::Redis);
        QVERIFY2(entry.error().message.contains(QStringLiteral("access_token contains control characters")),
                 qPrintable(entry.error().message));
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void anOutageIsSharedNotRetriedByEveryProcess()
    {
        // Ten cold "processes" (each its own connection and cache) against a provider that answers 500:
        // one holder makes its attempts, the others get its failure.
        m_endpoint->respondWith({500, "down"});
        std::vector<std::shared_ptr<CacheSession>> processes;
        QList<std::optional<Result<CacheEntry>>> results(10);
        for (int i = 0; i < 10; ++i) {
            processes.push_back(otherClient());
            processes.back()->cache().get(
                profile(), this, [&results, i](const Result<CacheEntry>& entry) { results[i] = entry; });
        }
        QTRY_VERIFY_WITH_TIMEOUT(
            std::all_of(results.cbegin(), results.cend(), [](const auto& r) { return r.has_value(); }),
            30000);
        for (const auto& result : results) {
            QVERIFY(!*result);
            QVERIFY2(result->error().message.contains(QStringLiteral("HTTP 500")),
                     qPrintable(result->error().message));
        }
        QCOMPARE(m_endpoint->requestCount(), 3); // the default attempts, of one holder
    }

    void aFetchNeverOutlivesItsLock()
    {
        // A body trickling in forever used to keep the holder receiving past its lock's TTL, so a
        // second process took the lock and fetched alongside.
        TokenEndpoint::Response trickle;
        trickle.trickleEveryMs = 50;
        m_endpoint->respondWith(trickle);
        ProviderProfile slow = profile();
        slow.requestTimeoutMs = 1000;
        slow.maxAttempts = 1; // lock TTL: 1 s + 5 s
        auto other = otherClient();
        std::optional<Result<CacheEntry>> mine, theirs;
        m_cache->get(slow, this, [&mine](const Result<CacheEntry>& entry) { mine = entry; });
        other->cache().get(slow, this, [&theirs](const Result<CacheEntry>& entry) { theirs = entry; });
        QTRY_VERIFY_WITH_TIMEOUT(mine && theirs, 30000);
        QVERIFY(!*mine && !*theirs);
        QCOMPARE(m_endpoint->maxConcurrentRequests(), 1);
        QCOMPARE(m_endpoint->requestCount(), 1);
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
