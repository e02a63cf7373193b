#pragma once

#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"
#include "core/jwt/JwsSigner.h"

#include <QList>
#include <QPair>
#include <QSslConfiguration>
#include <QString>

#include <optional>

class QNetworkRequest;

namespace tokencache {

/**
 * How a client proves who it is at its provider's endpoints (token, introspection, revocation), with
 * its secrets resolved: a client secret (RFC 6749 2.3.1), a signed client assertion (RFC 7523:
 * private_key_jwt, client_secret_jwt) or a TLS client certificate (RFC 8705). A value.
 */
class ClientAuthentication
{
public:
    /** Resolves the profile's secret, private key or certificate; a Config error names the reference or
     *  file, never the secret. */
    static Result<ClientAuthentication> fromProfile(const ProviderProfile& profile);
    /** The CAs in the profile's --provider-ca file (none without one), or an error naming the file. */
    static Result<QList<QSslCertificate>> extraAuthorities(const ProviderProfile& profile);
    /** The secret references fromProfile() resolves, for SecretPrefetch. */
    static QStringList secretReferences(const ProviderProfile& profile);

    const QString& clientSecret() const { return m_clientSecret; }
    /** The profile's own CAs (--provider-ca), trusted beside the system's; also for its issuer. */
    const QList<QSslCertificate>& extraAuthorities() const { return m_extraAuthorities; }
    /** Puts the Authorization header (client_secret_basic) or the client certificate on @p request. */
    void apply(QNetworkRequest& request) const;
    /** The form fields that authenticate a request; a client assertion names @p audience as its aud. */
    QList<QPair<QString, QString>> fields(const QString& audience) const;
    /** @p text with the client secret masked in every form it travels in. */
    QString withoutSecrets(const QString& text) const;
    /** @p text with @p secret masked in every form it travels in (as is, form-encoded, JSON-escaped). */
    static QString masked(QString text, const QString& secret);

private:
    ProviderProfile::AuthMethod m_method = ProviderProfile::AuthMethod::ClientSecretBasic;
    QString m_clientId;
    QString m_clientSecret;
    std::optional<JwsSigner> m_signer;      ///< the assertion methods
    std::optional<QSslConfiguration> m_tls; ///< a client certificate or a private CA
    QList<QSslCertificate> m_extraAuthorities;
};

} // namespace tokencache
