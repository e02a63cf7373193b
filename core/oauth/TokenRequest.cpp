#include "core/oauth/TokenRequest.h"

#include "core/config/HeaderValue.h"
#include "core/config/SecretRef.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

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

// Every form a secret travels in: as is, form-encoded (%20 or '+' for a space: servers echo
// either), and JSON-escaped. Secrets under four characters protect nothing and would garble messages.
QString withoutSecret(QString text, const QString& secret)
{
    if (secret.size() < 4)
        return text;
    const QString encoded = QString::fromLatin1(formEncode(secret));
    const QByteArray quoted = QJsonDocument(QJsonArray{secret}).toJson(QJsonDocument::Compact);
    for (const QString& form :
         {secret, encoded, QString(encoded).replace(QStringLiteral("%20"), QStringLiteral("+")),
          QString::fromUtf8(quoted.mid(2, quoted.size() - 4))})
        text.replace(form, QStringLiteral("***"));
    return text;
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
    // A file may hold a secret unset (an import of an export that left it out): said as such.
    for (const ProviderProfile::Problem& problem : profile.problems()) {
        if (problem.secretUnset)
            return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, problem.message));
    }
    auto secret = SecretRef::resolve(profile.clientSecretRef);
    if (!secret)
        return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, secret.error().message));
    TokenRequest request{profile, *secret, {}};
    for (auto it = profile.headers.cbegin(); it != profile.headers.cend(); ++it) {
        auto header = HeaderValue::parse(it.value());
        auto value = header ? header->resolve() : Result<QString>(header.error());
        if (!value)
            return Error::config(QStringLiteral("profile \"%1\": header %2: %3")
                                     .arg(profile.name, it.key(), value.error().message));
        request.headers.append({it.key().toLatin1(), *value, header->isSecret()});
    }
    return request;
}

QStringList TokenRequest::secretReferences(const ProviderProfile& profile)
{
    return QStringList{profile.clientSecretRef} + profile.headers.values();
}

QNetworkRequest TokenRequest::networkRequest() const
{
    QNetworkRequest request{QUrl(profile.tokenUrl)};
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      profile.requestFormat == ProviderProfile::RequestFormat::Json
                          ? QByteArrayLiteral("application/json")
                          : QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    // After the defaults: a profile's Accept replaces tokencache's (validation keeps the others apart).
    for (const Header& header : headers)
        request.setRawHeader(header.name, header.value.toLatin1());
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
    for (const Header& header : headers) {
        if (header.secret)
            text = withoutSecret(text, header.value);
    }
    // Masking a one-letter "secret" would garble every message; secrets that short protect nothing.
    if (clientSecret.size() < 4)
        return text;
    const QByteArray basic = (formEncode(profile.clientId) + ':' + formEncode(clientSecret)).toBase64();
    return withoutSecret(text, clientSecret).replace(QString::fromLatin1(basic), QStringLiteral("***"));
}

QList<QPair<QString, QString>> TokenRequest::fields() const
{
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    if (profile.authMethod == ProviderProfile::AuthMethod::ClientSecretPost) {
        fields.append({QStringLiteral("client_id"), profile.clientId});
        fields.append({QStringLiteral("client_secret"), clientSecret});
    }
    if (!profile.scopes.isEmpty())
        fields.append({QStringLiteral("scope"), profile.scopes.join(QLatin1Char(' '))});
    if (!profile.audience.isEmpty())
        fields.append({QStringLiteral("audience"), profile.audience});
    if (!profile.resource.isEmpty())
        fields.append({QStringLiteral("resource"), profile.resource});
    for (auto it = profile.extraParameters.cbegin(); it != profile.extraParameters.cend(); ++it)
        fields.append({it.key(), it.value()});
    return fields;
}

QByteArray TokenRequest::body() const
{
    if (profile.requestFormat == ProviderProfile::RequestFormat::Json) {
        QJsonObject json;
        for (const auto& [name, value] : fields())
            json.insert(name, value);
        return QJsonDocument(json).toJson(QJsonDocument::Compact);
    }
    QByteArray body;
    for (const auto& [name, value] : fields())
        appendField(body, name, value);
    return body;
}

} // namespace tokencache
