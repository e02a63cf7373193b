#include "core/cache/CacheSession.h"
#include "core/cache/KeyspaceWatcher.h"
#include "core/cache/TokenCache.h"
#include "core/config/SecretRef.h"
#include "core/redis/HashSlot.h"
#include "core/redis/RedisClient.h"
#include "tests/support/Await.h"
#include "tests/support/HeadlessProcess.h"
#include "tests/support/ReadmeAcl.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TokenEndpoint.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include <memory>
#include <optional>
#include <vector>

using namespace tokencache;

class tst_RedisCluster : public QObject
{
    Q_OBJECT

    std::vector<std::unique_ptr<RedisServer>> m_nodes;

    QString seedUrl() const { return QStringLiteral("redis://127.0.0.1:%1/0").arg(m_nodes.front()->port()); }

    Result<QList<RedisReply>> run(RedisClient& connection, const QList<RedisCommand>& commands)
    {
        return await<QList<RedisReply>>([&](auto done) { connection.pipeline(commands, this, done); });
    }

    /** The node that serves @p key now (the others answer MOVED). */
    int ownerOf(const QString& key)
    {
        for (size_t i = 0; i < m_nodes.size(); ++i) {
            if (!m_nodes[i]->cli({QStringLiteral("GET"), key}).startsWith("MOVED"))
                return int(i);
        }
        return -1;
    }

    /** A new node, replicating @p primary once it returns; none (and a failed check) when it could not. */
    std::unique_ptr<RedisServer> addReplicaOf(RedisServer& primary)
    {
        auto replica = std::make_unique<RedisServer>();
        replica->useClusterMode();
        if (!replica->start()) {
            qWarning("%s", qPrintable(replica->error()));
            return nullptr;
        }
        const QString primaryId =
            QString::fromUtf8(primary.cli({QStringLiteral("CLUSTER"), QStringLiteral("MYID")}));
        QProcess add;
        add.start(QStringLiteral("redis-cli"),
                  {QStringLiteral("--cluster"), QStringLiteral("add-node"),
                   QStringLiteral("127.0.0.1:%1").arg(replica->port()),
                   QStringLiteral("127.0.0.1:%1").arg(m_nodes.front()->port()),
                   QStringLiteral("--cluster-slave"), QStringLiteral("--cluster-master-id"), primaryId});
        if (!add.waitForFinished(60000) || add.exitCode() != 0) {
            qWarning("%s", add.readAllStandardOutput().constData());
            return nullptr;
        }
        const bool linked = QTest::qWaitFor(
            [&] {
                return replica->cli({QStringLiteral("INFO"), QStringLiteral("replication")})
                    .contains("master_link_status:up");
            },
            30000);
        return linked ? std::move(replica) : nullptr;
    }

private slots:
    void initTestCase()
    {
        QStringList addresses;
        for (int i = 0; i < 3; ++i) {
            auto node = std::make_unique<RedisServer>();
            node->useClusterMode();
            QVERIFY2(node->start(), qPrintable(node->error()));
            addresses.append(QStringLiteral("127.0.0.1:%1").arg(node->port()));
            m_nodes.push_back(std::move(node));
        }
        QProcess create;
        create.start(QStringLiteral("redis-cli"),
                     QStringList{QStringLiteral("--cluster"), QStringLiteral("create")} + addresses +
                         QStringList{QStringLiteral("--cluster-replicas"), QStringLiteral("0"),
                                     QStringLiteral("--cluster-yes")});
        QVERIFY(create.waitForFinished(60000));
        QVERIFY2(create.exitCode() == 0, create.readAllStandardOutput().constData());
        for (const auto& node : m_nodes)
            QVERIFY(QTest::qWaitFor(
                [&] {
                    return node->cli({QStringLiteral("CLUSTER"), QStringLiteral("INFO")})
                        .contains("cluster_state:ok");
                },
                30000));
    }

