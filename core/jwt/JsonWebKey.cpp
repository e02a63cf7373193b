#include "core/jwt/JsonWebKey.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/param_build.h>
#include <openssl/rsa.h>

namespace tokencache {

namespace {

template <typename T, void (*Free)(T*)> using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

QByteArray base64url(const QJsonObject& jwk, const char* member)
{
    return QByteArray::fromBase64(jwk.value(QLatin1String(member)).toString().toLatin1(),
                                  QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
}

Error badKey(const QString& what)
{
    return Error::config(QStringLiteral("JWK: %1").arg(what));
}

/** RSA from n and e (RFC 7518 section 6.3.1). */
Result<std::shared_ptr<EVP_PKEY>> rsaKey(const QJsonObject& jwk)
{
    const QByteArray n = base64url(jwk, "n"), e = base64url(jwk, "e");
    if (n.size() < 256 || n.size() > 2048 || e.isEmpty() || e.size() > 8)
        return badKey(QStringLiteral("RSA key without a usable n (2048 to 16384 bits) and e"));
    Owned<BIGNUM, BN_free> modulus(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(n.constData()), int(n.size()), nullptr));
    Owned<BIGNUM, BN_free> exponent(
        BN_bin2bn(reinterpret_cast<const unsigned char*>(e.constData()), int(e.size()), nullptr));
    Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free> builder(OSSL_PARAM_BLD_new());
    if (!modulus || !exponent || !builder ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get()) ||
        !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()))
        return badKey(QStringLiteral("RSA key could not be built"));
    Owned<OSSL_PARAM, OSSL_PARAM_free> params(OSSL_PARAM_BLD_to_param(builder.get()));
    Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free> context(EVP_PKEY_CTX_new_from_name(nullptr, "RSA", nullptr));
    EVP_PKEY* key = nullptr;
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return badKey(QStringLiteral("RSA key could not be built"));
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

/** The OpenSSL group and coordinate size of a JWK curve (RFC 7518 section 6.2.1.1). */
std::pair<const char*, int> ecGroup(const QString& curve)
{
    if (curve == QLatin1String("P-256"))
        return {"prime256v1", 32};
    if (curve == QLatin1String("P-384"))
        return {"secp384r1", 48};
    if (curve == QLatin1String("P-521"))
        return {"secp521r1", 66};
    return {nullptr, 0};
}

/** EC from crv, x and y: the uncompressed point 04 || x || y. */
Result<std::shared_ptr<EVP_PKEY>> ecKey(const QJsonObject& jwk, const QString& curve)
{
    const auto [group, size] = ecGroup(curve);
    if (!group)
        return badKey(QStringLiteral("EC curve \"%1\" is not P-256, P-384 or P-521").arg(curve));
    const QByteArray x = base64url(jwk, "x"), y = base64url(jwk, "y");
    if (x.size() != size || y.size() != size)
        return badKey(QStringLiteral("EC key's x and y must be %1 bytes each for %2").arg(size).arg(curve));
    const QByteArray point = QByteArray(1, '\x04') + x + y;
    Owned<OSSL_PARAM_BLD, OSSL_PARAM_BLD_free> builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, group, 0) ||
        !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(),
                                          size_t(point.size())))
        return badKey(QStringLiteral("EC key could not be built"));
    Owned<OSSL_PARAM, OSSL_PARAM_free> params(OSSL_PARAM_BLD_to_param(builder.get()));
    Owned<EVP_PKEY_CTX, EVP_PKEY_CTX_free> context(EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr));
    EVP_PKEY* key = nullptr;
    // fromdata checks the point is on the curve: a crafted point is refused here.
    if (!params || !context || EVP_PKEY_fromdata_init(context.get()) <= 0 ||
        EVP_PKEY_fromdata(context.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) <= 0)
        return badKey(QStringLiteral("EC key is not a point on %1").arg(curve));
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

/** Ed25519 from x (RFC 8037 section 2). */
Result<std::shared_ptr<EVP_PKEY>> edKey(const QJsonObject& jwk, const QString& curve)
{
    if (curve != QLatin1String("Ed25519"))
        return badKey(QStringLiteral("OKP curve \"%1\" is not Ed25519").arg(curve));
    const QByteArray x = base64url(jwk, "x");
    EVP_PKEY* key = x.size() == 32
                        ? EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr,
                                                      reinterpret_cast<const unsigned char*>(x.constData()),
                                                      size_t(x.size()))
                        : nullptr;
    if (!key)
        return badKey(QStringLiteral("Ed25519 key's x must be 32 bytes"));
    return std::shared_ptr<EVP_PKEY>(key, EVP_PKEY_free);
}

/** The digest of RS*, PS* and ES* (RFC 7518 section 3.1). */
const EVP_MD* digestOf(const QString& algorithm)
{
    if (algorithm.endsWith(QLatin1String("256")))
        return EVP_sha256();
    if (algorithm.endsWith(QLatin1String("384")))
        return EVP_sha384();
    if (algorithm.endsWith(QLatin1String("512")))
        return EVP_sha512();
    return nullptr;
}

