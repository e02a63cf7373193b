#include "core/oauth/TokenResponse.h"

#include <QJsonObject>
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
        QTest::newRow("null") << QByteArray("null") << qint64(-1) << QStringLiteral("expires_in is null");
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
        QCOMPARE(response->expiresInProblem,
                 QStringLiteral("expires_in is absent (the response has access_token)"));
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
            << QByteArray(R"({"access_token":5})")
            << QStringLiteral("response's access_token is a number, not a token");
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

    void aMappingFindsNestedFieldsByJsonPointer()
    {
        const QByteArray raw =
            "{\"data\":{\"accessToken\":\"t0k\",\"expiresIn\":\"600\",\"tokenType\":\"DPoP\","
            "\"refreshToken\":\"r3fresh\"},\"a/b\":[{\"~k\":\"x\"}]}";
        ResponseMapping mapping;
        mapping.tokenField = QStringLiteral("/data/accessToken");
        mapping.expiresField = QStringLiteral("/data/expiresIn");
        mapping.tokenTypeField = QStringLiteral("/data/tokenType");
        const auto response = TokenResponse::parse(raw, mapping);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QCOMPARE(response->raw, raw);
        QCOMPARE(response->accessToken, QStringLiteral("t0k"));
        QCOMPARE(response->expiresIn, std::optional<qint64>(600));
        QCOMPARE(response->authorization(), QStringLiteral("DPoP t0k"));
        // Every token in it is masked, wherever the mapping put it.
        const QJsonObject masked = response->maskedJson().value(QStringLiteral("data")).toObject();
        QVERIFY(masked.value(QStringLiteral("accessToken")).toString() != QLatin1String("t0k"));
        QVERIFY(masked.value(QStringLiteral("refreshToken")).toString() != QLatin1String("r3fresh"));
        QCOMPARE(masked.value(QStringLiteral("tokenType")).toString(), QStringLiteral("DPoP"));
        // RFC 6901: ~1 is '/', ~0 is '~', array elements by index.
        mapping.tokenField = QStringLiteral("/a~1b/0/~0k");
        QCOMPARE(TokenResponse::parse(raw, mapping)->accessToken, QStringLiteral("x"));
    }

    void aWrongPointerNamesItselfAndWhatIsThere_data()
    {
        QTest::addColumn<QString>("pointer");
        QTest::addColumn<QString>("message");
        QTest::newRow("typo") << QStringLiteral("/data/accessTokn")
                              << QStringLiteral(
                                     "response has no /data/accessTokn (/data has accessToken, expiresIn)");
        QTest::newRow("too deep") << QStringLiteral("/data/accessToken/value")
                                  << QStringLiteral(
                                         "response has no /data/accessToken/value (/data/accessToken is a "
                                         "string)");
        QTest::newRow("top level") << QStringLiteral("/access_token")
                                   << QStringLiteral("response has no access_token (the response has data)");
        QTest::newRow("index") << QStringLiteral("/data/01")
                               << QStringLiteral(
                                      "response has no /data/01 (/data has accessToken, expiresIn)");
        QTest::newRow("an object") << QStringLiteral("/data")
                                   << QStringLiteral("response's data is an object, not a token");
        QTest::newRow("the empty name")
            << QStringLiteral("/") << QStringLiteral("response has no / (the response has data)");
        QTest::newRow("not a string")
            << QStringLiteral("/data/expiresIn")
            << QStringLiteral("response's /data/expiresIn is a number, not a token");
    }

    void aWrongPointerNamesItselfAndWhatIsThere()
    {
        QFETCH(QString, pointer);
        QFETCH(QString, message);
        ResponseMapping mapping;
        mapping.tokenField = pointer;
        const auto response =
            TokenResponse::parse("{\"data\":{\"accessToken\":\"t\",\"expiresIn\":60}}", mapping);
        QVERIFY(!response);
        QCOMPARE(response.error().message, message);
    }

    void anAbsoluteExpiryIsReadInEachForm_data()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        QTest::addColumn<QByteArray>("expiresAt");
        QTest::addColumn<QDateTime>("expected");
        QTest::addColumn<QString>("problem");
        QTest::newRow("epoch seconds") << QByteArray("1800000600") << now.addSecs(600) << QString();
        QTest::newRow("epoch milliseconds")
            << QByteArray("1800000600500") << now.addMSecs(600'500) << QString();
        QTest::newRow("numeric string") << QByteArray("\"1800000600\"") << now.addSecs(600) << QString();
        QTest::newRow("RFC 3339 UTC")
            << QByteArray("\"2027-01-15T08:10:00Z\"")
            << QDateTime::fromString(QStringLiteral("2027-01-15T08:10:00Z"), Qt::ISODate) << QString();
        QTest::newRow("RFC 3339 offset")
            << QByteArray("\"2027-01-15T10:10:00.250+02:00\"")
            << QDateTime::fromString(QStringLiteral("2027-01-15T08:10:00.250Z"), Qt::ISODateWithMs)
            << QString();
        const QString notATime =
            QStringLiteral("/data/at is not a time (expected epoch seconds, epoch milliseconds or "
                           "an RFC 3339 time with a zone)");
        QTest::newRow("no zone") << QByteArray("\"2027-01-15T08:10:00\"") << QDateTime() << notATime;
        QTest::newRow("text") << QByteArray("\"tomorrow\"") << QDateTime() << notATime;
    }

    void anAbsoluteExpiryIsReadInEachForm()
    {
        QFETCH(QByteArray, expiresAt);
        QFETCH(QDateTime, expected);
        QFETCH(QString, problem);
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        ResponseMapping mapping;
        mapping.expiresAtField = QStringLiteral("/data/at");
        const auto response = TokenResponse::parse(
            "{\"access_token\":\"t\",\"data\":{\"at\":" + expiresAt + "}}", mapping, now);
        QVERIFY2(response, response ? "" : qPrintable(response.error().message));
        QVERIFY(!response->expiresIn);
        QCOMPARE(response->expiresAt.value_or(QDateTime()), expected);
        QCOMPARE(response->expiresInProblem, problem);
        if (expected.isValid())
            QCOMPARE(response->lifetimeAt(now), std::optional<qint64>(now.secsTo(expected)));
    }

    void aLifetimeWinsOverAnExpiryTimeAndTenYearsAwayIsRefused()
    {
        const QDateTime now = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);
        ResponseMapping mapping;
        mapping.expiresAtField = QStringLiteral("/expires_at");
        const auto both = TokenResponse::parse(
            R"({"access_token":"t","expires_in":300,"expires_at":1800000600})", mapping, now);
        QCOMPARE(both->expiresIn, std::optional<qint64>(300));
        QVERIFY(!both->expiresAt);
        const auto onlyAt =
            TokenResponse::parse(R"({"access_token":"t","expires_at":1800000600})", mapping, now);
        QCOMPARE(onlyAt->lifetimeAt(now), std::optional<qint64>(600));
        QVERIFY(onlyAt->expiresInProblem.isEmpty());
        const auto neither = TokenResponse::parse(R"({"access_token":"t"})", mapping, now);
        QVERIFY(neither->expiryAbsent);
        QCOMPARE(
            neither->expiresInProblem,
            QStringLiteral("expires_in is absent (the response has access_token); expires_at is absent (the "
                           "response has access_token)"));
        const auto far =
            TokenResponse::parse(R"({"access_token":"t","expires_at":"2099-01-01T00:00:00Z"})", mapping, now);
        QVERIFY(!far);
        QVERIFY2(far.error().message.contains(QLatin1String("more than ten years away")),
                 qPrintable(far.error().message));
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
