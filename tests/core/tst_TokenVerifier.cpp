// JWS verification against keys made here with OpenSSL: each algorithm, each way a token is not
// valid, and key sets a hostile server could send; and client assertions JwsSigner signs, checked the
// same way.
#include "core/jwt/JsonWebKey.h"
#include "core/jwt/JwsSigner.h"
#include "core/jwt/TokenVerifier.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTest>

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

#include <memory>

using namespace tokencache;

namespace {

using Key = std::shared_ptr<EVP_PKEY>;
using Outcome = TokenVerifier::Check::Outcome;

QByteArray b64(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Key rsaKey()
{
    return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048)), EVP_PKEY_free);
}
Key ecKey()
{
    return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"), EVP_PKEY_free);
}
Key edKey()
{
    return Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519"), EVP_PKEY_free);
}

QByteArray bignum(const Key& key, const char* name, int size = 0)
{
    BIGNUM* value = nullptr;
    EVP_PKEY_get_bn_param(key.get(), name, &value);
    QByteArray bytes(size > 0 ? size : BN_num_bytes(value), '\0');
    if (size > 0)
        BN_bn2binpad(value, reinterpret_cast<unsigned char*>(bytes.data()), size);
    else
        BN_bn2bin(value, reinterpret_cast<unsigned char*>(bytes.data()));
    BN_free(value);
    return bytes;
}

/** The public JWK of @p key. */
QJsonObject jwk(const Key& key, const QString& kid)
{
    QJsonObject jwk{{QStringLiteral("kid"), kid}, {QStringLiteral("use"), QStringLiteral("sig")}};
    if (EVP_PKEY_is_a(key.get(), "RSA")) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(QStringLiteral("e"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_RSA_E))));
    } else if (EVP_PKEY_is_a(key.get(), "EC")) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), QStringLiteral("P-256"));
        jwk.insert(QStringLiteral("x"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_EC_PUB_X, 32))));
        jwk.insert(QStringLiteral("y"), QString::fromLatin1(b64(bignum(key, OSSL_PKEY_PARAM_EC_PUB_Y, 32))));
    } else {
        QByteArray raw(32, '\0');
        size_t length = 32;
        EVP_PKEY_get_raw_public_key(key.get(), reinterpret_cast<unsigned char*>(raw.data()), &length);
        jwk.insert(QStringLiteral("kty"), QStringLiteral("OKP"));
        jwk.insert(QStringLiteral("crv"), QStringLiteral("Ed25519"));
        jwk.insert(QStringLiteral("x"), QString::fromLatin1(b64(raw)));
    }
    return jwk;
}

QJsonObject keySet(const QList<QJsonObject>& keys)
{
    QJsonArray array;
    for (const QJsonObject& key : keys)
        array.append(key);
    return {{QStringLiteral("keys"), array}};
}

/** @p key's private half as PEM (PKCS #8), optionally encrypted with @p passphrase. */
QByteArray privatePem(const Key& key, const char* passphrase = nullptr)
{
    BIO* out = BIO_new(BIO_s_mem());
    PEM_write_bio_PrivateKey(out, key.get(), passphrase ? EVP_aes_256_cbc() : nullptr, nullptr, 0, nullptr,
                             const_cast<char*>(passphrase));
    char* data = nullptr;
    const long size = BIO_get_mem_data(out, &data);
    const QByteArray pem(data, qsizetype(size));
    BIO_free(out);
    return pem;
}