/** JWS's ECDSA signature is R || S, each the coordinate size; OpenSSL checks the DER form. */
QByteArray ecdsaDer(const QByteArray& raw, int coordinateSize)
{
    if (raw.size() != 2 * coordinateSize)
        return {};
    const auto* bytes = reinterpret_cast<const unsigned char*>(raw.constData());
    Owned<ECDSA_SIG, ECDSA_SIG_free> signature(ECDSA_SIG_new());
    BIGNUM* r = BN_bin2bn(bytes, coordinateSize, nullptr);
    BIGNUM* s = BN_bin2bn(bytes + coordinateSize, coordinateSize, nullptr);
    if (!signature || !r || !s || !ECDSA_SIG_set0(signature.get(), r, s)) {
        BN_free(r);
        BN_free(s);
        return {};
    }
    unsigned char* der = nullptr;
    const int length = i2d_ECDSA_SIG(signature.get(), &der);
    if (length <= 0)
        return {};
    QByteArray result(reinterpret_cast<const char*>(der), length);
    OPENSSL_free(der);
    return result;
}

} // namespace

Result<JsonWebKey> JsonWebKey::fromJson(const QJsonObject& jwk)
{
    JsonWebKey key;
    key.m_keyId = jwk.value(QStringLiteral("kid")).toString();
    key.m_type = jwk.value(QStringLiteral("kty")).toString();
    key.m_curve = jwk.value(QStringLiteral("crv")).toString();
    key.m_algorithm = jwk.value(QStringLiteral("alg")).toString();
    key.m_use = jwk.value(QStringLiteral("use")).toString();
    Result<std::shared_ptr<EVP_PKEY>> built =
        badKey(QStringLiteral("kty \"%1\" is not RSA, EC or OKP").arg(key.m_type));
    if (key.m_type == QLatin1String("RSA"))
        built = rsaKey(jwk);
    else if (key.m_type == QLatin1String("EC"))
        built = ecKey(jwk, key.m_curve);
    else if (key.m_type == QLatin1String("OKP"))
        built = edKey(jwk, key.m_curve);
    if (!built)
        return built.error();
    key.m_key = *built;
    return key;
}

QString JsonWebKey::unfitFor(const QString& algorithm) const
{
    if (!m_use.isEmpty() && m_use != QLatin1String("sig"))
        return QStringLiteral("key %1 is for \"%2\", not signatures").arg(m_keyId, m_use);
    if (!m_algorithm.isEmpty() && m_algorithm != algorithm)
        return QStringLiteral("key %1 is for %2, the token says %3").arg(m_keyId, m_algorithm, algorithm);
    const bool rsa = algorithm.startsWith(QLatin1String("RS")) || algorithm.startsWith(QLatin1String("PS"));
    if (rsa && m_type == QLatin1String("RSA"))
        return {};
    const QString curveFor = algorithm == QLatin1String("ES256")   ? QStringLiteral("P-256")
                             : algorithm == QLatin1String("ES384") ? QStringLiteral("P-384")
                             : algorithm == QLatin1String("ES512") ? QStringLiteral("P-521")
                                                                   : QString();
    if (!curveFor.isEmpty() && m_type == QLatin1String("EC") && m_curve == curveFor)
        return {};
    if (algorithm == QLatin1String("EdDSA") && m_type == QLatin1String("OKP"))
        return {};
    return QStringLiteral("key %1 (%2 %3) cannot check %4")
        .arg(m_keyId, m_type, m_curve, algorithm)
        .simplified();
}

bool JsonWebKey::verifies(const QString& algorithm, const QByteArray& signingInput,
                          const QByteArray& signature) const
{
    if (!unfitFor(algorithm).isEmpty())
        return false;
    const bool ed = algorithm == QLatin1String("EdDSA");
    const EVP_MD* digest = ed ? nullptr : digestOf(algorithm);
    if (!ed && !digest)
        return false;
    QByteArray checked = signature;
    if (algorithm.startsWith(QLatin1String("ES"))) {
        checked = ecdsaDer(signature, ecGroup(m_curve).second);
        if (checked.isEmpty())
            return false;
    }
    Owned<EVP_MD_CTX, EVP_MD_CTX_free> context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr;
    if (!context || EVP_DigestVerifyInit(context.get(), &keyContext, digest, nullptr, m_key.get()) <= 0)
        return false;
    // RFC 7518 section 3.5: PSS with MGF1 of the same hash and a salt as long as the hash.
    if (algorithm.startsWith(QLatin1String("PS")) &&
        (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) <= 0 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) <= 0))
        return false;
    return EVP_DigestVerify(context.get(), reinterpret_cast<const unsigned char*>(checked.constData()),
                            size_t(checked.size()),
                            reinterpret_cast<const unsigned char*>(signingInput.constData()),
                            size_t(signingInput.size())) == 1;
}

} // namespace tokencache
