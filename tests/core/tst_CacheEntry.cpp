#include "core/cache/CacheEntry.h"
#include "core/common/Humanize.h"
#include "core/config/ProviderProfile.h"
#include "tests/support/TestTokens.h"

#include <QJsonDocument>
#include <QTest>

using namespace tokencache;

namespace {

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);

QByteArray response(const QByteArray& token, int expiresIn)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(token)},
                                     {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                     {QStringLiteral("expires_in"), expiresIn}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

class tst_CacheEntry : public QObject
{
    Q_OBJECT

private slots:
    void aBoundTokenSaysWhatItIsBoundTo_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("binding");
        const auto withClaims = [](const QJsonObject& confirmation) {
            return response(makeJwt({{QStringLiteral("sub"), QStringLiteral("svc")},
                                     {QStringLiteral("cnf"), confirmation}}),
                            600);
        };
        QTest::newRow("mTLS") << withClaims({{QStringLiteral("x5t#S256"), QStringLiteral("fT-bkh9j")}})
                              << QStringLiteral(
                                     "client certificate (mTLS) x5t#S256 fT-bkh9j: a copy works only "
                                     "with that certificate");
        QTest::newRow("DPoP") << withClaims({{QStringLiteral("jkt"), QStringLiteral("0ZcOCORZ")}})
                              << QStringLiteral(
                                     "DPoP key jkt 0ZcOCORZ: a copy works only with proofs signed by "
                                     "that key");
        QTest::newRow("opaque DPoP")
            << QByteArray(R"({"access_token": "opaque", "token_type": "DPoP", "expires_in": 600})")
            << QStringLiteral("DPoP key (token_type DPoP): a copy works only with proofs signed by that key");
        QTest::newRow("bearer") << response(makeJwt({{QStringLiteral("sub"), QStringLiteral("svc")}}), 600)
                                << QString();
    }

    void aBoundTokenSaysWhatItIsBoundTo()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, binding);
        QCOMPARE(CacheEntry::fromValue(QStringLiteral("k"), raw, 500'000, kNow).binding(), binding);
    }

    void anEntryIsReadThroughItsOwnersMapping()
    {
        const QByteArray raw = "{\"data\":{\"token\":\"t0k\",\"validUntil\":\"2027-01-15T08:30:00Z\"}}";
        const QDateTime now = QDateTime::fromString(QStringLiteral("2027-01-15T08:00:00Z"), Qt::ISODate);
        // Without the mapping, as RFC 6749's fields: not a token response, and why.
        const CacheEntry plain =
            CacheEntry::fromValue(QStringLiteral("oauth2token:pay"), raw, 1'500'000, now);
        QCOMPARE(plain.status, CacheEntry::Status::Unreadable);
        QCOMPARE(plain.reason,
                 QStringLiteral("not a token response: response has no access_token (the response has "
                                "data)"));

        ResponseMapping mapping;
        mapping.tokenField = QStringLiteral("/data/token");
        mapping.expiresField.clear();
        mapping.expiresAtField = QStringLiteral("/data/validUntil");
        const CacheEntry mapped =
            CacheEntry::fromValue(QStringLiteral("oauth2token:pay"), raw, 1'500'000, now, mapping);
        QCOMPARE(mapped.status, CacheEntry::Status::Valid);
        QCOMPARE(mapped.token->accessToken, QStringLiteral("t0k"));
        QVERIFY(mapped.warnings.isEmpty());
        // The response's own expiry bounds the entry as a JWT's exp does: a TTL beyond it is a warning,
        // and once it has passed the token is expired whatever the TTL says.
        const CacheEntry outlived =
            CacheEntry::fromValue(QStringLiteral("oauth2token:pay"), raw, 3'600'000, now, mapping);
        QCOMPARE(outlived.warnings,
                 QStringList{QStringLiteral("the Redis TTL outlives the response's expiry time by 1800 s")});
        const CacheEntry passed = CacheEntry::fromValue(QStringLiteral("oauth2token:pay"), raw, 3'600'000,
                                                        now.addSecs(1900), mapping);
        QCOMPARE(passed.status, CacheEntry::Status::Expired);
        QCOMPARE(passed.reason, QStringLiteral("the response's expiry time passed 100 s ago"));
    }

    void durationsReadInOneStyle_data()
    {
        QTest::addColumn<qint64>("ms");
        QTest::addColumn<QString>("text");
        QTest::newRow("nothing left") << qint64(0) << QStringLiteral("0s");
        QTest::newRow("under a second") << qint64(999) << QStringLiteral("0s");
        QTest::newRow("seconds") << qint64(1000) << QStringLiteral("1s");
        QTest::newRow("minutes") << qint64(252'400) << QStringLiteral("4m 12s");
        QTest::newRow("widest in a day") << qint64(86'399'999) << QStringLiteral("23h 59m 59s");
        QTest::newRow("days") << qint64(((24 + 2) * 60 + 3) * 60'000) << QStringLiteral("1d 2h 3m");
        QTest::newRow("negative") << qint64(-1) << QStringLiteral("-");
    }
    void durationsReadInOneStyle()
    {
        QFETCH(qint64, ms);
        QFETCH(QString, text);
        QCOMPARE(Humanize::duration(ms), text);
    }

    void statusFollowsTheRemainingTtl_data()
    {
        QTest::addColumn<int>("expiresIn");
        QTest::addColumn<qint64>("ttlMs");
        QTest::addColumn<QString>("status");
        QTest::newRow("fresh") << 3600 << qint64(3'500'000) << QStringLiteral("valid");
        QTest::newRow("last minute") << 3600 << qint64(59'000) << QStringLiteral("expiring");
        QTest::newRow("short token, last quarter") << 100 << qint64(20'000) << QStringLiteral("expiring");
        QTest::newRow("short token, early") << 100 << qint64(30'000) << QStringLiteral("valid");
        QTest::newRow("vanished") << 3600 << CacheEntry::kGone << QStringLiteral("expired");
    }

    void statusFollowsTheRemainingTtl()
    {
        QFETCH(int, expiresIn);
        QFETCH(qint64, ttlMs);
        QFETCH(QString, status);
        const CacheEntry entry =
            CacheEntry::fromValue(QStringLiteral("k"), response("opaque", expiresIn), ttlMs, kNow);
        QCOMPARE(CacheEntry::statusName(entry.status), status);
    }

    void ageIsEstimatedWithoutIat()
    {
        const CacheEntry entry =
            CacheEntry::fromValue(QStringLiteral("k"), response("opaque", 3600), 3'000'000, kNow);
        QCOMPARE(entry.ageSeconds, std::optional<qint64>(600));
        QVERIFY(!entry.jwt);
        QCOMPARE(entry.sizeBytes, response("opaque", 3600).size());
    }

    void maskingShowsAtMostAQuarterOfAToken()
    {
        QCOMPARE(Humanize::masked(QStringLiteral("tok-abcdefghij")), QStringLiteral("*** (14 chars)"));
        QCOMPARE(Humanize::masked(QString(24, QLatin1Char('x'))), QStringLiteral("xxxxxx... (24 chars)"));
    }

    void aProfilesKeyAgesFromTheTtlTokencacheGaveIt()
    {
        // tokencache stores a profile's token for expires_in less the margin: just written, it is new.
        CacheEntry entry = CacheEntry::fromValue(QStringLiteral("k"), response("opaque", 300), 240'000, kNow);
        QCOMPARE(entry.ageSeconds, std::optional<qint64>(60)); // no owner known: a plain writer's TTL
        ProviderProfile owner;
        owner.name = QStringLiteral("acme");
        owner.refreshMarginSeconds = 60;
        entry.applyProfile(owner);
        QCOMPARE(entry.ageSeconds, std::optional<qint64>(0));
        QCOMPARE(entry.cachedForSeconds, 240);
        // A JWT's iat says the age itself: the margin changes nothing.
        const QByteArray jwt = makeJwt({{QStringLiteral("iat"), kNow.toSecsSinceEpoch() - 100}});
        CacheEntry issued = CacheEntry::fromValue(QStringLiteral("k"), response(jwt, 300), 240'000, kNow);
        issued.applyProfile(owner);
        QCOMPARE(issued.ageSeconds, std::optional<qint64>(100));
    }

    void jwtGivesAgeAndWarnsWhenTtlOutlivesExp()
    {
        const QByteArray jwt = makeJwt({{QStringLiteral("iat"), kNow.toSecsSinceEpoch() - 100},
                                        {QStringLiteral("exp"), kNow.toSecsSinceEpoch() + 200}});
        const CacheEntry entry =
            CacheEntry::fromValue(QStringLiteral("k"), response(jwt, 3600), 240'000, kNow);
        QCOMPARE(entry.ageSeconds, std::optional<qint64>(100));
        QCOMPARE(entry.status, CacheEntry::Status::Valid);
        QCOMPARE(entry.warnings, QStringList{QStringLiteral("the Redis TTL outlives the JWT's exp by 40 s")});
    }

    void jwtPastExpIsExpired()
    {
        const QByteArray jwt = makeJwt({{QStringLiteral("exp"), kNow.toSecsSinceEpoch() - 5}});
        const CacheEntry entry =
            CacheEntry::fromValue(QStringLiteral("k"), response(jwt, 3600), 10'000, kNow);
        QCOMPARE(entry.status, CacheEntry::Status::Expired);
        QCOMPARE(entry.reason, QStringLiteral("the JWT's exp passed 5 s ago"));
    }

    void keyWithoutTtlIsFlagged()
    {
        const CacheEntry entry =
            CacheEntry::fromValue(QStringLiteral("k"), response("opaque", 3600), CacheEntry::kNoTtl, kNow);
        QCOMPARE(entry.status, CacheEntry::Status::Valid);
        QVERIFY(entry.warnings.contains(QStringLiteral("the key has no TTL: it never expires")));
    }

    void rereadWithANewTtlEqualsAFreshParse_data()
    {
        const qint64 now = kNow.toSecsSinceEpoch();
        const QByteArray jwt =
            makeJwt({{QStringLiteral("iat"), now - 100}, {QStringLiteral("exp"), now + 200}});
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<qint64>("firstTtlMs");
        QTest::addColumn<qint64>("laterTtlMs");
        QTest::addColumn<int>("secondsLater");
        QTest::newRow("opaque, counting down")
            << response("opaque", 3600) << qint64(3'000'000) << qint64(2'990'000) << 10;
        QTest::newRow("opaque, into the last minute")
            << response("opaque", 3600) << qint64(70'000) << qint64(50'000) << 20;
        QTest::newRow("opaque, TTL removed")
            << response("opaque", 3600) << qint64(70'000) << CacheEntry::kNoTtl << 1;
        QTest::newRow("opaque, TTL set again")
            << response("opaque", 3600) << CacheEntry::kNoTtl << qint64(70'000) << 1;
        QTest::newRow("jwt, TTL outlives exp later")
            << response(jwt, 3600) << qint64(150'000) << qint64(400'000) << 5;
        QTest::newRow("jwt, warning gone later")
            << response(jwt, 3600) << qint64(400'000) << qint64(150'000) << 5;
        QTest::newRow("jwt, past exp") << response(jwt, 3600) << qint64(150'000) << qint64(10'000) << 300;
        QTest::newRow("jwt, key vanished")
            << response(jwt, 3600) << qint64(150'000) << CacheEntry::kGone << 1;
    }

    void rereadWithANewTtlEqualsAFreshParse()
    {
        QFETCH(QByteArray, raw);
        QFETCH(qint64, firstTtlMs);
        QFETCH(qint64, laterTtlMs);
        QFETCH(int, secondsLater);
        const QDateTime later = kNow.addSecs(secondsLater);
        const CacheEntry first = CacheEntry::fromValue(QStringLiteral("k"), raw, firstTtlMs, kNow);
        const CacheEntry reread = first.withTtl(laterTtlMs, later);
        const CacheEntry parsed = CacheEntry::fromValue(QStringLiteral("k"), raw, laterTtlMs, later);
        QCOMPARE(reread.key, parsed.key);
        QCOMPARE(reread.raw, parsed.raw);
        QCOMPARE(reread.sizeBytes, parsed.sizeBytes);
        QCOMPARE(reread.token->accessToken, parsed.token->accessToken);
        QCOMPARE(reread.token->expiresIn, parsed.token->expiresIn);
        QCOMPARE(reread.jwt.has_value(), parsed.jwt.has_value());
        QCOMPARE(reread.ttlMs, laterTtlMs);
        QCOMPARE(reread.ageSeconds, parsed.ageSeconds);
        QCOMPARE(reread.status, parsed.status);
        QCOMPARE(reread.reason, parsed.reason);
        QCOMPARE(reread.warnings, parsed.warnings);
        QCOMPARE(reread.stored, parsed.stored);
    }

    void unreadableValues_data()
    {
        QTest::addColumn<QByteArray>("raw");
        QTest::addColumn<QString>("reason");
        QTest::newRow("empty") << QByteArray() << QStringLiteral("the value is empty");
        QTest::newRow("not json") << QByteArray("hello")
                                  << QStringLiteral("not a token response: response is not JSON");
        QTest::newRow("other json") << QByteArray(R"({"user":1})")
                                    << QStringLiteral("not a token response: response has no access_token");
        QTest::newRow("huge") << QByteArray(3 * 1024 * 1024, 'x')
                              << QStringLiteral("the value is 3.00 MiB, too large");
    }

    void unreadableValues()
    {
        QFETCH(QByteArray, raw);
        QFETCH(QString, reason);
        const CacheEntry entry = CacheEntry::fromValue(QStringLiteral("k"), raw, 1000, kNow);
        QCOMPARE(entry.status, CacheEntry::Status::Unreadable);
        QVERIFY2(entry.reason.startsWith(reason), qPrintable(entry.reason));
        QCOMPARE(entry.sizeBytes, raw.size());
        QVERIFY(!entry.token);
    }
};

QTEST_GUILESS_MAIN(tst_CacheEntry)
#include "tst_CacheEntry.moc"
