#include "core/cache/CacheSession.h"
#include "core/cache/KeyspaceWatcher.h"
#include "core/cache/TokenCache.h"
#include "core/config/SecretRef.h"
#include "core/redis/RedisClient.h"
#include "core/redis/RedisNode.h"
#include "tests/support/Await.h"
#include "tests/support/ReadmeAcl.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TlsMaterial.h"
#include "tests/support/TokenEndpoint.h"

#include <QTest>

#include <optional>

using namespace tokencache;

class tst_RedisTransports : public QObject
{
    Q_OBJECT

    TlsMaterial m_tls;

    Result<RedisReply> run(const RedisEndpoint& endpoint, const RedisCommand& command)
    {
        RedisClient connection(endpoint);
        return run(connection, command);
    }

    Result<RedisReply> run(RedisClient& connection, const RedisCommand& command)
    {
        return await<RedisReply>([&](auto done) { connection.command(command, this, done); });
    }

    RedisEndpoint tlsEndpoint(const RedisServer& server)
    {
        auto endpoint = RedisEndpoint::fromUrl(QStringLiteral("rediss://127.0.0.1:%1/0").arg(server.port()));
        endpoint->tls.caFile = m_tls.caFile();
        return *endpoint;
    }

    /** Once @p replica holds @p key as @p value (it has caught up), asks @p sentinel to fail over to it. */
    static bool failOver(const RedisServer& sentinel, const RedisServer& replica, const QString& key,
                         const QByteArray& value)
    {
        return QTest::qWaitFor(
                   [&] {
                       return replica.cli({QStringLiteral("GET"), key}) == value;
                   },
                   10000) &&
               QTest::qWaitFor(
                   [&] {
                       return sentinel.cli({QStringLiteral("SENTINEL"), QStringLiteral("FAILOVER"),
                                            QStringLiteral("tokens")}) == "OK";
                   },
                   30000);
    }

private slots:
    void initTestCase() { QVERIFY2(m_tls.generate(), qPrintable(m_tls.error())); }

    void tlsWithVerification()
    {
        RedisServer server;
        server.useTls(m_tls.serverCert(), m_tls.serverKey(), m_tls.caFile(), false);
        QVERIFY2(server.start(), qPrintable(server.error()));
        const auto reply = run(tlsEndpoint(server), {"PING"});
        QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
        QCOMPARE(reply->string, QByteArray("PONG"));

        RedisEndpoint byName = tlsEndpoint(server);
        byName.tls.serverName = QStringLiteral("localhost");
        QCOMPARE(run(byName, {"PING"})->string, QByteArray("PONG"));
    }