/** A JWS of @p claims signed by @p key with @p alg, as an issuer makes one. */
QByteArray sign(const Key& key, const QString& alg, const QString& kid, const QJsonObject& claims)
{
    const QByteArray input =
        b64(QJsonDocument(QJsonObject{{QStringLiteral("alg"), alg}, {QStringLiteral("kid"), kid}})
                .toJson(QJsonDocument::Compact)) +
        '.' + b64(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const EVP_MD* digest = alg == QLatin1String("EdDSA") ? nullptr : EVP_sha256();
    EVP_MD_CTX* context = EVP_MD_CTX_new();
    EVP_PKEY_CTX* keyContext = nullptr;
    EVP_DigestSignInit(context, &keyContext, digest, nullptr, key.get());
    if (alg.startsWith(QLatin1String("PS"))) {
        EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t length = 0;
    EVP_DigestSign(context, nullptr, &length, reinterpret_cast<const unsigned char*>(input.constData()),
                   size_t(input.size()));
    QByteArray signature(qsizetype(length), '\0');
    EVP_DigestSign(context, reinterpret_cast<unsigned char*>(signature.data()), &length,
                   reinterpret_cast<const unsigned char*>(input.constData()), size_t(input.size()));
    EVP_MD_CTX_free(context);
    signature.truncate(qsizetype(length));
    if (alg.startsWith(QLatin1String("ES"))) { // DER to JWS's R || S
        const auto* der = reinterpret_cast<const unsigned char*>(signature.constData());
        ECDSA_SIG* parsed = d2i_ECDSA_SIG(nullptr, &der, long(signature.size()));
        QByteArray raw(64, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(parsed), reinterpret_cast<unsigned char*>(raw.data()), 32);
        BN_bn2binpad(ECDSA_SIG_get0_s(parsed), reinterpret_cast<unsigned char*>(raw.data()) + 32, 32);
        ECDSA_SIG_free(parsed);
        signature = raw;
    }
    return input + '.' + b64(signature);
}

const QDateTime kNow = QDateTime::fromSecsSinceEpoch(1'800'000'000, Qt::UTC);

QJsonObject claims(qint64 expiresIn = 600)
{
    return {
        {QStringLiteral("iss"), QStringLiteral("https://idp.example")},
        {QStringLiteral("aud"), QJsonArray{QStringLiteral("https://api.example"), QStringLiteral("other")}},
        {QStringLiteral("iat"), kNow.toSecsSinceEpoch() - 60},
        {QStringLiteral("exp"), kNow.toSecsSinceEpoch() + expiresIn}};
}

const TokenVerifier::Expectations kExpected{QStringLiteral("https://idp.example"),
                                            QStringLiteral("https://api.example")};

/** The outcome of each check, by name, as one line: what a failing comparison shows. */
QString outcomes(const TokenVerifier::Report& report)
{
    QStringList said;
    for (const TokenVerifier::Check& check : report.checks)
        said.append(check.name + QLatin1Char('=') +
                    (check.outcome == Outcome::Passed   ? QStringLiteral("ok")
                     : check.outcome == Outcome::Failed ? QStringLiteral("FAIL")
                                                        : QStringLiteral("skip")));
    return said.join(QLatin1Char(' '));
}

} // namespace

class tst_TokenVerifier : public QObject
{
    Q_OBJECT

private slots:
    void eachAlgorithmIsVerifiedWithTheIssuersKey_data()
    {
        QTest::addColumn<QString>("alg");
        QTest::newRow("RS256") << QStringLiteral("RS256");
        QTest::newRow("PS256") << QStringLiteral("PS256");
        QTest::newRow("ES256") << QStringLiteral("ES256");
        QTest::newRow("EdDSA") << QStringLiteral("EdDSA");
    }

    void eachAlgorithmIsVerifiedWithTheIssuersKey()
    {
        QFETCH(QString, alg);
        const Key key = alg == QLatin1String("ES256")   ? ecKey()
                        : alg == QLatin1String("EdDSA") ? edKey()
                                                        : rsaKey();
        const Key other = alg == QLatin1String("ES256")   ? ecKey()
                          : alg == QLatin1String("EdDSA") ? edKey()
                                                          : rsaKey();
        const QJsonObject jwks = keySet({jwk(other, QStringLiteral("old")), jwk(key, QStringLiteral("k1"))});
        const QByteArray token = sign(key, alg, QStringLiteral("k1"), claims());

        const auto valid = TokenVerifier::verify(token, jwks, kExpected, kNow);
        QCOMPARE(outcomes(valid), QStringLiteral("signature=ok iss=ok aud=ok exp=ok nbf=skip iat=ok"));
        QCOMPARE(valid.verdict, TokenVerifier::Verdict::Valid);

        // One changed byte of the signature.
        QByteArray tampered = token;
        const qsizetype at = tampered.lastIndexOf('.') + 5;
        tampered[at] = tampered[at] == 'A' ? 'B' : 'A';
        const auto changed = TokenVerifier::verify(tampered, jwks, kExpected, kNow);
        QCOMPARE(changed.verdict, TokenVerifier::Verdict::Invalid);
        QCOMPARE(changed.checks.first().outcome, Outcome::Failed);

        // Signed by another key under the issuer's kid: not the issuer's signature.
        const auto forged =
            TokenVerifier::verify(sign(other, alg, QStringLiteral("k1"), claims()), jwks, kExpected, kNow);
        QCOMPARE(forged.verdict, TokenVerifier::Verdict::Invalid);
        QVERIFY(!forged.unknownKey);
    }

    void aKeyTheSetDoesNotHoldAsksForAFreshSet()
    {
        const Key key = rsaKey();
        const auto report =
            TokenVerifier::verify(sign(key, QStringLiteral("RS256"), QStringLiteral("new"), claims()),
                                  keySet({jwk(rsaKey(), QStringLiteral("k1"))}), kExpected, kNow);
        QCOMPARE(report.verdict, TokenVerifier::Verdict::Invalid);
        QVERIFY(report.unknownKey);
        QCOMPARE(report.checks.first().detail, QStringLiteral("the issuer's key set has no key new"));
    }

    void claimsAreCheckedWithALeeway()
    {
        const Key key = rsaKey();
        const QJsonObject jwks = keySet({jwk(key, QStringLiteral("k1"))});
        const auto verify = [&](const QJsonObject& payload) {
            return TokenVerifier::verify(sign(key, QStringLiteral("RS256"), QStringLiteral("k1"), payload),
                                         jwks, kExpected, kNow);
        };
        QCOMPARE(verify(claims(-30)).verdict, TokenVerifier::Verdict::Valid); // within the 60 s leeway
        QCOMPARE(outcomes(verify(claims(-90))),
                 QStringLiteral("signature=ok iss=ok aud=ok exp=FAIL nbf=skip iat=ok"));
        QJsonObject other = claims();
        other.insert(QStringLiteral("iss"), QStringLiteral("https://evil.example"));
        QCOMPARE(verify(other).checks.at(1).detail,
                 QStringLiteral("https://evil.example, expected https://idp.example"));
        other = claims();
        other.insert(QStringLiteral("aud"), QStringLiteral("someone-else"));
        QCOMPARE(verify(other).verdict, TokenVerifier::Verdict::Invalid);
        other = claims();
        other.insert(QStringLiteral("nbf"), kNow.toSecsSinceEpoch() + 3600);
        QCOMPARE(outcomes(verify(other)),
                 QStringLiteral("signature=ok iss=ok aud=ok exp=ok nbf=FAIL iat=ok"));
        other = claims();
        other.remove(QStringLiteral("exp"));
        QCOMPARE(verify(other).verdict, TokenVerifier::Verdict::Invalid); // RFC 9068: exp is required
        other = claims();
        other.insert(QStringLiteral("exp"), QStringLiteral("soon"));
        QCOMPARE(verify(other).checks.at(3).detail, QStringLiteral("not a NumericDate"));
        // No issuer or audience in the profile: said, not failed.
        const auto open = TokenVerifier::verify(
            sign(key, QStringLiteral("RS256"), QStringLiteral("k1"), claims()), jwks, {}, kNow);
        QCOMPARE(outcomes(open), QStringLiteral("signature=ok iss=skip aud=skip exp=ok nbf=skip iat=ok"));
        QCOMPARE(open.verdict, TokenVerifier::Verdict::Valid);
    }

    void unsignedSharedSecretAndOpaqueTokensAreNeverValid()
    {
        const QJsonObject jwks = keySet({jwk(rsaKey(), QStringLiteral("k1"))});
        const QByteArray payload = b64(QJsonDocument(claims()).toJson(QJsonDocument::Compact));
        const QByteArray none = b64(R"({"alg":"none"})") + '.' + payload + '.';
        const QByteArray hmac = b64(R"({"alg":"HS256","kid":"k1"})") + '.' + payload + '.' + b64("mac");
        for (const QByteArray& token : {none, hmac, QByteArray("2YotnFZFEjr1zCsicMWpAA")}) {
            const auto report = TokenVerifier::verify(token, jwks, kExpected, kNow);
            QCOMPARE(report.verdict, TokenVerifier::Verdict::Unverifiable);
            QCOMPARE(report.checks.first().outcome, Outcome::Failed);
        }
        QVERIFY(TokenVerifier::verify(none, jwks, kExpected, kNow)
                    .checks.first()
                    .detail.contains(QStringLiteral("not signed")));
        // An alg header that only differs in case is none as well.
        const QByteArray none2 = b64(R"({"alg":"NONE"})") + '.' + payload + '.';
        QCOMPARE(TokenVerifier::verify(none2, jwks, kExpected, kNow).verdict,
                 TokenVerifier::Verdict::Unverifiable);
    }

    void keysAHostileServerSendsAreRefusedByName_data()
    {
        QTest::addColumn<QByteArray>("jwkJson");
        QTest::addColumn<QString>("error");
        QTest::newRow("short RSA") << QByteArray(R"({"kty":"RSA","n":"AQAB","e":"AQAB"})")
                                   << QStringLiteral(
                                          "JWK: RSA key without a usable n (2048 to 16384 bits) and e");
        QTest::newRow("EC off the curve")
            << QByteArray(R"({"kty":"EC","crv":"P-256","x":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",)"
                          R"("y":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAE"})")
            << QStringLiteral("JWK: EC key is not a point on P-256");
        QTest::newRow("EC short x") << QByteArray(R"({"kty":"EC","crv":"P-256","x":"AA","y":"AA"})")
                                    << QStringLiteral(
                                           "JWK: EC key's x and y must be 32 bytes each for P-256");
        QTest::newRow("unknown curve")
            << QByteArray(R"({"kty":"EC","crv":"P-192","x":"AA","y":"AA"})")
            << QStringLiteral("JWK: EC curve \"P-192\" is not P-256, P-384 or P-521");
        QTest::newRow("Ed448") << QByteArray(R"({"kty":"OKP","crv":"Ed448","x":"AA"})")
                               << QStringLiteral("JWK: OKP curve \"Ed448\" is not Ed25519");
        QTest::newRow("symmetric") << QByteArray(R"({"kty":"oct","k":"c2VjcmV0"})")
                                   << QStringLiteral("JWK: kty \"oct\" is not RSA, EC or OKP");
        QTest::newRow("not base64") << QByteArray(R"({"kty":"OKP","crv":"Ed25519","x":"!!!"})")
                                    << QStringLiteral("JWK: Ed25519 key's x must be 32 bytes");
    }

    void keysAHostileServerSendsAreRefusedByName()
    {
        QFETCH(QByteArray, jwkJson);
        QFETCH(QString, error);
        const auto key = JsonWebKey::fromJson(QJsonDocument::fromJson(jwkJson).object());
        QVERIFY(!key);
        QCOMPARE(key.error().message, error);
    }

    void aKeyForAnotherUseOrAlgorithmIsNotUsed()
    {
        const Key key = rsaKey();
        QJsonObject encryption = jwk(key, QStringLiteral("k1"));
        encryption.insert(QStringLiteral("use"), QStringLiteral("enc"));
        const QByteArray token = sign(key, QStringLiteral("RS256"), QStringLiteral("k1"), claims());
        const auto report = TokenVerifier::verify(token, keySet({encryption}), kExpected, kNow);
        QCOMPARE(report.verdict, TokenVerifier::Verdict::Invalid);
        QVERIFY(report.checks.first().detail.contains(QStringLiteral("not signatures")));
        QJsonObject pinned = jwk(key, QStringLiteral("k1"));
        pinned.insert(QStringLiteral("alg"), QStringLiteral("PS256"));
        QCOMPARE(TokenVerifier::verify(token, keySet({pinned}), kExpected, kNow).verdict,
                 TokenVerifier::Verdict::Invalid);
    }

    void clientAssertionsAreSignedAsTheirKeySays_data()
    {
        QTest::addColumn<Key>("key");
        QTest::addColumn<QString>("asked");
        QTest::addColumn<QString>("used");
        QTest::newRow("RSA, from the key") << rsaKey() << QString() << QStringLiteral("RS256");
        QTest::newRow("RSA, PS256") << rsaKey() << QStringLiteral("PS256") << QStringLiteral("PS256");
        QTest::newRow("EC P-256, from the key") << ecKey() << QString() << QStringLiteral("ES256");
    }

    void clientAssertionsAreSignedAsTheirKeySays()
    {
        QFETCH(Key, key);
        QFETCH(QString, asked);
        QFETCH(QString, used);
        const auto signer = JwsSigner::fromPrivateKey(privatePem(key), asked, QStringLiteral("k1"));
        QVERIFY2(signer, signer ? "" : qPrintable(signer.error().message));
        QCOMPARE(signer->algorithm(), used);
        const auto token = signer->sign(claims());
        QVERIFY(token);
        const QList<QByteArray> parts = token->split('.');
        QCOMPARE(parts.size(), 3);
        const QJsonObject header =
            QJsonDocument::fromJson(QByteArray::fromBase64(parts[0], QByteArray::Base64UrlEncoding)).object();
        QCOMPARE(header.value(QStringLiteral("alg")).toString(), used);
        QCOMPARE(header.value(QStringLiteral("kid")).toString(), QStringLiteral("k1"));
        const auto publicKey = JsonWebKey::fromJson(jwk(key, QStringLiteral("k1")));
        QVERIFY(publicKey);
        const QByteArray signature = QByteArray::fromBase64(parts[2], QByteArray::Base64UrlEncoding);
        QVERIFY(publicKey->verifies(used, parts[0] + '.' + parts[1], signature));
        // Another key's check fails: the signature is this key's.
        QVERIFY(!JsonWebKey::fromJson(
                     jwk(EVP_PKEY_is_a(key.get(), "RSA") ? rsaKey() : ecKey(), QStringLiteral("k1")))
                     ->verifies(used, parts[0] + '.' + parts[1], signature));
    }

    void aSharedSecretSignsHs256()
    {
        const JwsSigner signer = JwsSigner::fromSecret("a-client-secret-of-32-bytes-or-more");
        const auto token = signer.sign(claims());
        QVERIFY(token);
        const qsizetype dot = token->lastIndexOf('.');
        QCOMPARE(token->mid(dot + 1),
                 b64(QMessageAuthenticationCode::hash(token->left(dot), "a-client-secret-of-32-bytes-or-more",
                                                      QCryptographicHash::Sha256)));
    }

    void keysThatCannotSignAreRefusedByName_data()
    {
        QTest::addColumn<QByteArray>("pem");
        QTest::addColumn<QString>("algorithm");
        QTest::addColumn<QString>("error");
        QTest::newRow("not PEM") << QByteArray("-----BEGIN NOTHING-----") << QString()
                                 << QStringLiteral("not a PEM private key");
        QTest::newRow("encrypted") << privatePem(rsaKey(), "passphrase") << QString()
                                   << QStringLiteral("not a PEM private key (RSA or EC, unencrypted)");
        QTest::newRow("short RSA") << privatePem(Key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(1024)),
                                                     EVP_PKEY_free))
                                   << QString() << QStringLiteral("an RSA key of 1024 bits is too short");
        QTest::newRow("EC asked for RS256") << privatePem(ecKey()) << QStringLiteral("RS256")
                                            << QStringLiteral("an EC key cannot sign RS256; ES256 fits it");
        QTest::newRow("RSA asked for ES256") << privatePem(rsaKey()) << QStringLiteral("ES256")
                                             << QStringLiteral("an RSA key cannot sign ES256; RS256 fits it");
        QTest::newRow("Ed25519") << privatePem(edKey()) << QString()
                                 << QStringLiteral("an RSA or EC key is needed");
    }

    void keysThatCannotSignAreRefusedByName()
    {
        QFETCH(QByteArray, pem);
        QFETCH(QString, algorithm);
        QFETCH(QString, error);
        const auto signer = JwsSigner::fromPrivateKey(pem, algorithm, {});
        QVERIFY(!signer);
        QVERIFY2(signer.error().message.contains(error), qPrintable(signer.error().message));
        QVERIFY(!signer.error().message.contains(QStringLiteral("PRIVATE KEY"))); // never the key itself
    }
};

QTEST_MAIN(tst_TokenVerifier)
#include "tst_TokenVerifier.moc"
