#include "core/cache/CacheSession.h"
#include "core/cache/TokenCache.h"
#include "core/config/AppConfig.h"
#include "core/redis/RedisClient.h"
#include "tests/support/Await.h"
#include "tests/support/HostileRedis.h"

#include <QFile>
#include <QTest>

#include <memory>

using namespace tokencache;

// What tokencache does when the server it talks to lies: each case would crash, hang, loop or
// allocate gigabytes without the check it names.
class tst_HostileRedis : public QObject
{
    Q_OBJECT

    std::unique_ptr<HostileRedis> m_redis;

    RedisEndpoint endpoint() const { return *RedisEndpoint::fromUrl(m_redis->url()); }

    /** Answers every @p name command with @p bytes (after @p delayMs), the rest as Redis would. */
    void answer(const QByteArray& name, const QByteArray& bytes, int delayMs = 0)
    {
        m_redis->setHandler([=](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
            if (c.value(0) == name)
                return HostileRedis::Reply{bytes, delayMs};
            return std::nullopt;
        });
    }

    Result<RedisReply> command(RedisClient& connection, const RedisCommand& command)
    {
        return await<RedisReply>([&](auto done) { connection.command(command, this, done); });
    }

    static qint64 residentKiB()
    {
        QFile status(QStringLiteral("/proc/self/status"));
        if (!status.open(QIODevice::ReadOnly))
            return 0;
        for (const QByteArray& line : status.readAll().split('\n')) {
            if (line.startsWith("VmRSS:"))
                return line.mid(6).trimmed().split(' ').first().toLongLong();
        }
        return 0;
    }

    /** A cluster of one node (this hostile server) owning every slot, until a test says otherwise. */
    void actAsCluster(const QByteArray& slotMap,
                      std::function<QByteArray(const QList<QByteArray>&)> other = {})
    {
        m_redis->setHandler(
            [slotMap, other](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
                if (c.value(0) == "INFO")
                    return HostileRedis::Reply{HostileRedis::bulk("cluster_enabled:1\r\n")};
                if (c.value(0) == "CLUSTER")
                    return HostileRedis::Reply{slotMap};
                if (other)
                    return HostileRedis::Reply{other(c)};
                return std::nullopt;
            });
    }

    /** A server holding one key under the pattern: @p value answers GETRANGE, @p reply answers
     *  @p followUp (TYPE or STRLEN), PTTL is a minute. */
    void serveOneKey(const QByteArray& value, const QByteArray& followUp, const QByteArray& reply)
    {
        m_redis->setHandler([=](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
            using H = HostileRedis;
            if (c.value(0) == "SCAN")
                return H::Reply{H::array({H::bulk("0"), H::array({H::bulk("oauth2token:k")})})};
            if (c.value(0) == "GETRANGE")
                return H::Reply{value};
            if (c.value(0) == "PTTL")
                return H::Reply{":60000\r\n"};
            if (c.value(0) == followUp)
                return H::Reply{reply};
            return std::nullopt;
        });
    }

    /** One byte more than a token may have: what GETRANGE returns for a value too large. */
    static QByteArray tooLargeValue()
    {
        return HostileRedis::bulk(QByteArray(CacheEntry::kMaxValueBytes + 1, 'x'));
    }

    /** A whole `list` against this server: how it ended. */
    Result<qsizetype> list(QList<CacheEntry>* entries = nullptr)
    {
        auto session = *CacheSession::create(RedisSettings{m_redis->url()});
        return await<qsizetype>([&](auto done) {
            session->cache().list(
                {}, this,
                [entries](const QList<CacheEntry>& batch) {
                    if (entries)
                        *entries += batch;
                },
                done);
        });
    }

    QByteArray slotsOf(qint64 first, qint64 last, qint64 port) const
    {
        using H = HostileRedis;
        return H::array({H::array(
            {':' + QByteArray::number(first) + "\r\n", ':' + QByteArray::number(last) + "\r\n",
             H::array({H::bulk("127.0.0.1"), ':' + QByteArray::number(port) + "\r\n", H::bulk("id")})})});
    }

private slots:
    void init()
    {
        m_redis = std::make_unique<HostileRedis>();
        QVERIFY(m_redis->listen());
    }