    void tlsToAPlainTextRedisSaysSoInsteadOfATimeout()
    {
        RedisServer plain;
        QVERIFY2(plain.start(), qPrintable(plain.error()));
        RedisEndpoint endpoint = tlsEndpoint(plain);
        endpoint.connectTimeoutMs = 300;
        const auto reply = run(endpoint, {"PING"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.endsWith(
                     QStringLiteral(
                         "no TLS handshake from 127.0.0.1:%1 — is this a plain-text Redis? Try redis://")
                         .arg(plain.port())),
                 qPrintable(reply.error().message));
    }

    void untrustedCertificateIsAVerificationError()
    {
        RedisServer server;
        server.useTls(m_tls.serverCert(), m_tls.serverKey(), m_tls.caFile(), false);
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisEndpoint endpoint = tlsEndpoint(server);
        endpoint.tls.caFile = m_tls.otherCaFile();
        const auto reply = run(endpoint, {"PING"});
        QVERIFY(!reply);
        QCOMPARE(reply.error().kind, Error::Kind::Redis);
        QVERIFY2(reply.error().message.startsWith(
                     QStringLiteral(
                         "Redis at 127.0.0.1:%1: TLS certificate verification failed for \"127.0.0.1\": ")
                         .arg(server.port())),
                 qPrintable(reply.error().message));

        // Only an explicit choice turns verification off.
        endpoint.tls.insecure = true;
        QCOMPARE(run(endpoint, {"PING"})->string, QByteArray("PONG"));
    }

    void wrongHostNameIsAVerificationError()
    {
        RedisServer server;
        server.useTls(m_tls.serverCert(), m_tls.serverKey(), m_tls.caFile(), false);
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisEndpoint endpoint = tlsEndpoint(server);
        endpoint.tls.serverName = QStringLiteral("cache.wrong.example");
        const auto reply = run(endpoint, {"PING"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.contains(
                     QStringLiteral("TLS certificate verification failed for \"cache.wrong.example\"")) &&
                     reply.error().message.contains(QStringLiteral("host name")),
                 qPrintable(reply.error().message));
    }

    void mutualTls()
    {
        RedisServer server;
        server.useTls(m_tls.serverCert(), m_tls.serverKey(), m_tls.caFile(), true);
        QVERIFY2(server.start(), qPrintable(server.error()));
        const auto refused = run(tlsEndpoint(server), {"PING"});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("client certificate")),
                 qPrintable(refused.error().message));

        RedisEndpoint endpoint = tlsEndpoint(server);
        endpoint.tls.certFile = m_tls.clientCert();
        endpoint.tls.keyFile = m_tls.clientKey();
        const auto reply = run(endpoint, {"PING"});
        QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
        QCOMPARE(reply->string, QByteArray("PONG"));

        endpoint.tls.keyFile = m_tls.caFile(); // not a key
        const auto badKey = run(endpoint, {"PING"});
        QVERIFY(!badKey);
        QVERIFY2(badKey.error().message.contains(QStringLiteral("is not an unencrypted RSA or EC key")),
                 qPrintable(badKey.error().message));
    }

    void unixSocketWithDatabase()
    {
        RedisServer server;
        server.useUnixSocket();
        QVERIFY2(server.start(), qPrintable(server.error()));
        const auto endpoint =
            RedisEndpoint::fromUrl(QStringLiteral("unix://%1?db=2").arg(server.socketPath()));
        QVERIFY(endpoint);
        QCOMPARE(endpoint->kind, RedisEndpoint::Kind::Unix);
        QCOMPARE(endpoint->database, 2);
        QVERIFY(run(*endpoint, {"SET", "over-unix", "yes"}));
        QCOMPARE(server.cli({QStringLiteral("-n"), QStringLiteral("2"), QStringLiteral("GET"),
                             QStringLiteral("over-unix")}),
                 QByteArray("yes"));

        RedisEndpoint missing = *endpoint;
        missing.socketPath += QStringLiteral(".gone");
        const auto reply = run(missing, {"PING"});
        QVERIFY(!reply);
        QCOMPARE(reply.error().message,
                 QStringLiteral("Redis at %1: no socket at this path").arg(missing.socketPath));
    }

    void sentinelFindsThePrimaryAndFollowsAFailover()
    {
        RedisServer primary;
        QVERIFY2(primary.start(), qPrintable(primary.error()));
        RedisServer replica(
            {QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"), QString::number(primary.port())});
        QVERIFY2(replica.start(), qPrintable(replica.error()));
        RedisServer sentinel;
        sentinel.useSentinelFor(primary.port(), QStringLiteral("tokens"));
        QVERIFY2(sentinel.start(), qPrintable(sentinel.error()));

        const auto endpoint = RedisEndpoint::fromUrl(
            QStringLiteral("redis-sentinel://127.0.0.1:1,127.0.0.1:%1/tokens/0").arg(sentinel.port()));
        QVERIFY(endpoint);
        QCOMPARE(endpoint->sentinels.size(), 2);
        RedisClient connection(*endpoint);
        QVERIFY(run(connection, {"SET", "oauth2token:a", "before"}));
        QCOMPARE(connection.server().port, primary.port());

        // The sentinel learns about the replica from the primary, then fails over to it.
        QVERIFY(failOver(sentinel, replica, QStringLiteral("oauth2token:a"), "before"));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return sentinel
                    .cli({QStringLiteral("SENTINEL"), QStringLiteral("get-master-addr-by-name"),
                          QStringLiteral("tokens")})
                    .endsWith(QByteArray::number(replica.port()));
            },
            30000));

