#include "RedisServer.h"
#include "TlsMaterial.h"
#include "redis/RedisClient.h"

#include <QTest>

#include <optional>

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
        std::optional<Result<RedisReply>> result;
        connection.command(command, this, [&result](const Result<RedisReply>& reply) { result = reply; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }, 15000))
            return Error::redis(QStringLiteral("test: no answer"));
        return *result;
    }

    RedisEndpoint tlsEndpoint(const RedisServer& server)
    {
        auto endpoint = RedisEndpoint::fromUrl(QStringLiteral("rediss://127.0.0.1:%1/0").arg(server.port()));
        endpoint->tls.caFile = m_tls.caFile();
        return *endpoint;
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
        QVERIFY(QTest::qWaitFor(
            [&] {
                return replica.cli({QStringLiteral("GET"), QStringLiteral("oauth2token:a")}) == "before";
            },
            10000));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return sentinel.cli({QStringLiteral("SENTINEL"), QStringLiteral("FAILOVER"),
                                     QStringLiteral("tokens")}) == "OK";
            },
            30000));
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
