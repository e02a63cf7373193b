#include "redis/RedisEndpoint.h"

#include <QTest>

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
