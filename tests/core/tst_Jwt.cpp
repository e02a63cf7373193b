#include "core/jwt/Jwt.h"
#include "tests/support/TestTokens.h"

#include <QTest>

using namespace tokencache;

class tst_Jwt : public QObject
{
    Q_OBJECT

private slots:
    void decodesHeaderAndClaims()
    {
        const QByteArray token =
            makeJwt({{QStringLiteral("sub"), QStringLiteral("svc")}, {QStringLiteral("exp"), 1800000000}});
        const auto jwt = Jwt::decode(token);
        QVERIFY(jwt);
        QCOMPARE(jwt->header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(jwt->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("svc"));
        QCOMPARE(jwt->time(QStringLiteral("exp"))->toSecsSinceEpoch(), 1800000000);
        QVERIFY(!jwt->time(QStringLiteral("iat")));
    }

    void opaqueAndMalformedTokensAreNotJwts_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::newRow("opaque") << QByteArray("2YotnFZFEjr1zCsicMWpAA");
        QTest::newRow("two parts") << QByteArray("eyJhIjoxfQ.eyJhIjoxfQ");
        QTest::newRow("bad base64") << QByteArray("e$J.e$J.sig");
        QTest::newRow("not json") << QByteArray("aGVsbG8.aGVsbG8.sig");
    }

    void opaqueAndMalformedTokensAreNotJwts()
    {
        QFETCH(QByteArray, token);
        QVERIFY(!Jwt::decode(token));
    }
};

QTEST_GUILESS_MAIN(tst_Jwt)
#include "tst_Jwt.moc"
