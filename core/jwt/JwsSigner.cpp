#include "core/jwt/JwsSigner.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace tokencache {

namespace {

template <typename T, void (*Free)(T*)> using Owned = std::unique_ptr<T, decltype([](T* p) { Free(p); })>;

QByteArray base64url(const QByteArray& bytes)
{
    return bytes.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Error badKey(const QString& what)
{
    return Error::config(QStringLiteral("private key: %1").arg(what));
}

/** The EC key's curve as JWS names its algorithm (RFC 7518 section 3.4), or empty. */
QString ecAlgorithm(EVP_PKEY* key)
{
    char curve[64] = {};
    if (!EVP_PKEY_get_utf8_string_param(key, OSSL_PKEY_PARAM_GROUP_NAME, curve, sizeof curve, nullptr))
        return {};
    const QByteArray name(curve);
    if (name == "prime256v1" || name == "P-256")
        return QStringLiteral("ES256");
    if (name == "secp384r1" || name == "P-384")
        return QStringLiteral("ES384");
    if (name == "secp521r1" || name == "P-521")
        return QStringLiteral("ES512");
    return {};
}

const EVP_MD* digestOf(const QString& algorithm)
{
    if (algorithm.endsWith(QLatin1String("256")))
        return EVP_sha256();
    if (algorithm.endsWith(QLatin1String("384")))
        return EVP_sha384();
    return EVP_sha512();
}

/** An ECDSA DER signature as JWS writes it: R || S, each as long as the curve's order (RFC 7518 3.4). */
QByteArray ecdsaRaw(const QByteArray& der, int half)
{
    const auto* bytes = reinterpret_cast<const unsigned char*>(der.constData());
    Owned<ECDSA_SIG, ECDSA_SIG_free> signature(d2i_ECDSA_SIG(nullptr, &bytes, long(der.size())));
    if (!signature)
        return {};
    QByteArray raw(2 * half, '\0');
    auto* out = reinterpret_cast<unsigned char*>(raw.data());
    if (BN_bn2binpad(ECDSA_SIG_get0_r(signature.get()), out, half) != half ||
        BN_bn2binpad(ECDSA_SIG_get0_s(signature.get()), out + half, half) != half)
        return {};
    return raw;
}

} // namespace

Result<JwsSigner> JwsSigner::fromPrivateKey(const QByteArray& pem, const QString& algorithm,
                                            const QString& keyId)
{
    // BIO_free returns int, so Owned's deleter type does not fit it.
    std::unique_ptr<BIO, decltype([](BIO* bio) { BIO_free(bio); })> input(
        BIO_new_mem_buf(pem.constData(), int(pem.size())));
    // No passphrase callback: an encrypted key fails here instead of prompting on the terminal.
    EVP_PKEY* read = input ? PEM_read_bio_PrivateKey(
                                 input.get(), nullptr, [](char*, int, int, void*) { return 0; }, nullptr)
                           : nullptr;
    if (!read)
        return badKey(QStringLiteral("not a PEM private key (RSA or EC, unencrypted)"));
    JwsSigner signer;
    signer.m_key.reset(read, EVP_PKEY_free);
    signer.m_keyId = keyId;
    const bool rsa = EVP_PKEY_is_a(read, "RSA");
    if (!rsa && !EVP_PKEY_is_a(read, "EC"))
        return badKey(QStringLiteral("an RSA or EC key is needed"));
    if (rsa && EVP_PKEY_get_bits(read) < 2048)
        return badKey(QStringLiteral("an RSA key of %1 bits is too short; 2048 at least (RFC 7518 3.3)")
                          .arg(EVP_PKEY_get_bits(read)));
    const QString fitting = rsa ? QStringLiteral("RS256") : ecAlgorithm(read);
    if (fitting.isEmpty())
        return badKey(QStringLiteral("an EC key on P-256, P-384 or P-521 is needed"));
    signer.m_algorithm = algorithm.isEmpty() ? fitting : algorithm;
    const bool fits =
        rsa ? QStringList{QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
                          QStringLiteral("PS256"), QStringLiteral("PS384"), QStringLiteral("PS512")}
                  .contains(signer.m_algorithm)
            : signer.m_algorithm == fitting;
    if (!fits)
        return badKey(
            QStringLiteral("an %1 key cannot sign %2; %3 fits it")
                .arg(rsa ? QStringLiteral("RSA") : QStringLiteral("EC"), signer.m_algorithm, fitting));
    return signer;
}

JwsSigner JwsSigner::fromSecret(const QByteArray& secret)
{
    JwsSigner signer;
    signer.m_algorithm = QStringLiteral("HS256");
    signer.m_secret = secret;
    return signer;
}

Result<QByteArray> JwsSigner::sign(const QJsonObject& claims) const
{
    QJsonObject header{{QStringLiteral("alg"), m_algorithm}, {QStringLiteral("typ"), QStringLiteral("JWT")}};
    if (!m_keyId.isEmpty())
        header.insert(QStringLiteral("kid"), m_keyId);
    const QByteArray input = base64url(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.' +
                             base64url(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    if (!m_key)
        return input + '.' +
               base64url(QMessageAuthenticationCode::hash(input, m_secret, QCryptographicHash::Sha256));
    Owned<EVP_MD_CTX, EVP_MD_CTX_free> context(EVP_MD_CTX_new());
    EVP_PKEY_CTX* keyContext = nullptr;
    const auto failed = [] {
        return Error::config(QStringLiteral("OpenSSL could not sign the client assertion"));
    };
    if (!context ||
        EVP_DigestSignInit(context.get(), &keyContext, digestOf(m_algorithm), nullptr, m_key.get()) <= 0)
        return failed();
    // RFC 7518 section 3.5: PSS with MGF1 of the same hash and a salt as long as the hash.
    if (m_algorithm.startsWith(QLatin1String("PS")) &&
        (EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) <= 0 ||
         EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, RSA_PSS_SALTLEN_DIGEST) <= 0))
        return failed();
    const auto* data = reinterpret_cast<const unsigned char*>(input.constData());
    size_t length = 0;
    if (EVP_DigestSign(context.get(), nullptr, &length, data, size_t(input.size())) <= 0)
        return failed();
    QByteArray signature(qsizetype(length), '\0');
    if (EVP_DigestSign(context.get(), reinterpret_cast<unsigned char*>(signature.data()), &length, data,
                       size_t(input.size())) <= 0)
        return failed();
    signature.truncate(qsizetype(length));
    if (m_algorithm.startsWith(QLatin1String("ES"))) {
        const int half = (EVP_PKEY_get_bits(m_key.get()) + 7) / 8;
        signature = ecdsaRaw(signature, half);
        if (signature.isEmpty())
            return failed();
    }
    return input + '.' + base64url(signature);
}

} // namespace tokencache
