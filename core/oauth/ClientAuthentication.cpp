#include "core/oauth/ClientAuthentication.h"

#include "core/config/SecretRef.h"

#include <QDateTime>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkRequest>
#include <QRandomGenerator>
#include <QSslCertificate>
#include <QSslKey>
#include <QUrl>

namespace tokencache {

namespace {

using Method = ProviderProfile::AuthMethod;

constexpr qint64 kAssertionLifetimeSeconds = 60;

Error profileError(const ProviderProfile& profile, const QString& what)
{
    return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, what));
}

/** @p reference resolved, or an error naming @p what and the reference (never the secret). */
Result<QString> resolved(const ProviderProfile& profile, const QString& reference, const QString& what)
{
    auto secret = SecretRef::resolve(reference);
    if (!secret)
        return profileError(profile, QStringLiteral("%1: %2").arg(what, secret.error().message));
    return secret;
}

/** The PEM certificates in @p path, or an error naming the file. */
Result<QList<QSslCertificate>> certificates(const ProviderProfile& profile, const QString& path,
                                            const QString& what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return profileError(profile,
                            QStringLiteral("cannot read %1 %2: %3").arg(what, path, file.errorString()));
    const QList<QSslCertificate> found = QSslCertificate::fromData(file.read(1 << 20), QSsl::Pem);
    if (found.isEmpty())
        return profileError(profile, QStringLiteral("%1 %2 holds no PEM certificate").arg(what, path));
    return found;
}

/** TLS settings for the provider's endpoints: the client certificate (RFC 8705) and @p authorities. */
Result<std::optional<QSslConfiguration>> tlsSettings(const ProviderProfile& profile,
                                                     const QList<QSslCertificate>& authorities)
{
    if (!profile.usesMutualTls() && authorities.isEmpty())
        return std::optional<QSslConfiguration>();
    QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
    tls.addCaCertificates(authorities);
    if (profile.usesMutualTls()) {
        auto chain = certificates(profile, profile.providerCert, QStringLiteral("client certificate"));
        if (!chain)
            return chain.error();
        auto pem = resolved(profile, profile.providerKeyRef, QStringLiteral("client certificate's key"));
        if (!pem)
            return pem.error();
        QSslKey key;
        for (const QSsl::KeyAlgorithm algorithm : {QSsl::Rsa, QSsl::Ec}) {
            if (key.isNull())
                key = QSslKey(pem->toLatin1(), algorithm, QSsl::Pem, QSsl::PrivateKey);
        }
        if (key.isNull())
            return profileError(
                profile, QStringLiteral("the client certificate's key (%1) is no unencrypted PEM RSA or EC "
                                        "private key")
                             .arg(SecretRef::parse(profile.providerKeyRef)->shown()));
        tls.setLocalCertificateChain(*chain);
        tls.setPrivateKey(key);
    }
    return std::optional<QSslConfiguration>(tls);
}

} // namespace

Result<ClientAuthentication> ClientAuthentication::fromProfile(const ProviderProfile& profile)
{
    if (const auto problems = profile.clientAuthProblems(); !problems.isEmpty())
        return profileError(profile, problems.first().message);
    ClientAuthentication auth;
    auth.m_method = profile.authMethod;
    auth.m_clientId = profile.clientId;
    if (profile.usesClientSecret()) {
        auto secret = resolved(profile, profile.clientSecretRef, QStringLiteral("client secret"));
        if (!secret)
            return secret.error();
        auth.m_clientSecret = *secret;
    }
    if (profile.authMethod == Method::ClientSecretJwt)
        auth.m_signer = JwsSigner::fromSecret(auth.m_clientSecret.toUtf8());
    if (profile.authMethod == Method::PrivateKeyJwt) {
        auto pem = resolved(profile, profile.privateKeyRef, QStringLiteral("private key"));
        if (!pem)
            return pem.error();
        auto signer = JwsSigner::fromPrivateKey(pem->toLatin1(), profile.signingAlgorithm, profile.keyId);
        if (!signer)
            return profileError(
                profile, QStringLiteral("%1 (%2)").arg(signer.error().message,
                                                       SecretRef::parse(profile.privateKeyRef)->shown()));
        auth.m_signer = *signer;
    }
    auto authorities = extraAuthorities(profile);
    if (!authorities)
        return authorities.error();
    auth.m_extraAuthorities = *authorities;
    auto tls = tlsSettings(profile, auth.m_extraAuthorities);
    if (!tls)
        return tls.error();
    auth.m_tls = *tls;
    return auth;
}

