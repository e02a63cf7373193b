#include "core/oauth/TokenResponse.h"

#include <QTest>

using namespace tokencache;

class tst_TokenResponse : public QObject
{
    Q_OBJECT

private slots:
    void keepsTheRawResponseAndKnownFields()
    {
        const QByteArray raw =
            R"({"access_token":"abc","token_type":"Bearer","expires_in":3600,"scope":"a b","ext":1})";
        const auto response = TokenResponse::parse(raw);
        QVERIFY(response);
        QCOMPARE(response->raw, raw);
        QCOMPARE(response->accessToken, QStringLiteral("abc"));
        QCOMPARE(response->tokenType, QStringLiteral("Bearer"));
        QCOMPARE(response->scope, QStringLiteral("a b"));
        QCOMPARE(response->expiresIn, std::optional<qint64>(3600));
        QCOMPARE(response->json.value(QStringLiteral("ext")).toInt(), 1);
    }

    void expiresInVariants_data()
    {
        QTest::addColumn<QByteArray>("expiresIn");
        QTest::addColumn<qint64>("seconds");
        QTest::addColumn<QString>("problem");
        QTest::newRow("number") << QByteArray("3600") << qint64(3600) << QString();
        QTest::newRow("numeric string") << QByteArray("\"3600\"") << qint64(3600) << QString();
        QTest::newRow("fraction") << QByteArray("59.9") << qint64(59) << QString();
        QTest::newRow("zero") << QByteArray("0") << qint64(-1) << QStringLiteral("expires_in is 0");
        QTest::newRow("negative") << QByteArray("-5") << qint64(-1)
                                  << QStringLiteral("expires_in is negative (-5)");
        QTest::newRow("text") << QByteArray("\"soon\"") << qint64(-1)
                              << QStringLiteral("expires_in is not a number (\"soon\")");
        QTest::newRow("bool") << QByteArray("true") << qint64(-1)
                              << QStringLiteral("expires_in is not a number");
        QTest::newRow("null") << QByteArray("null") << qint64(-1) << QStringLiteral("expires_in is absent");
    }

    void expiresInVariants()
    {
        QFETCH(QByteArray, expiresIn);
        QFETCH(qint64, seconds);
        QFETCH(QString, problem);
        const auto response = TokenResponse::parse(R"({"access_token":"t","expires_in":)" + expiresIn + "}");
        QVERIFY(response);
        QCOMPARE(response->expiresIn.value_or(-1), seconds);
        QCOMPARE(response->expiresInProblem, problem);
    }

    void absentExpiresIn()
    {
        const auto response = TokenResponse::parse(R"({"access_token":"t"})");
        QVERIFY(response);
        QVERIFY(!response->expiresIn);
        QCOMPARE(response->expiresInProblem, QStringLiteral("expires_in is absent"));
    }

    void rejectsWhatIsNotATokenResponse_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("message");
        QTest::newRow("empty") << QByteArray("") << QStringLiteral("response is empty");
        QTest::newRow("html") << QByteArray("<html>") << QStringLiteral("response is not JSON");
        QTest::newRow("array") << QByteArray("[1]") << QStringLiteral("response is JSON but not an object");
        QTest::newRow("no token") << QByteArray(R"({"expires_in":5})")
                                  << QStringLiteral("response has no access_token");
        QTest::newRow("token not string")
            << QByteArray(R"({"access_token":5})") << QStringLiteral("response has no access_token");
    }

    void rejectsWhatIsNotATokenResponse()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, message);
        const auto response = TokenResponse::parse(raw);
        QVERIFY(!response);
        QVERIFY2(response.error().message.startsWith(message), qPrintable(response.error().message));
    }

    void authorizationHeaderUsesTheTypeOnlyWhenItIsOneWord_data()
    {
        // Escaped strings, not raw ones: moc (Qt 6.4) misreads raw strings holding braces.
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("header");
        QTest::newRow("typed") << QByteArray("{\"access_token\":\"abc\",\"token_type\":\"DPoP\"}")
                               << "Authorization: DPoP abc";
        QTest::newRow("untyped") << QByteArray("{\"access_token\":\"abc\"}") << "Authorization: Bearer abc";
        // A provider's type that would add a header line when pasted is not used.
        QTest::newRow("injected")
            << QByteArray("{\"access_token\":\"abc\",\"token_type\":\"Bearer\\r\\nX-Evil: 1\"}")
            << "Authorization: Bearer abc";
        QTest::newRow("not a scheme") << QByteArray("{\"access_token\":\"abc\",\"token_type\":\"X-Evil:\"}")
                                      << "Authorization: Bearer abc";
    }

    void authorizationHeaderUsesTheTypeOnlyWhenItIsOneWord()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, header);
        const auto response = TokenResponse::parse(raw);
        QVERIFY(response);
        QCOMPARE(response->authorizationHeader(), header);
    }

    void curlCommandQuotesEveryArgumentForTheShell()
    {
        // Pasted into a shell, nothing the provider or the profile wrote is run: each is one quoted word.
        const auto response =
            TokenResponse::parse("{\"access_token\":\"a'b$(id)\",\"token_type\":\"Bearer\"}");
        QVERIFY(response);
        QCOMPARE(
            response->curlCommand(QStringLiteral("https://api.example.com/x?b='2'")),
            QStringLiteral(
                "curl -H 'Authorization: Bearer a'\\''b$(id)' 'https://api.example.com/x?b='\\''2'\\'''"));
    }
};

QTEST_GUILESS_MAIN(tst_TokenResponse)
#include "tst_TokenResponse.moc"
