#include "oauth/TokenRequest.h"

#include "config/SecretRef.h"

#include <QUrl>

namespace {

// QUrlQuery leaves '+' and some delimiters unencoded, which form decoders misread; percent-encode
// every reserved byte instead (%20 for space decodes the same in every form parser).
QByteArray formEncode(const QString& text)
{
    return QUrl::toPercentEncoding(text);
}

void appendField(QByteArray& body, const QString& name, const QString& value)
{
    if (!body.isEmpty())
        body += '&';
    body += formEncode(name) + '=' + formEncode(value);
}

} // namespace

Result<TokenRequest> TokenRequest::fromProfile(const ProviderProfile& profile)
{
    auto secret = SecretRef::resolve(profile.clientSecretRef);
    if (!secret)
        return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, secret.error().message));
    return TokenRequest{profile, *secret};
}

QNetworkRequest TokenRequest::networkRequest() const
{
    QNetworkRequest request{QUrl(profile.tokenUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    request.setTransferTimeout(profile.requestTimeoutMs);
    if (profile.authMethod == ProviderProfile::AuthMethod::ClientSecretBasic) {
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
        const QByteArray credentials = formEncode(profile.clientId) + ':' + formEncode(clientSecret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    }
    return request;
}

QByteArray TokenRequest::body() const
{
    QByteArray body;
    appendField(body, QStringLiteral("grant_type"), QStringLiteral("client_credentials"));
    if (profile.authMethod == ProviderProfile::AuthMethod::ClientSecretPost) {
        appendField(body, QStringLiteral("client_id"), profile.clientId);
        appendField(body, QStringLiteral("client_secret"), clientSecret);
    }
    if (!profile.scopes.isEmpty())
        appendField(body, QStringLiteral("scope"), profile.scopes.join(QLatin1Char(' ')));
    if (!profile.audience.isEmpty())
        appendField(body, QStringLiteral("audience"), profile.audience);
    if (!profile.resource.isEmpty())
        appendField(body, QStringLiteral("resource"), profile.resource);
    for (auto it = profile.extraParameters.cbegin(); it != profile.extraParameters.cend(); ++it)
        appendField(body, it.key(), it.value());
    return body;
}