        QVERIFY(QTest::qWaitFor([&] { return primary.cli({QStringLiteral("ROLE")}).startsWith("slave"); },
                                30000));
        // Commands in flight during the switch may fail; the connection then finds the new primary itself.
        bool written = false;
        QVERIFY(QTest::qWaitFor(
            [&] {
                const auto reply = run(connection, {"SET", "oauth2token:a", "after"});
                written = reply && !reply->isError();
                return written;
            },
            30000));
        QCOMPARE(connection.server().port, replica.port());
        QCOMPARE(replica.cli({QStringLiteral("GET"), QStringLiteral("oauth2token:a")}), QByteArray("after"));
    }

    void keyspaceEventsFollowASentinelFailover()
    {
        RedisServer primary;
        QVERIFY2(primary.start(), qPrintable(primary.error()));
        RedisServer replica(
            {QStringLiteral("--replicaof"), QStringLiteral("127.0.0.1"), QString::number(primary.port())});
        QVERIFY2(replica.start(), qPrintable(replica.error()));
        for (const RedisServer* server : {&primary, &replica})
            server->cli({QStringLiteral("CONFIG"), QStringLiteral("SET"),
                         QStringLiteral("notify-keyspace-events"), QStringLiteral("KA")});
        RedisServer sentinel;
        sentinel.useSentinelFor(primary.port(), QStringLiteral("tokens"));
        QVERIFY2(sentinel.start(), qPrintable(sentinel.error()));
        RedisClient connection(*RedisEndpoint::fromUrl(
            QStringLiteral("redis-sentinel://127.0.0.1:%1/tokens/0").arg(sentinel.port())));
        KeyspaceWatcher watcher(connection);
        QStringList changed;
        connect(&watcher, &KeyspaceWatcher::changed, this,
                [&changed](const QString& key, const QString&) { changed.append(key); });
        int lost = 0;
        connect(&watcher, &KeyspaceWatcher::lost, this, [&lost] { ++lost; });
        watcher.start({QStringLiteral("*oauth2token*")});
        QVERIFY(QTest::qWaitFor([&] { return watcher.live() == KeyspaceWatcher::Live::On; }, 30000));
        primary.cli({QStringLiteral("SET"), QStringLiteral("oauth2token:before"), QStringLiteral("1")});
        QVERIFY(
            QTest::qWaitFor([&] { return changed.contains(QStringLiteral("oauth2token:before")); }, 30000));

        // The primary fails over, then goes away: the subscription is lost and made again on the new one.
        QVERIFY(failOver(sentinel, replica, QStringLiteral("oauth2token:before"), "1"));
        QVERIFY(QTest::qWaitFor([&] { return replica.cli({QStringLiteral("ROLE")}).startsWith("master"); },
                                30000));
        primary.stop();
        QVERIFY(QTest::qWaitFor([&] { return lost > 0; }, 30000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return watcher.live() == KeyspaceWatcher::Live::On &&
                       replica.cli({QStringLiteral("PUBSUB"), QStringLiteral("NUMPAT")}).trimmed() == "1";
            },
            30000));
        replica.cli({QStringLiteral("SET"), QStringLiteral("oauth2token:after"), QStringLiteral("2")});
        QVERIFY(
            QTest::qWaitFor([&] { return changed.contains(QStringLiteral("oauth2token:after")); }, 30000));
    }

    void aRefusedRoleCheckIsReportedAsSuch()
    {
        RedisServer primary;
        QVERIFY2(primary.start(), qPrintable(primary.error()));
        RedisServer sentinel;
        sentinel.useSentinelFor(primary.port(), QStringLiteral("tokens"));
        QVERIFY2(sentinel.start(), qPrintable(sentinel.error()));
        // An ACL without +role: the primary check after the sentinel's answer is refused.
        QCOMPARE(primary.cli({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("tokencache"),
                              QStringLiteral("on"), QStringLiteral(">pw"), QStringLiteral("~*"),
                              QStringLiteral("+@all"), QStringLiteral("-role")}),
                 QByteArray("OK"));
        RedisClient connection(*RedisEndpoint::fromUrl(
            QStringLiteral("redis-sentinel://tokencache:pw@127.0.0.1:%1/tokens/3").arg(sentinel.port())));
        const auto reply = run(connection, {"PING"});
        QVERIFY(!reply);
        // What failed, and why; not "cannot select database 3".
        QVERIFY2(reply.error().message.contains(QStringLiteral("NOPERM")) &&
                     reply.error().message.contains(QStringLiteral("(command: ROLE)")),
                 qPrintable(reply.error().message));
        QVERIFY2(!reply.error().message.contains(QStringLiteral("select")),
                 qPrintable(reply.error().message));
    }

    void theCacheRunsThroughSentinelUnderTheReadmesAcl()
    {
        RedisServer primary;
        QVERIFY2(primary.start(), qPrintable(primary.error()));
        RedisServer sentinel;
        sentinel.useSentinelFor(primary.port(), QStringLiteral("tokens"));
        QVERIFY2(sentinel.start(), qPrintable(sentinel.error()));
        // The primary and the sentinel get exactly the README's rules.
        const QStringList serverRule = ReadmeAcl::serverRule(QStringLiteral("acl-pass"));
        const QStringList sentinelRule = ReadmeAcl::sentinelRule();
        QVERIFY(!serverRule.isEmpty() && !sentinelRule.isEmpty());
        QCOMPARE(primary.cli(serverRule), QByteArray("OK"));
        QCOMPARE(sentinel.cli(sentinelRule), QByteArray("OK"));
        TokenEndpoint provider;
        QVERIFY(provider.listen());
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.tokenUrl = provider.url();
        profile.clientId = QStringLiteral("id");
        profile.clientSecretRef = SecretRef(SecretRef::Kind::Literal, QStringLiteral("secret")).format();

        auto session = CacheSession::create(
            RedisSettings{QStringLiteral("redis-sentinel://tokencache:acl-pass@127.0.0.1:%1/tokens/0")
                              .arg(sentinel.port())});
        QVERIFY(session);
        TokenCache& cache = (*session)->cache();
        const auto got = await<CacheEntry>([&](auto done) { cache.get(profile, this, done); });
        QVERIFY2(got, got ? "" : qPrintable(got.error().message));
        const auto refreshed = await<CacheEntry>([&](auto done) { cache.refresh(profile, this, done); });
        QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
        const auto listed = await<qsizetype>([&](auto done) {
            cache.list(
                {{}, {profile}}, this, [](const auto&) {}, done);
        });
        QVERIFY2(listed && *listed == 1, listed ? "" : qPrintable(listed.error().message));
        const auto evicted = await<Done>([&](auto done) { cache.evict(profile.cacheKey(), this, done); });
        QVERIFY2(evicted, evicted ? "" : qPrintable(evicted.error().message));
    }

    void subscriberModeHandsOutPushedMessagesApartFromReplies()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisNode node(*RedisEndpoint::fromUrl(server.url()));
        QList<RedisReply> messages;
        const auto subscribed = await<QList<RedisReply>>([&](auto done) {
            node.psubscribe(
                {"__keyspace@0__:oauth2token*", "tokens:*"}, this,
                [&messages](const RedisReply& message) { messages.append(message); }, done);
        });
        QVERIFY2(subscribed, subscribed ? "" : qPrintable(subscribed.error().message));
        QCOMPARE(subscribed->size(), 2); // one confirmation per pattern
        QCOMPARE(subscribed->at(1).elements.at(1).string, QByteArray("tokens:*"));
        QVERIFY(node.isSubscriber());

        server.cli({QStringLiteral("PUBLISH"), QStringLiteral("tokens:acme"), QStringLiteral("refreshed")});
        QVERIFY(QTest::qWaitFor([&] { return messages.size() == 1; }, 10000));
        // A command still gets its own reply, whatever was pushed before it.
        server.cli({QStringLiteral("PUBLISH"), QStringLiteral("tokens:other"), QStringLiteral("evicted")});
        const auto pong = await<QList<RedisReply>>(
            [&](auto done) { node.pipeline(EncodedPipeline(QList<RedisCommand>{{"PING"}}), this, done); });
        QVERIFY(pong);
        QCOMPARE(pong->first().elements.value(0).string, QByteArray("pong"));
        QVERIFY(QTest::qWaitFor([&] { return messages.size() == 2; }, 10000));
        QCOMPARE(messages.at(0).elements.at(0).string, QByteArray("pmessage"));
        QCOMPARE(messages.at(0).elements.at(2).string, QByteArray("tokens:acme"));
        QCOMPARE(messages.at(0).elements.at(3).string, QByteArray("refreshed"));
        QCOMPARE(messages.at(1).elements.at(3).string, QByteArray("evicted"));
    }

    void sentinelOverTls()
    {
        RedisServer primary;
        primary.useTls(m_tls.serverCert(), m_tls.serverKey(), m_tls.caFile(), false);
        QVERIFY2(primary.start(), qPrintable(primary.error()));
        RedisServer sentinel;
        sentinel.useTls(m_tls.serverCert(), m_tls.serverKey(), m_tls.caFile(), false);
        sentinel.useSentinelFor(primary.port(), QStringLiteral("tokens"));
        QVERIFY2(sentinel.start(), qPrintable(sentinel.error()));

        auto endpoint = RedisEndpoint::fromUrl(
            QStringLiteral("rediss-sentinel://127.0.0.1:%1/tokens/0").arg(sentinel.port()));
        QVERIFY(endpoint);
        QVERIFY(endpoint->sentinelTls);
        endpoint->tls.caFile = m_tls.caFile();
        RedisClient connection(*endpoint);
        const auto reply = run(connection, {"SET", "oauth2token:a", "over-tls"});
        QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
        QCOMPARE(connection.server().port, primary.port());
        QCOMPARE(connection.server().kind, RedisEndpoint::Kind::Tls);
        QCOMPARE(primary.cli({QStringLiteral("GET"), QStringLiteral("oauth2token:a")}),
                 QByteArray("over-tls"));

        // Without the CA, the sentinel's certificate is refused: TLS is really in use there.
        auto untrusted = *endpoint;
        untrusted.tls.caFile = m_tls.otherCaFile();
        const auto refused = run(untrusted, {"PING"});
        QVERIFY(!refused);
        QVERIFY2(refused.error().message.contains(QStringLiteral("certificate")),
                 qPrintable(refused.error().message));
    }

    void commandsWhileBackingOffFailAtOnce()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        const quint16 port = server.port();
        server.stop();
        RedisClient connection(*RedisEndpoint::fromUrl(QStringLiteral("redis://127.0.0.1:%1").arg(port)));
        const auto first = run(connection, {"PING"});
        QVERIFY(!first);
        const auto second = run(connection, {"PING"});
        QVERIFY(!second);
        QVERIFY2(second.error().message.contains(QStringLiteral("connection refused (next attempt in")),
                 qPrintable(second.error().message));
        QVERIFY2(server.restart(), qPrintable(server.error()));
        QVERIFY(QTest::qWaitFor([&] { return bool(run(connection, {"PING"})); }, 15000));
    }
};

QTEST_GUILESS_MAIN(tst_RedisTransports)
#include "tst_RedisTransports.moc"