    void hugeArrayHeaderIsRefusedBeforeAnythingIsAllocated()
    {
        answer("GET", "*2147483647\r\n");
        RedisClient connection(endpoint());
        const qint64 before = residentKiB();
        const auto reply = command(connection, {"GET", "k"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.contains(
                     QStringLiteral("protocol error: a reply of more than 1000000 elements")),
                 qPrintable(reply.error().message));
        // hiredis 0.14 would have allocated the element table: 16 GB of address space, gigabytes resident.
        QVERIFY2(residentKiB() - before < 64 * 1024, QByteArray::number(residentKiB() - before));
    }

    void hugeBulkHeaderIsRefusedBeforeItsBytesArrive()
    {
        answer("GET", "$2147483648\r\n" + QByteArray(1 << 20, 'x'));
        RedisClient connection(endpoint());
        const auto reply = command(connection, {"GET", "k"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.contains(
                     QStringLiteral("a bulk string of 2147483648 bytes exceeds the limit of 67108864 bytes")),
                 qPrintable(reply.error().message));
    }

    void nestedArraysCountTowardsOneLimit()
    {
        // 2000 arrays of 600 elements: no header breaks the limit alone, the reply does.
        QByteArray child = "*600\r\n";
        for (int i = 0; i < 600; ++i)
            child += ":1\r\n";
        const QByteArray nested = "*2000\r\n" + child.repeated(2000);
        answer("GET", nested);
        RedisClient connection(endpoint());
        const auto reply = command(connection, {"GET", "k"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.contains(QStringLiteral("a reply of more than 1000000 elements")),
                 qPrintable(reply.error().message));
    }

    void limitsComeFromTheConfig()
    {
        // An echo: GET's reply is its key.
        m_redis->setHandler([](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
            if (c.value(0) == "GET")
                return HostileRedis::Reply{HostileRedis::bulk(c.value(1))};
            return std::nullopt;
        });
        auto config = AppConfig::fromJson(
            QJsonObject{{QStringLiteral("redis"), QJsonObject{{QStringLiteral("url"), m_redis->url()},
                                                              {QStringLiteral("maxBulkBytes"), 40},
                                                              {QStringLiteral("maxElements"), 5}}}});
        QVERIFY(config);
        RedisClient connection(*config->connections.first().redis.endpoint());
        const QByteArray fits(40, 'x');
        const auto read = command(connection, {"GET", fits});
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        QCOMPARE(read->string, fits);
        const auto tooLong = command(connection, {"GET", fits + 'y'});
        QVERIFY(!tooLong);
        QVERIFY2(tooLong.error().message.contains(
                     QStringLiteral("exceeds the limit of 40 bytes (redis.maxBulkBytes)")),
                 qPrintable(tooLong.error().message));

        const auto refused = AppConfig::fromJson(
            QJsonObject{{QStringLiteral("redis"), QJsonObject{{QStringLiteral("maxElements"), -3}}}});
        QVERIFY(!refused);
        QCOMPARE(refused.error().message,
                 QStringLiteral("redis.maxElements must be a whole number between 1 and 4294967295"));
    }

    void aProtocolErrorClosesTheConnectionAndBacksOff()
    {
        answer("GET", "!garbage\r\n");
        RedisClient connection(endpoint());
        QVERIFY(!command(connection, {"GET", "k"}));
        QCOMPARE(connection.state(), RedisClient::State::Disconnected);
        // The next command fails at once, without a new connection, until the backoff has passed.
        const auto next = command(connection, {"PING"});
        QVERIFY(!next);
        QVERIFY2(next.error().message.contains(QStringLiteral("next attempt in")),
                 qPrintable(next.error().message));
        QCOMPARE(m_redis->connections(), 1);
    }

    void commandTimeoutCountsFromTheCommandNotTheHandshake()
    {
        // The handshake is answered at once; GET is answered 1.5 timeouts after it arrived. The
        // timeout must fire first: same thread, earlier deadline. (It used to wait up to twice as long.)
        constexpr int kTimeoutMs = 1000;
        answer("GET", "$-1\r\n", kTimeoutMs * 3 / 2);
        RedisEndpoint slow = endpoint();
        slow.commandTimeoutMs = kTimeoutMs;
        RedisClient connection(slow);
        const auto reply = command(connection, {"GET", "k"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.endsWith(QStringLiteral("no reply within 1000 ms")),
                 qPrintable(reply.error().message));
    }

    void clusterSlotsOutsideTheRangeAreRefused_data()
    {
        QTest::addColumn<qint64>("first");
        QTest::addColumn<qint64>("last");
        QTest::newRow("negative start") << qint64(-5) << qint64(100);
        QTest::newRow("past the end") << qint64(0) << qint64(16384);
        QTest::newRow("reversed") << qint64(200) << qint64(100);
        QTest::newRow("huge") << qint64(-9223372036854775807LL) << qint64(9223372036854775807LL);
    }

    void clusterSlotsOutsideTheRangeAreRefused()
    {
        QFETCH(qint64, first);
        QFETCH(qint64, last);
        actAsCluster(slotsOf(first, last, m_redis->port()));
        RedisClient connection(endpoint());
        const auto reply = command(connection, {"GET", "k"});
        QVERIFY(!reply);
        QVERIFY2(reply.error().message.contains(
                     QStringLiteral("cluster mode, but no usable slot map: CLUSTER SLOTS "
                                    "returned the range")),
                 qPrintable(reply.error().message));
    }

    void malformedRedirectsAreNotFollowed_data()
    {
        QTest::addColumn<QByteArray>("redirect");
        QTest::newRow("negative MOVED") << QByteArray("-MOVED -6 127.0.0.1:1\r\n");
        QTest::newRow("huge ASK") << QByteArray("-ASK 99999999999 127.0.0.1:1\r\n");
        QTest::newRow("no port") << QByteArray("-MOVED 12 127.0.0.1\r\n");
        QTest::newRow("port 0") << QByteArray("-MOVED 12 127.0.0.1:0\r\n");
    }

    void malformedRedirectsAreNotFollowed()
    {
        QFETCH(QByteArray, redirect);
        actAsCluster(slotsOf(0, 16383, m_redis->port()),
                     [redirect](const QList<QByteArray>&) { return redirect; });
        RedisClient connection(endpoint());
        const auto reply = command(connection, {"GET", "k"});
        QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
        QVERIFY(reply->isError()); // handed back as the error reply it is, nothing indexed by it
        QCOMPARE(reply->string + "\r\n", redirect.mid(1));
        QCOMPARE(m_redis->count("GET"), 1);
    }

    void aScanWhoseCursorsCycleEnds()
    {
        m_redis->setHandler([](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
            if (c.value(0) != "SCAN")
                return std::nullopt;
            const QByteArray next = c.value(1) == "0" ? "5" : c.value(1) == "5" ? "7" : "5";
            return HostileRedis::Reply{HostileRedis::array({HostileRedis::bulk(next), "*0\r\n"})};
        });
        const auto listed = list();
        QVERIFY(!listed);
        QCOMPARE(
            listed.error().message,
            QStringLiteral("Redis: SCAN returned cursor 5 a second time in one scan; the listing stops"));
        QCOMPARE(m_redis->count("SCAN"), 3);
    }

    void malformedScanRepliesEndTheListing_data()
    {
        using H = HostileRedis;
        QTest::addColumn<QByteArray>("page");
        QTest::newRow("one element") << H::array({H::bulk("0")});
        QTest::newRow("cursor not a number") << H::array({H::bulk("x"), "*0\r\n"});
        QTest::newRow("keys not an array") << H::array({H::bulk("0"), ":3\r\n"});
        QTest::newRow("key not a string") << H::array({H::bulk("0"), H::array({":1\r\n"})});
    }

    void malformedScanRepliesEndTheListing()
    {
        QFETCH(QByteArray, page);
        answer("SCAN", page);
        const auto listed = list();
        QVERIFY(!listed);
        QVERIFY2(listed.error().message.startsWith(QStringLiteral("Redis: SCAN returned ")),
                 qPrintable(listed.error().message));
    }

    void describingRepliesOfTheWrongKindEndTheListing_data()
    {
        using H = HostileRedis;
        QTest::addColumn<QByteArray>("value");     // the reply to GETRANGE
        QTest::addColumn<QByteArray>("describe");  // the follow-up's name
        QTest::addColumn<QByteArray>("described"); // its reply
        const QByteArray huge = tooLargeValue();
        const QByteArray wrongType = "-WRONGTYPE Operation against a key holding the wrong kind of value\r\n";
        QTest::newRow("negative length") << huge << QByteArray("STRLEN") << QByteArray(":-5\r\n");
        QTest::newRow("length as text") << huge << QByteArray("STRLEN") << H::bulk("big");
        QTest::newRow("type as a number") << wrongType << QByteArray("TYPE") << QByteArray(":1\r\n");
    }

    void describingRepliesOfTheWrongKindEndTheListing()
    {
        QFETCH(QByteArray, value);
        QFETCH(QByteArray, describe);
        QFETCH(QByteArray, described);
        serveOneKey(value, describe, described);
        const auto listed = list();
        QVERIFY(!listed);
        QCOMPARE(
            listed.error().message,
            QStringLiteral("Redis at %1: a reply of the wrong type or range to %2 oauth2token:k")
                .arg(QStringLiteral("127.0.0.1:%1").arg(m_redis->port()), QString::fromLatin1(describe)));
    }

    void aRefusedMeasurementMarksTheEntryAndTheListingGoesOn()
    {
        // An ACL user without +strlen.
        serveOneKey(tooLargeValue(), "STRLEN",
                    "-NOPERM this user has no permissions to run the 'strlen' command\r\n");
        QList<CacheEntry> entries;
        const auto listed = list(&entries);
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().message));
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().status, CacheEntry::Status::Unreadable);
        QVERIFY2(entries.first().reason.contains(QStringLiteral("too large")) &&
                     entries.first().reason.contains(QStringLiteral("STRLEN refused: NOPERM")),
                 qPrintable(entries.first().reason));
    }

    void aValueTooLargeIsMeasuredNotRead()
    {
        serveOneKey(tooLargeValue(), "STRLEN", ":3145728\r\n");
        QList<CacheEntry> entries;
        const auto listed = list(&entries);
        QVERIFY2(listed, qPrintable(listed ? QString() : listed.error().message));
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries.first().sizeBytes, 3145728);
        QVERIFY2(entries.first().reason.startsWith(QStringLiteral("the value is 3.00 MiB, too large")),
                 qPrintable(entries.first().reason));
        QCOMPARE(m_redis->count("GET"), 0);
        QCOMPARE(m_redis->count("STRLEN"), 1);
    }

