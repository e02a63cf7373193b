#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

using EVP_PKEY = struct evp_pkey_st;

namespace tokencache {

/**
 * Signs compact JWS (RFC 7515) for client assertions (RFC 7523): with a PEM private key (RS256,
 * PS256, ES256, ES384, ES512 through OpenSSL 3's EVP API) or a shared secret (HS256, for
 * client_secret_jwt). A value: copies share the key.
 */
class JwsSigner
{
public:
    /** A signer with @p pem's private key (RSA or EC); @p algorithm empty: RS256 for RSA, ES256..512 by
     *  curve for EC. A Config error says what is wrong with the key, never its contents. */
    static Result<JwsSigner> fromPrivateKey(const QByteArray& pem, const QString& algorithm,
                                            const QString& keyId);
    /** An HS256 signer with @p secret. */
    static JwsSigner fromSecret(const QByteArray& secret);

    const QString& algorithm() const { return m_algorithm; }
    /** `header.claims.signature`; an error only when OpenSSL fails. */
    Result<QByteArray> sign(const QJsonObject& claims) const;

private:
    QString m_algorithm;
    QString m_keyId;
    QByteArray m_secret;             ///< HS256
    std::shared_ptr<EVP_PKEY> m_key; ///< the others
};

} // namespace tokencache
