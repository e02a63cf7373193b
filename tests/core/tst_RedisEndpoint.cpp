#include "core/redis/RedisEndpoint.h"

#include <QTest>

using namespace tokencache;

class tst_RedisEndpoint : public QObject
{
    Q_OBJECT

private slots:
    void parsesUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<int>("database");
        QTest::addColumn<QString>("user");
        QTest::addColumn<QString>("password");
        QTest::newRow("host only") << "redis://cache.internal"
                                   << "cache.internal" << 6379 << 0 << ""
                                   << "";
        QTest::newRow("port and db") << "redis://10.0.0.5:6380/3"
                                     << "10.0.0.5" << 6380 << 3 << ""
                                     << "";
        QTest::newRow("password only") << "redis://:s3cret@host"
                                       << "host" << 6379 << 0 << ""
                                       << "s3cret";
        QTest::newRow("acl user") << "redis://svc:p%40ss%3Aw@host:7000/2"
                                  << "host" << 7000 << 2 << "svc"
                                  << "p@ss:w";
        QTest::newRow("db query") << "redis://host?db=5"
                                  << "host" << 6379 << 5 << ""
                                  << "";
    }

    void parsesUrls()
    {
        QFETCH(QString, url);
        const auto endpoint = RedisEndpoint::fromUrl(url);
        QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().message));
        QTEST(endpoint->host, "host");
        QTEST(int(endpoint->port), "port");
        QTEST(endpoint->database, "database");
        QTEST(endpoint->user, "user");
        QTEST(endpoint->password, "password");
    }

    void setsTheDatabaseInEveryUrlForm_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("tcp") << "redis://:pw@host:6380"
                             << "redis://:pw@host:6380/3";
        QTest::newRow("tcp with db") << "redis://host/1"
                                     << "redis://host/3";
        QTest::newRow("tcp with db query") << "redis://host?db=1"
                                           << "redis://host/3";
        QTest::newRow("tls") << "rediss://host/0"
                             << "rediss://host/3";
        QTest::newRow("unix") << "unix:///run/redis.sock"
                              << "unix:///run/redis.sock?db=3";
        QTest::newRow("unix with db") << "unix:///run/redis.sock?db=1"
                                      << "unix:///run/redis.sock?db=3";
        QTest::newRow("unix with a space") << "unix:///run/my%20redis.sock"
                                           << "unix:///run/my%20redis.sock?db=3";
        QTest::newRow("sentinel") << "redis-sentinel://a:26379,b:26380/main"
                                  << "redis-sentinel://a:26379,b:26380/main/3";
        QTest::newRow("sentinel with db") << "redis-sentinel://a/main/1"
                                          << "redis-sentinel://a/main/3";
        QTest::newRow("sentinel over tls") << "rediss-sentinel://:pw@a/main"
                                           << "rediss-sentinel://:pw@a/main/3";
    }

    void setsTheDatabaseInEveryUrlForm()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        const QString changed = RedisEndpoint::urlWithDatabase(url, 3);
        QCOMPARE(changed, expected);
        const auto endpoint = RedisEndpoint::fromUrl(changed);
        QVERIFY2(endpoint, endpoint ? "" : qPrintable(endpoint.error().message));
        QCOMPARE(endpoint->database, 3);
        QCOMPARE(endpoint->address(), RedisEndpoint::fromUrl(url)->address());
    }

    void decodesTheSocketPath()
    {
        const auto endpoint = RedisEndpoint::fromUrl(QStringLiteral("unix:///run/my%20redis.sock?db=2"));
        QVERIFY(endpoint);
        QCOMPARE(endpoint->socketPath, QStringLiteral("/run/my redis.sock"));
        QCOMPARE(endpoint->database, 2);
    }

    void rejectsBadUrlsWithoutLeakingPasswords_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("expected");
        QTest::newRow("scheme") << "http://:hunter2@host"
                                << "unsupported scheme";
        QTest::newRow("db") << "redis://:hunter2@host/abc"
                            << "database \"abc\"";
        QTest::newRow("no host") << "redis://"
                                 << "not valid";
        QTest::newRow("noncharacter")
            << QString::fromUtf8("unix:///run/\xef\xbf\xbf:hunter2") << "noncharacter";
        QTest::newRow("not utf-8") << QString::fromUtf8("redis://:hunter2@h\xff/0") << "not UTF-8";
    }

    void rejectsBadUrlsWithoutLeakingPasswords()
    {
        QFETCH(QString, url);
        QFETCH(QString, expected);
        const auto endpoint = RedisEndpoint::fromUrl(url);
        QVERIFY(!endpoint);
        QCOMPARE(endpoint.error().kind, Error::Kind::Config);
        QVERIFY2(endpoint.error().message.contains(expected), qPrintable(endpoint.error().message));
        QVERIFY(!endpoint.error().message.contains(QStringLiteral("hunter2")));
    }
};

QTEST_GUILESS_MAIN(tst_RedisEndpoint)
#include "tst_RedisEndpoint.moc"
