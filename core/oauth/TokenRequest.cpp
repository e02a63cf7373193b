#include "core/oauth/TokenRequest.h"

#include "core/config/SecretRef.h"

#include <QRegularExpression>
#include <QUrl>

namespace tokencache {

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
    if (const QString problem = profile.insecureUrlProblem(); !problem.isEmpty())
        return Error::config(problem);
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
    // Compressed bodies are refused, not inflated: a small gzip bomb would bypass the size limit.
    request.setRawHeader("Accept-Encoding", "identity");
    // A redirect would carry the credentials to wherever Location points: never followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    if (profile.authMethod == ProviderProfile::AuthMethod::ClientSecretBasic) {
        // RFC 6749 2.3.1: id and secret are form-urlencoded before they are joined and base64-encoded.
        const QByteArray credentials = formEncode(profile.clientId) + ':' + formEncode(clientSecret);
        request.setRawHeader("Authorization", "Basic " + credentials.toBase64());
    }
    return request;
}

QString TokenRequest::withoutSecrets(QString text) const
{
    // Echoed form fields or JSON members, whatever their value: client_secret=..., "client_assertion": "..."
    static const QRegularExpression echoed(
        QStringLiteral(R"((client_secret|client_assertion)(["']?\s*[=:]\s*["']?)[^&"'\s,}]+)"));
    text.replace(echoed, QStringLiteral("\\1\\2***"));
    // Masking a one-letter "secret" would garble every message; secrets that short protect nothing.
    if (clientSecret.size() < 4)
        return text;
    const QByteArray basic = (formEncode(profile.clientId) + ':' + formEncode(clientSecret)).toBase64();
    // As sent, form-encoded (%20 or '+' for a space: servers echo either), and in the Basic header.
    const QString encoded = QString::fromLatin1(formEncode(clientSecret));
    for (const QString& form :
         {clientSecret, encoded, QString(encoded).replace(QStringLiteral("%20"), QStringLiteral("+")),
          QString::fromLatin1(basic)})
        text.replace(form, QStringLiteral("***"));
    return text;
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

} // namespace tokencache