    void keyspaceEventsArriveFromEveryPrimary()
    {
        for (const auto& node : m_nodes)
            node->cli({QStringLiteral("CONFIG"), QStringLiteral("SET"),
                       QStringLiteral("notify-keyspace-events"), QStringLiteral("KA")});
        RedisClient connection(*RedisEndpoint::fromUrl(seedUrl()));
        QVERIFY(run(connection, {{"PING"}})); // connected: the slot map names the primaries
        KeyspaceWatcher watcher(connection);
        QSet<QString> changed;
        connect(&watcher, &KeyspaceWatcher::changed, this,
                [&changed](const QString& key, const QString&) { changed.insert(key); });
        watcher.start({QStringLiteral("*oauth2token*")});
        QVERIFY(QTest::qWaitFor([&] { return watcher.live() == KeyspaceWatcher::Live::On; }, 30000));
        // One key on each node, written there: each primary's events reach the watcher.
        QSet<QString> written;
        for (int i = 0; written.size() < int(m_nodes.size()) && i < 1000; ++i) {
            const QString key = QStringLiteral("oauth2token:spread-%1").arg(i);
            const int owner = ownerOf(key);
            bool ownerHasOne = false;
            for (const QString& done : written)
                ownerHasOne = ownerHasOne || ownerOf(done) == owner;
            if (ownerHasOne)
                continue;
            m_nodes[size_t(owner)]->cli({QStringLiteral("SET"), key, QStringLiteral("v")});
            written.insert(key);
        }
        QCOMPARE(written.size(), qsizetype(m_nodes.size()));
        QVERIFY(QTest::qWaitFor([&] { return changed.contains(written); }, 30000));
        for (const auto& node : m_nodes)
            QCOMPARE(node->cli({QStringLiteral("PUBSUB"), QStringLiteral("NUMPAT")}).trimmed(),
                     QByteArray("1"));
        // The cluster is shared by the tests that follow: it is left as it was found.
        for (const QString& key : written)
            m_nodes[size_t(ownerOf(key))]->cli({QStringLiteral("DEL"), key});
    }

    void slotsMatchRedis()
    {
        for (const QString& key :
             {QStringLiteral("oauth2token:acme"), QStringLiteral("{oauth2token:acme}:lock"),
              QStringLiteral("{tenant}:token"), QStringLiteral("a{}b")}) {
            QCOMPARE(
                HashSlot::of(key.toUtf8()),
                m_nodes.front()->cli({QStringLiteral("CLUSTER"), QStringLiteral("KEYSLOT"), key}).toInt());
        }
    }

    void routesPipelinesAcrossNodesAndScansEveryPrimary()
    {
        RedisClient connection(*RedisEndpoint::fromUrl(seedUrl()));
        QList<RedisCommand> commands;
        for (int i = 0; i < 60; ++i)
            commands.append({"SET", "oauth2token:k" + QByteArray::number(i),
                             R"({"access_token":"t)" + QByteArray::number(i) + R"(","expires_in":600})", "EX",
                             "600"});
        for (int i = 0; i < 60; ++i)
            commands.append({"GET", "oauth2token:k" + QByteArray::number(i)});
        const auto replies = run(connection, commands);
        QVERIFY2(replies, replies ? "" : qPrintable(replies.error().message));
        QVERIFY(connection.isCluster());
        QCOMPARE(connection.primaryCount(), 3);
        for (int i = 0; i < 60; ++i)
            QVERIFY(replies->at(60 + i).string.contains("\"t" + QByteArray::number(i) + "\""));
        for (const auto& node : m_nodes)
            QVERIFY(node->cli({QStringLiteral("DBSIZE")}).toInt() > 5); // spread over every node

        auto session = CacheSession::create(RedisSettings{seedUrl()});
        QVERIFY(session);
        QList<CacheEntry> entries;
        const auto listed = await<qsizetype>([&](auto done) {
            (*session)->cache().list(
                {}, this, [&entries](const QList<CacheEntry>& batch) { entries += batch; }, done);
        });
        QVERIFY2(listed, listed ? "" : qPrintable(listed.error().message));
        QCOMPARE(*listed, 60);
    }