Result<QList<QSslCertificate>> ClientAuthentication::extraAuthorities(const ProviderProfile& profile)
{
    if (profile.providerCa.isEmpty())
        return QList<QSslCertificate>();
    return certificates(profile, profile.providerCa, QStringLiteral("CA file"));
}

QStringList ClientAuthentication::secretReferences(const ProviderProfile& profile)
{
    QStringList references;
    if (profile.usesClientSecret())
        references.append(profile.clientSecretRef);
    if (profile.authMethod == Method::PrivateKeyJwt)
        references.append(profile.privateKeyRef);
    if (profile.usesMutualTls())
        references.append(profile.providerKeyRef);
    return references;
}

void ClientAuthentication::apply(QNetworkRequest& request) const
{
    if (m_method == Method::ClientSecretBasic) {
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
        const QByteArray credentials =
            QUrl::toPercentEncoding(m_clientId) + ':' + QUrl::toPercentEncoding(m_clientSecret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    }
    if (m_tls)
        request.setSslConfiguration(*m_tls);
}

QList<QPair<QString, QString>> ClientAuthentication::fields(const QString& audience) const
{
    if (m_method == Method::ClientSecretPost)
        return {{QStringLiteral("client_id"), m_clientId}, {QStringLiteral("client_secret"), m_clientSecret}};
    // RFC 8705 2: the certificate authenticates; client_id says which client it claims to be.
    if (m_method == Method::TlsClientAuth || m_method == Method::SelfSignedTlsClientAuth)
        return {{QStringLiteral("client_id"), m_clientId}};
    if (!m_signer)
        return {};
    // RFC 7523 3: iss and sub the client, aud the server, a short life and a jti against replays.
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray jti = QByteArray::number(QRandomGenerator::system()->generate64(), 16) +
                           QByteArray::number(QRandomGenerator::system()->generate64(), 16);
    const QJsonObject claims{
        {QStringLiteral("iss"), m_clientId}, {QStringLiteral("sub"), m_clientId},
        {QStringLiteral("aud"), audience},   {QStringLiteral("jti"), QString::fromLatin1(jti)},
        {QStringLiteral("iat"), now},        {QStringLiteral("exp"), now + kAssertionLifetimeSeconds}};
    // Signing cannot fail for a key fromProfile() accepted short of OpenSSL running out of memory; the
    // provider then refuses the empty assertion, which says as much as any message here could.
    const auto assertion = m_signer->sign(claims);
    return {{QStringLiteral("client_id"), m_clientId},
            {QStringLiteral("client_assertion_type"),
             QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")},
            {QStringLiteral("client_assertion"), assertion ? QString::fromLatin1(*assertion) : QString()}};
}

QString ClientAuthentication::withoutSecrets(const QString& text) const
{
    // Masking a one-letter "secret" would garble every message; secrets that short protect nothing.
    if (m_clientSecret.size() < 4)
        return text;
    const QByteArray basic =
        (QUrl::toPercentEncoding(m_clientId) + ':' + QUrl::toPercentEncoding(m_clientSecret)).toBase64();
    return masked(text, m_clientSecret).replace(QString::fromLatin1(basic), QStringLiteral("***"));
}

QString ClientAuthentication::masked(QString text, const QString& secret)
{
    // Every form a secret travels in: as is, form-encoded (%20 or '+' for a space: servers echo
    // either), and JSON-escaped. Secrets under four characters protect nothing and would garble messages.
    if (secret.size() < 4)
        return text;
    const QString encoded = QString::fromLatin1(QUrl::toPercentEncoding(secret));
    const QByteArray quoted = QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact);
    for (const QString& form :
         {secret, encoded, QString(encoded).replace(QStringLiteral("%20"), QStringLiteral("+")),
          QString::fromUtf8(quoted.mid(2, quoted.size() - 4))})
        text.replace(form, QStringLiteral("***"));
    return text;
}

} // namespace tokencache
