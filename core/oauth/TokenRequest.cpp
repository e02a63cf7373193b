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

void appendField(QByteArray& body, const QString& name, const QString& value)
{
    if (!body.isEmpty())
        body += '&';
    body += formEncode(name) + '=' + formEncode(value);
}

} // namespace

Result<TokenRequest> TokenRequest::fromProfile(const ProviderProfile& profile, Purpose purpose,
                                               const QByteArray& subjectToken)
{
    if (const QString problem = profile.insecureUrlProblem(); !problem.isEmpty())
        return Error::config(problem);
    // A file may hold a secret unset (an import of an export that left it out): said as such.
    for (const ProviderProfile::Problem& problem : profile.problems()) {
        if (problem.secretUnset)
            return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, problem.message));
    }
    auto auth = ClientAuthentication::fromProfile(profile);
    if (!auth)
        return auth.error();
    TokenRequest request{profile, *auth, {}, purpose, subjectToken};
    if (purpose == Purpose::Token)
        request.endpoint = profile.tokenUrl;
    request.tokenEndpoint = profile.tokenUrl;
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
    return ClientAuthentication::secretReferences(profile) + profile.headers.values();
}

QString TokenRequest::purposeName() const
{
    switch (purpose) {
    case Purpose::Introspection:
        return QStringLiteral("introspection");
    case Purpose::Revocation:
        return QStringLiteral("revocation");
    case Purpose::Token:
        break;
    }
    return QStringLiteral("token request");
}

QString TokenRequest::assertionAudience() const
{
    if (profile.assertionAudience == QLatin1String("issuer"))
        return profile.issuer;
    if (profile.assertionAudience.isEmpty() || profile.assertionAudience == QLatin1String("token-endpoint"))
        return tokenEndpoint;
    return profile.assertionAudience;
}

QNetworkRequest TokenRequest::networkRequest() const
{
    QNetworkRequest request{QUrl(endpoint)};
    const bool json =
        purpose == Purpose::Token && profile.requestFormat == ProviderProfile::RequestFormat::Json;
    request.setHeader(QNetworkRequest::ContentTypeHeader,
                      json ? QByteArrayLiteral("application/json")
                           : QByteArrayLiteral("application/x-www-form-urlencoded"));
    request.setRawHeader("Accept", "application/json");
    // After the defaults: a profile's Accept replaces tokencache's (validation keeps the others apart).
    for (const Header& header : headers)
        request.setRawHeader(header.name, header.value.toLatin1());
    // Compressed bodies are refused, not inflated: a small gzip bomb would bypass the size limit.
    request.setRawHeader("Accept-Encoding", "identity");
    // A redirect would carry the credentials to wherever Location points: never followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    auth.apply(request);
    return request;
}

QString TokenRequest::withoutSecrets(QString text) const
{
    // Echoed form fields or JSON members, whatever their value: client_secret=..., "client_assertion": "..."
    static const QRegularExpression echoed(
        QStringLiteral(R"((client_secret|client_assertion|token)(["']?\s*[=:]\s*["']?)[^&"'\s,}]+)"));
    text.replace(echoed, QStringLiteral("\\1\\2***"));
    for (const Header& header : headers) {
        if (header.secret)
            text = ClientAuthentication::masked(text, header.value);
    }
    if (!subjectToken.isEmpty())
        text = ClientAuthentication::masked(text, QString::fromLatin1(subjectToken));
    return auth.withoutSecrets(text);
}

QList<QPair<QString, QString>> TokenRequest::fields() const
{
    if (purpose != Purpose::Token) {
        // RFC 7662 2.1, RFC 7009 2.1: the token and a hint at its type, then the client's credentials.
        return QList<QPair<QString, QString>>{
                   {QStringLiteral("token"), QString::fromLatin1(subjectToken)},
                   {QStringLiteral("token_type_hint"), QStringLiteral("access_token")}} +
               auth.fields(assertionAudience());
    }
    QList<QPair<QString, QString>> fields{
        {QStringLiteral("grant_type"), QStringLiteral("client_credentials")}};
    fields += auth.fields(assertionAudience());
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
    if (purpose == Purpose::Token && profile.requestFormat == ProviderProfile::RequestFormat::Json) {
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