    void singleFlightWorksAcrossTheCluster()
    {
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.tokenUrl = endpoint.url();
        profile.clientId = QStringLiteral("c");
        profile.clientSecretRef = SecretRef(SecretRef::Kind::Literal, QStringLiteral("s")).format();
        auto session = CacheSession::create(RedisSettings{seedUrl()});
        QVERIFY(session);
        const auto first =
            await<CacheEntry>([&](auto done) { (*session)->cache().get(profile, this, done); });
        QVERIFY2(first, first ? "" : qPrintable(first.error().message));
        const auto second =
            await<CacheEntry>([&](auto done) { (*session)->cache().refresh(profile, this, done); });
        QVERIFY(second);
        QCOMPARE(second->token->accessToken, QStringLiteral("token-2"));
        const int owner = ownerOf(QStringLiteral("oauth2token:acme"));
        QVERIFY(owner >= 0);
        QVERIFY(m_nodes[size_t(owner)]
                    ->cli({QStringLiteral("GET"), QStringLiteral("oauth2token:acme")})
                    .contains("token-2"));
    }

    void headlessWorksThroughAnyNodeUnderTheReadmesAcl()
    {
        // Every node gets exactly the README's least-privilege rule.
        const QStringList rule = ReadmeAcl::serverRule(QStringLiteral("acl-pass"));
        QVERIFY(!rule.isEmpty());
        for (const auto& node : m_nodes)
            QCOMPARE(node->cli(rule), QByteArray("OK"));
        TokenEndpoint endpoint;
        QVERIFY(endpoint.listen());
        QTemporaryDir directory;
        HeadlessProcess tokencache(directory.filePath(QStringLiteral("config.json")));
        tokencache.setEnvironment(
            QStringLiteral("TOKENCACHE_REDIS_URL"),
            QStringLiteral("redis://tokencache:acl-pass@127.0.0.1:%1/0").arg(m_nodes.back()->port()));
        QCOMPARE(tokencache
                     .run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("globex"),
                           QStringLiteral("--token-url"), endpoint.url(), QStringLiteral("--client-id"),
                           QStringLiteral("c"), QStringLiteral("--client-secret"),
                           QStringLiteral("literal:s"), QStringLiteral("--store-secret-in-config")})
                     .exitCode,
                 0);
        const HeadlessRun got = tokencache.run({QStringLiteral("get"), QStringLiteral("globex")});
        QVERIFY2(got.exitCode == 0, got.err.constData());
        QCOMPARE(got.out, QByteArray("token-1\n"));
        const HeadlessRun listed = tokencache.run({QStringLiteral("list")});
        QVERIFY2(listed.exitCode == 0 && listed.out.contains("oauth2token:globex"), listed.err.constData());
        const HeadlessRun refreshed = tokencache.run({QStringLiteral("refresh"), QStringLiteral("globex")});
        QVERIFY2(refreshed.exitCode == 0, refreshed.err.constData());
        const HeadlessRun evicted = tokencache.run({QStringLiteral("evict"), QStringLiteral("globex")});
        QVERIFY2(evicted.exitCode == 0, evicted.err.constData());
    }

    void followsAskAndMovedDuringASlotMigration()
    {
        const QString key = QStringLiteral("oauth2token:moving");
        RedisClient connection(*RedisEndpoint::fromUrl(seedUrl()));
        QVERIFY(run(connection, {{"SET", key.toUtf8(), "v1"}}));
        const int from = ownerOf(key);
        const int to = (from + 1) % 3;
        RedisServer& source = *m_nodes[size_t(from)];
        RedisServer& target = *m_nodes[size_t(to)];
        const QString slot = QString::number(HashSlot::of(key.toUtf8()));
        const QString sourceId =
            QString::fromUtf8(source.cli({QStringLiteral("CLUSTER"), QStringLiteral("MYID")}));
        const QString targetId =
            QString::fromUtf8(target.cli({QStringLiteral("CLUSTER"), QStringLiteral("MYID")}));

        // Mid-migration: the key has moved, the slot has not: the source answers ASK.
        QCOMPARE(target.cli({QStringLiteral("CLUSTER"), QStringLiteral("SETSLOT"), slot,
                             QStringLiteral("IMPORTING"), sourceId}),
                 QByteArray("OK"));
        QCOMPARE(source.cli({QStringLiteral("CLUSTER"), QStringLiteral("SETSLOT"), slot,
                             QStringLiteral("MIGRATING"), targetId}),
                 QByteArray("OK"));
        QCOMPARE(source.cli({QStringLiteral("MIGRATE"), QStringLiteral("127.0.0.1"),
                             QString::number(target.port()), QString(), QStringLiteral("0"),
                             QStringLiteral("5000"), QStringLiteral("KEYS"), key}),
                 QByteArray("OK"));
        auto reply = run(connection, {{"GET", key.toUtf8()}});
        QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
        QCOMPARE(reply->first().string, QByteArray("v1"));

        // Migration done: the source answers MOVED, and the map follows.
        for (const auto& node : m_nodes)
            node->cli({QStringLiteral("CLUSTER"), QStringLiteral("SETSLOT"), slot, QStringLiteral("NODE"),
                       targetId});
        reply = run(connection, {{"SET", key.toUtf8(), "v2"}, {"GET", key.toUtf8()}});
        QVERIFY2(reply, reply ? "" : qPrintable(reply.error().message));
        QCOMPARE(reply->at(1).string, QByteArray("v2"));
        QCOMPARE(target.cli({QStringLiteral("GET"), key}), QByteArray("v2"));
    }

    // Last: it takes a primary away for good.
    void aFailedOverPrimaryIsFoundWithoutReconnectingTheSeed()
    {
        // A replica for the second node (the seed is the first, and stays up).
        RedisServer& primary = *m_nodes[1];
        auto replica = addReplicaOf(primary);
        QVERIFY(replica);

        QString key;
        for (int i = 0; key.isEmpty(); ++i) {
            const QString candidate = QStringLiteral("oauth2token:failover%1").arg(i);
            if (ownerOf(candidate) == 1)
                key = candidate;
        }
        RedisClient connection(*RedisEndpoint::fromUrl(seedUrl()));
        QVERIFY(run(connection, {{"SET", key.toUtf8(), "before"}}));
        QCOMPARE(primary.cli({QStringLiteral("GET"), key}), QByteArray("before"));

        // The primary hangs for good (its port stays taken); its replica takes over, and the
        // other nodes learn it.
        const quint16 deadPort = primary.port();
        primary.freeze();
        QCOMPARE(
            replica->cli({QStringLiteral("CLUSTER"), QStringLiteral("FAILOVER"), QStringLiteral("TAKEOVER")}),
            QByteArray("OK"));
        // (CLUSTER SLOTS lists replicas too: CLUSTER NODES says who is a primary now.)
        const QByteArray replicaAddress = ":" + QByteArray::number(replica->port()) + "@";
        for (size_t survivor : {size_t(0), size_t(2)}) {
            QVERIFY(QTest::qWaitFor(
                [&] {
                    const QByteArray nodes =
                        m_nodes[survivor]->cli({QStringLiteral("CLUSTER"), QStringLiteral("NODES")});
                    for (const QByteArray& line : nodes.split('\n')) {
                        if (line.contains(replicaAddress))
                            return line.contains("master");
                    }
                    return false;
                },
                30000));
        }

        // The command sent to the hung node fails at its timeout (nothing is replayed); that failure
        // has the map asked for again, so the next ones reach the new primary on the same client.
        const auto lost = run(connection, {{"SET", key.toUtf8(), "lost"}});
        QVERIFY(!lost);
        QVERIFY2(lost.error().message.contains(QString::number(deadPort)), qPrintable(lost.error().message));
        QVERIFY(QTest::qWaitFor(
            [&] {
                return bool(run(connection, {{"SET", key.toUtf8(), "after"}}));
            },
            30000));
        QCOMPARE(replica->cli({QStringLiteral("GET"), key}), QByteArray("after"));
        QCOMPARE(connection.state(), RedisClient::State::Ready);
        // The hung node leaves for good: the tests that follow ask every node in m_nodes.
        primary.stop();
        m_nodes.erase(m_nodes.begin() + 1);
        m_nodes.push_back(std::move(replica));
    }

    void keyspaceEventsFollowAClusterFailover()
    {
        // A key on a primary other than the seed, whose node gets a replica.
        QString key;
        int owner = 0;
        for (int i = 0; owner <= 0; ++i) {
            key = QStringLiteral("oauth2token:watched%1").arg(i);
            owner = ownerOf(key);
        }
        RedisServer& primary = *m_nodes[size_t(owner)];
        auto replica = addReplicaOf(primary);
        QVERIFY(replica);
        // Every node publishes the events (CONFIG GET asks whichever node the router picks).
        for (const auto& node : m_nodes)
            node->cli({QStringLiteral("CONFIG"), QStringLiteral("SET"),
                       QStringLiteral("notify-keyspace-events"), QStringLiteral("KA")});
        replica->cli({QStringLiteral("CONFIG"), QStringLiteral("SET"),
                      QStringLiteral("notify-keyspace-events"), QStringLiteral("KA")});
        RedisClient connection(*RedisEndpoint::fromUrl(seedUrl()));
        QVERIFY(run(connection, {{"PING"}}));
        KeyspaceWatcher watcher(connection);
        QStringList events;
        connect(&watcher, &KeyspaceWatcher::changed, this,
                [&events, &key](const QString& changed, const QString& event) {
                    if (changed == key)
                        events.append(event);
                });
        int lost = 0;
        connect(&watcher, &KeyspaceWatcher::lost, this, [&lost] { ++lost; });
        watcher.start({QStringLiteral("*oauth2token*")});
        QVERIFY(QTest::qWaitFor([&] { return watcher.live() == KeyspaceWatcher::Live::On; }, 30000));
        primary.cli({QStringLiteral("SET"), key, QStringLiteral("before")});
        QVERIFY(QTest::qWaitFor([&] { return events.contains(QStringLiteral("set")); }, 30000));

        // The primary dies; its replica takes over. The subscription to it is lost, and made again
        // against the primaries as they are now: the new one's events arrive.
        primary.stop();
        QCOMPARE(
            replica->cli({QStringLiteral("CLUSTER"), QStringLiteral("FAILOVER"), QStringLiteral("TAKEOVER")}),
            QByteArray("OK"));
        QVERIFY(QTest::qWaitFor([&] { return lost > 0; }, 30000));
        QVERIFY2(QTest::qWaitFor([&] { return watcher.live() == KeyspaceWatcher::Live::On; }, 30000),
                 qPrintable(watcher.reason()));
        QCOMPARE(replica->cli({QStringLiteral("PUBSUB"), QStringLiteral("NUMPAT")}).trimmed(),
                 QByteArray("1"));
        // Written on the new primary itself (what reached it before the failover does not matter).
        events.clear();
        QCOMPARE(replica->cli({QStringLiteral("SET"), key, QStringLiteral("after")}), QByteArray("OK"));
        QVERIFY2(QTest::qWaitFor([&] { return events.contains(QStringLiteral("set")); }, 30000),
                 qPrintable(events.join(QLatin1Char(','))));
        m_nodes.erase(m_nodes.begin() + owner);
        m_nodes.push_back(std::move(replica));
    }
};

QTEST_GUILESS_MAIN(tst_RedisCluster)
#include "tst_RedisCluster.moc"