    void aNegativeTtlIsNotATtl()
    {
        m_redis->setHandler([](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
            if (c.value(0) == "GETRANGE")
                return HostileRedis::Reply{HostileRedis::bulk(R"({"access_token":"t","expires_in":60})")};
            if (c.value(0) == "PTTL")
                return HostileRedis::Reply{":-9223372036854775807\r\n"};
            return std::nullopt;
        });
        auto session = *CacheSession::create(RedisSettings{m_redis->url()});
        const auto read = await<CacheEntry>(
            [&](auto done) { session->cache().read(QStringLiteral("k"), nullptr, this, done); });
        QVERIFY(!read);
        QVERIFY2(
            read.error().message.contains(QStringLiteral("a reply of the wrong type or range to GETRANGE k")),
            qPrintable(read.error().message));
    }

    void repliesOfTheWrongTypeAreErrorsNotGarbage()
    {
        // GETRANGE answered with an integer and PTTL with a string: a clear error, no token, no crash.
        m_redis->setHandler([](const QList<QByteArray>& c) -> std::optional<HostileRedis::Reply> {
            if (c.value(0) == "GETRANGE")
                return HostileRedis::Reply{":42\r\n"};
            if (c.value(0) == "PTTL")
                return HostileRedis::Reply{HostileRedis::bulk("soon")};
            return std::nullopt;
        });
        auto session = *CacheSession::create(RedisSettings{m_redis->url()});
        const auto read = await<CacheEntry>(
            [&](auto done) { session->cache().read(QStringLiteral("k"), nullptr, this, done); });
        QVERIFY(!read);
        QVERIFY2(
            read.error().message.contains(QStringLiteral("a reply of the wrong type or range to GETRANGE k")),
            qPrintable(read.error().message));
    }
};

QTEST_GUILESS_MAIN(tst_HostileRedis)
#include "tst_HostileRedis.moc"
