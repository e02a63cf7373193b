#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

using EVP_PKEY = struct evp_pkey_st;

namespace tokencache {

/**
 * A public key from a JSON Web Key (RFC 7517, 7518 section 6, RFC 8037): RSA, EC (P-256, P-384,
 * P-521) or OKP (Ed25519), built through OpenSSL 3's EVP API, and the signature check of each JWS
 * algorithm it may serve (RFC 7518 section 3, RFC 8037 section 3.1).
 */
class JsonWebKey
{
public:
    /** The key @p jwk describes; a Config error saying which member is wrong if it cannot be one. */
    static Result<JsonWebKey> fromJson(const QJsonObject& jwk);

    const QString& keyId() const { return m_keyId; }
    /** Why this key cannot check an @p algorithm signature (its type, curve or own "alg"); empty: it can. */
    QString unfitFor(const QString& algorithm) const;
    /** True when @p signature is @p algorithm's signature of @p signingInput by this key. */
    bool verifies(const QString& algorithm, const QByteArray& signingInput,
                  const QByteArray& signature) const;

private:
    QString m_keyId;
    QString m_type;      ///< kty: RSA, EC, OKP
    QString m_curve;     ///< crv of EC and OKP keys
    QString m_algorithm; ///< the JWK's own alg, if it names one
    QString m_use;       ///< the JWK's use, if given (sig or enc)
    std::shared_ptr<EVP_PKEY> m_key;
};

} // namespace tokencache
