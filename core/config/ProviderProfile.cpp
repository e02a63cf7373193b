#include "core/config/ProviderProfile.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/config/HeaderValue.h"
#include "core/config/SecretRef.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QJsonDocument>

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>
#include <QUrl>

#include <cmath>
#include <limits>

namespace tokencache {

namespace {
const QString kBasic = QStringLiteral("client_secret_basic");
const QString kPost = QStringLiteral("client_secret_post");
const QString kForm = QStringLiteral("form");
const QString kJson = QStringLiteral("json");

// RFC 9110 token: what a header name may be.
bool isHeaderName(const QString& name)
{
    static const QRegularExpression token(QStringLiteral("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"));
    return token.match(name).hasMatch();
}

} // namespace

QString ProviderProfile::requestFormatName(RequestFormat format)
{
    return format == RequestFormat::Json ? kJson : kForm;
}

Result<ProviderProfile::RequestFormat> ProviderProfile::requestFormatFromName(const QString& name)
{
    if (name == kForm)
        return RequestFormat::Form;
    if (name == kJson)
        return RequestFormat::Json;
    return Error::config(QStringLiteral("unknown request format \"%1\"; expected form or json").arg(name));
}

bool ProviderProfile::needsFormatVersion2() const
{
    return requestFormat != RequestFormat::Form || !headers.isEmpty() || !response.isStandard();
}

QStringList ProviderProfile::ownership(const QList<ProviderProfile>& profiles)
{
    QStringList said;
    for (const ProviderProfile& profile : profiles)
        said << profile.name << profile.cacheKey() << QString::number(profile.refreshMarginSeconds);
    return said;
}

const ProviderProfile* ProviderProfile::owning(const QList<ProviderProfile>& profiles, const QString& key)
{
    for (const ProviderProfile& candidate : profiles) {
        if (candidate.cacheKey() == key)
            return &candidate;
    }
    return nullptr;
}

bool ProviderProfile::needsFormatVersion5() const
{
    return (authMethod != AuthMethod::ClientSecretBasic && authMethod != AuthMethod::ClientSecretPost) ||
           tokenUrl.isEmpty() || !providerCa.isEmpty();
}

bool ProviderProfile::usesClientSecret() const
{
    return authMethod == AuthMethod::ClientSecretBasic || authMethod == AuthMethod::ClientSecretPost ||
           authMethod == AuthMethod::ClientSecretJwt;
}

bool ProviderProfile::usesMutualTls() const
{
    return authMethod == AuthMethod::TlsClientAuth || authMethod == AuthMethod::SelfSignedTlsClientAuth;
}

namespace {

// RFC 8414's names for the methods (token_endpoint_auth_methods_supported), as configs store them.
const QList<QPair<ProviderProfile::AuthMethod, QString>>& authMethodNames()
{
    using Method = ProviderProfile::AuthMethod;
    static const QList<QPair<Method, QString>> names{
        {Method::ClientSecretBasic, kBasic},
        {Method::ClientSecretPost, kPost},
        {Method::PrivateKeyJwt, QStringLiteral("private_key_jwt")},
        {Method::ClientSecretJwt, QStringLiteral("client_secret_jwt")},
        {Method::TlsClientAuth, QStringLiteral("tls_client_auth")},
        {Method::SelfSignedTlsClientAuth, QStringLiteral("self_signed_tls_client_auth")}};
    return names;
}

} // namespace

QString ProviderProfile::authMethodName(AuthMethod method)
{
    for (const auto& [known, name] : authMethodNames()) {
        if (known == method)
            return name;
    }
    return kBasic;
}

Result<ProviderProfile::AuthMethod> ProviderProfile::authMethodFromName(const QString& name)
{
    if (name == QLatin1String("basic"))
        return AuthMethod::ClientSecretBasic;
    if (name == QLatin1String("post"))
        return AuthMethod::ClientSecretPost;
    QStringList expected;
    for (const auto& [method, known] : authMethodNames()) {
        if (known == name)
            return method;
        expected.append(known);
    }
    return Error::config(QStringLiteral("unknown client authentication method \"%1\"; expected %2")
                             .arg(Escape::text(name), expected.join(QStringLiteral(", "))));
}

namespace {

// The members fromJson() reads; the others are kept as they are.
QStringList knownMembers()
{
    QStringList known{QStringLiteral("name"),
                      QStringLiteral("tokenUrl"),
                      QStringLiteral("clientId"),
                      QStringLiteral("clientSecret"),
                      QStringLiteral("authMethod"),
                      QStringLiteral("requestTimeoutMs"),
                      QStringLiteral("maxAttempts"),
                      QStringLiteral("refreshMarginSeconds"),
                      QStringLiteral("scopes"),
                      QStringLiteral("audience"),
                      QStringLiteral("issuer"),
                      QStringLiteral("privateKey"),
                      QStringLiteral("keyId"),
                      QStringLiteral("signingAlg"),
                      QStringLiteral("assertionAudience"),
                      QStringLiteral("providerCert"),
                      QStringLiteral("providerKey"),
                      QStringLiteral("providerCa"),
                      QStringLiteral("resource"),
                      QStringLiteral("extraParameters"),
                      QStringLiteral("requestFormat"),
                      QStringLiteral("headers"),
                      QStringLiteral("key"),
                      QStringLiteral("defaultTtlSeconds"),
                      QStringLiteral("allowInsecureHttp")};
    for (const ResponseMapping::Pointer& pointer : ResponseMapping::pointers())
        known.append(QLatin1String(pointer.jsonName));
    return known;
}

} // namespace

QJsonObject ProviderProfile::toJson() const
{
    QJsonObject json{
        {QStringLiteral("name"), name},
        {QStringLiteral("tokenUrl"), tokenUrl},
        {QStringLiteral("clientId"), clientId},
        {QStringLiteral("clientSecret"), clientSecretRef},
        {QStringLiteral("authMethod"), authMethodName(authMethod)},
        {QStringLiteral("requestTimeoutMs"), requestTimeoutMs},
        {QStringLiteral("maxAttempts"), maxAttempts},
        {QStringLiteral("refreshMarginSeconds"), refreshMarginSeconds},
    };
    if (!scopes.isEmpty())
        json.insert(QStringLiteral("scopes"), QJsonArray::fromStringList(scopes));
    if (!audience.isEmpty())
        json.insert(QStringLiteral("audience"), audience);
    if (!issuer.isEmpty())
        json.insert(QStringLiteral("issuer"), issuer);
    for (const auto& [member, value] : {std::pair{"privateKey", &privateKeyRef},
                                        {"keyId", &keyId},
                                        {"signingAlg", &signingAlgorithm},
                                        {"assertionAudience", &assertionAudience},
                                        {"providerCert", &providerCert},
                                        {"providerKey", &providerKeyRef},
                                        {"providerCa", &providerCa}}) {
        if (!value->isEmpty())
            json.insert(QLatin1String(member), *value);
    }
    if (!resource.isEmpty())
        json.insert(QStringLiteral("resource"), resource);
    if (!extraParameters.isEmpty()) {
        QJsonObject extra;
        for (auto it = extraParameters.cbegin(); it != extraParameters.cend(); ++it)
            extra.insert(it.key(), it.value());
        json.insert(QStringLiteral("extraParameters"), extra);
    }
    if (requestFormat != RequestFormat::Form)
        json.insert(QStringLiteral("requestFormat"), requestFormatName(requestFormat));
    if (!headers.isEmpty()) {
        QJsonObject headerJson;
        for (auto it = headers.cbegin(); it != headers.cend(); ++it)
            headerJson.insert(it.key(), it.value());
        json.insert(QStringLiteral("headers"), headerJson);
    }
    response.addTo(json);
    if (!key.isEmpty())
        json.insert(QStringLiteral("key"), key);
    if (defaultTtlSeconds > 0)
        json.insert(QStringLiteral("defaultTtlSeconds"), defaultTtlSeconds);
    if (allowInsecureHttp)
        json.insert(QStringLiteral("allowInsecureHttp"), true);
    for (auto it = unknownMembers.constBegin(); it != unknownMembers.constEnd(); ++it)
        json.insert(it.key(), it.value());
    return json;
}

Result<ProviderProfile> ProviderProfile::fromJson(const QJsonObject& json)
{
    ProviderProfile profile;
    profile.name = json.value(QStringLiteral("name")).toString();
    profile.tokenUrl = json.value(QStringLiteral("tokenUrl")).toString();
    profile.clientId = json.value(QStringLiteral("clientId")).toString();
    profile.clientSecretRef = json.value(QStringLiteral("clientSecret")).toString();
    auto method = authMethodFromName(json.value(QStringLiteral("authMethod")).toString(kBasic));
    if (!method)
        return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, method.error().message));
    profile.authMethod = *method;
    const QJsonValue scopes = json.value(QStringLiteral("scopes"));
    if (!scopes.isUndefined() && !scopes.isArray())
        return Error::config(
            QStringLiteral("profile \"%1\": scopes must be a list of strings").arg(profile.name));
    for (const QJsonValue& scope : scopes.toArray()) {
        if (!scope.isString())
            return Error::config(
                QStringLiteral("profile \"%1\": scopes must be a list of strings").arg(profile.name));
        profile.scopes.append(scope.toString());
    }
    profile.audience = json.value(QStringLiteral("audience")).toString();
    profile.issuer = json.value(QStringLiteral("issuer")).toString();
    profile.privateKeyRef = json.value(QStringLiteral("privateKey")).toString();
    profile.keyId = json.value(QStringLiteral("keyId")).toString();
    profile.signingAlgorithm = json.value(QStringLiteral("signingAlg")).toString();
    profile.assertionAudience = json.value(QStringLiteral("assertionAudience")).toString();
    profile.providerCert = json.value(QStringLiteral("providerCert")).toString();
    profile.providerKeyRef = json.value(QStringLiteral("providerKey")).toString();
    profile.providerCa = json.value(QStringLiteral("providerCa")).toString();
    profile.resource = json.value(QStringLiteral("resource")).toString();
    const QJsonObject extra = json.value(QStringLiteral("extraParameters")).toObject();
    for (auto it = extra.constBegin(); it != extra.constEnd(); ++it)
        profile.extraParameters.insert(it.key(), it.value().toString());
    const QJsonValue formatJson = json.value(QStringLiteral("requestFormat"));
    if (!formatJson.isUndefined() && !formatJson.isString())
        return Error::config(
            QStringLiteral("profile \"%1\": requestFormat must be \"form\" or \"json\"").arg(profile.name));
    auto format = requestFormatFromName(formatJson.toString(kForm));
    if (!format)
        return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, format.error().message));
    profile.requestFormat = *format;
    const QJsonValue headers = json.value(QStringLiteral("headers"));
    if (!headers.isUndefined() && !headers.isObject())
        return Error::config(QStringLiteral("profile \"%1\": headers must be an object of names and values")
                                 .arg(profile.name));
    const QJsonObject headerJson = headers.toObject();
    for (auto it = headerJson.constBegin(); it != headerJson.constEnd(); ++it) {
        if (!it.value().isString())
            return Error::config(QStringLiteral("profile \"%1\": header %2 must have a string value")
                                     .arg(profile.name, Escape::text(it.key())));
        profile.headers.insert(it.key(), it.value().toString());
    }
    auto mapping = ResponseMapping::fromJson(json);
    if (!mapping)
        return Error::config(QStringLiteral("profile \"%1\": %2").arg(profile.name, mapping.error().message));
    profile.response = *mapping;
    profile.key = json.value(QStringLiteral("key")).toString();
    // A number that is not a whole int in range becomes -1, which validate() refuses by name.
    const auto number = [&json](const char* field, int fallback) {
        const QJsonValue value = json.value(QLatin1String(field));
        if (value.isUndefined())
            return fallback;
        const double numeric = value.toDouble(-1);
        return numeric >= 0 && numeric <= std::numeric_limits<int>::max() && numeric == std::floor(numeric)
                   ? int(numeric)
                   : -1;
    };
    profile.defaultTtlSeconds = number("defaultTtlSeconds", profile.defaultTtlSeconds);
    profile.requestTimeoutMs = number("requestTimeoutMs", profile.requestTimeoutMs);
    profile.maxAttempts = number("maxAttempts", profile.maxAttempts);
    profile.refreshMarginSeconds = number("refreshMarginSeconds", profile.refreshMarginSeconds);
    profile.allowInsecureHttp = json.value(QStringLiteral("allowInsecureHttp")).toBool(false);
    static const QStringList known = knownMembers();
    profile.unknownMembers = json;
    for (const QString& member : known)
        profile.unknownMembers.remove(member);
    if (const QString problem = profile.validate(UnsetSecrets::Allowed); !problem.isEmpty())
        return Error::config(problem);
    return profile;
}

QList<ProviderProfile::Problem> ProviderProfile::problems() const
{
    QList<Problem> found;
    if (name.trimmed().isEmpty())
        found.append({Field::Name, QStringLiteral("a name is required")});
    else if (Escape::text(name) != name)
        found.append({Field::Name, QStringLiteral("a name must not contain control characters")});
    // Extra fields add to the request; they never replace what the profile sets, nor carry a secret.
    static const QStringList reserved{QStringLiteral("grant_type"),
                                      QStringLiteral("client_id"),
                                      QStringLiteral("client_secret"),
                                      QStringLiteral("client_assertion"),
                                      QStringLiteral("client_assertion_type"),
                                      QStringLiteral("scope"),
                                      QStringLiteral("audience"),
                                      QStringLiteral("resource")};
    for (auto it = extraParameters.cbegin(); it != extraParameters.cend(); ++it) {
        if (reserved.contains(it.key()))
            found.append({Field::Numbers,
                          QStringLiteral("extra field \"%1\" is set by the profile itself; use its own "
                                         "option (a client secret goes in --client-secret)")
                              .arg(it.key())});
    }
    const QUrl url(tokenUrl, QUrl::StrictMode);
    if (discoversTokenUrl())
        ; // the issuer's metadata names it
    else if (tokenUrl.isEmpty())
        found.append({Field::TokenUrl, QStringLiteral("a token URL or an issuer is required")});
    else if (!url.isValid() || url.host().isEmpty() ||
             (url.scheme() != QLatin1String("https") && url.scheme() != QLatin1String("http")))
        found.append({Field::TokenUrl, QStringLiteral("token URL \"%1\" is not an http(s) URL")
                                           .arg(Humanize::urlWithoutCredentials(tokenUrl))});
    if (const QUrl issuerUrl(issuer, QUrl::StrictMode);
        !issuer.isEmpty() &&
        (!issuerUrl.isValid() || issuerUrl.host().isEmpty() ||
         (issuerUrl.scheme() != QLatin1String("https") && issuerUrl.scheme() != QLatin1String("http"))))
        found.append({Field::TokenUrl,
                      QStringLiteral("issuer \"%1\" is not an http(s) URL").arg(Escape::text(issuer))});
    if (clientId.isEmpty())
        found.append({Field::ClientId, QStringLiteral("client id is empty")});
    found += clientAuthProblems();
    found += headerProblems();
    if (const QString problem = response.problem(); !problem.isEmpty())
        found.append({Field::Response, problem});
    if (defaultTtlSeconds < 0 || defaultTtlSeconds > kMaxSeconds)
        found.append({Field::Numbers,
                      QStringLiteral("default TTL must be between 0 and %1 seconds").arg(kMaxSeconds)});
    if (requestTimeoutMs <= 0 || requestTimeoutMs > kMaxTimeoutSeconds * 1000)
        found.append(
            {Field::Numbers,
             QStringLiteral("request timeout must be between 1 ms and %1 s").arg(kMaxTimeoutSeconds)});
    if (maxAttempts < 1 || maxAttempts > kMaxAttempts)
        found.append({Field::Numbers, QStringLiteral("attempts must be between 1 and %1").arg(kMaxAttempts)});
    if (refreshMarginSeconds < 0 || refreshMarginSeconds > kMaxSeconds)
        found.append({Field::Numbers,
                      QStringLiteral("refresh margin must be between 0 and %1 seconds").arg(kMaxSeconds)});
    return found;
}

namespace {

/** Why @p reference, the secret @p what, is unusable; Problem::secretUnset when it is not set. */
void checkSecret(QList<ProviderProfile::Problem>& found, const QString& reference, const QString& what)
{
    if (reference.isEmpty())
        found.append({ProviderProfile::Field::ClientSecret,
                      QStringLiteral("%1 is not set; give a reference: env:NAME, file:/path or keychain:NAME")
                          .arg(what),
                      true});
    else if (const auto secret = SecretRef::parse(reference); secret && !secret->problem().isEmpty())
        found.append(
            {ProviderProfile::Field::ClientSecret, QStringLiteral("%1: %2").arg(what, secret->problem())});
}

} // namespace

QList<ProviderProfile::Problem> ProviderProfile::clientAuthProblems() const
{
    QList<Problem> found;
    if (usesClientSecret())
        checkSecret(found, clientSecretRef, QStringLiteral("client secret"));
    if (authMethod == AuthMethod::PrivateKeyJwt)
        checkSecret(found, privateKeyRef, QStringLiteral("private key (--private-key)"));
    static const QStringList algorithms{
        QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
        QStringLiteral("PS256"), QStringLiteral("PS384"), QStringLiteral("PS512"),
        QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("ES512")};
    if (!signingAlgorithm.isEmpty() && !algorithms.contains(signingAlgorithm))
        found.append({Field::ClientSecret,
                      QStringLiteral("signing algorithm \"%1\" is not one of %2")
                          .arg(Escape::text(signingAlgorithm), algorithms.join(QStringLiteral(", ")))});
    const QUrl audienceUrl(assertionAudience, QUrl::StrictMode);
    if (assertionAudience == QLatin1String("issuer") && issuer.isEmpty())
        found.append({Field::ClientSecret, QStringLiteral("assertion audience \"issuer\" needs an issuer")});
    else if (!assertionAudience.isEmpty() && assertionAudience != QLatin1String("issuer") &&
             assertionAudience != QLatin1String("token-endpoint") &&
             (!audienceUrl.isValid() || audienceUrl.scheme().isEmpty() || audienceUrl.host().isEmpty()))
        found.append({Field::ClientSecret,
                      QStringLiteral("assertion audience \"%1\" is not token-endpoint, issuer or a URL")
                          .arg(Escape::text(assertionAudience))});
    if (usesMutualTls()) {
        if (providerCert.isEmpty())
            found.append(
                {Field::ClientSecret, QStringLiteral("%1 needs a client certificate (--provider-cert FILE)")
                                          .arg(authMethodName(authMethod))});
        checkSecret(found, providerKeyRef, QStringLiteral("client certificate's key (--provider-key)"));
    }
    return found;
}

QList<ProviderProfile::Problem> ProviderProfile::headerProblems() const
{
    // Headers tokencache sets itself, or that would change how the message is framed or sent: the
    // body's type, length and encoding, the transport's, and identity encoding (a compressed answer
    // would bypass the response size limit).
    static const QStringList own{QStringLiteral("content-type"),
                                 QStringLiteral("content-length"),
                                 QStringLiteral("content-encoding"),
                                 QStringLiteral("transfer-encoding"),
                                 QStringLiteral("host"),
                                 QStringLiteral("connection"),
                                 QStringLiteral("keep-alive"),
                                 QStringLiteral("upgrade"),
                                 QStringLiteral("expect"),
                                 QStringLiteral("te"),
                                 QStringLiteral("trailer"),
                                 QStringLiteral("accept-encoding")};
    QList<Problem> found;
    QSet<QString> seen;
    for (auto it = headers.cbegin(); it != headers.cend(); ++it) {
        const QString header = Escape::text(it.key());
        const QString lower = it.key().toLower();
        if (!isHeaderName(it.key()))
            found.append({Field::Request, QStringLiteral("\"%1\" is not a header name").arg(header)});
        else if (own.contains(lower))
            found.append(
                {Field::Request, QStringLiteral("header %1 is set by tokencache itself").arg(header)});
        else if (lower == QLatin1String("authorization") && authMethod == AuthMethod::ClientSecretBasic)
            found.append({Field::Request, QStringLiteral("header Authorization is where client_secret_basic "
                                                         "sends the client id and secret; use --auth post "
                                                         "to send an Authorization header of your own")});
        else if (seen.contains(lower))
            found.append({Field::Request, QStringLiteral("header %1 is given twice").arg(header)});
        seen.insert(lower);
        const auto value = HeaderValue::parse(it.value());
        if (it.value().isEmpty())
            found.append({Field::Request,
                          QStringLiteral("header %1 has no value; give it a secret reference or plain:TEXT")
                              .arg(header),
                          true});
        else if (!value)
            found.append(
                {Field::Request, QStringLiteral("header %1: %2").arg(header, value.error().message)});
        else if (const QString problem = value->problem(); !problem.isEmpty())
            found.append({Field::Request, QStringLiteral("header %1: %2").arg(header, problem)});
    }
    return found;
}

QString ProviderProfile::validate(UnsetSecrets unset) const
{
    QList<Problem> found = problems();
    if (unset == UnsetSecrets::Allowed)
        found.removeIf([](const Problem& problem) { return problem.secretUnset; });
    if (found.isEmpty())
        return {};
    if (name.trimmed().isEmpty())
        return QStringLiteral("a profile has no name");
    return QStringLiteral("profile \"%1\": %2").arg(name, found.first().message);
}

QString ProviderProfile::settingsFingerprint() const
{
    const QByteArray settings = QJsonDocument(toJson()).toJson(QJsonDocument::Compact);
    return QString::fromLatin1(
        QCryptographicHash::hash(settings, QCryptographicHash::Sha256).toHex().left(16));
}

QString ProviderProfile::cacheKey() const
{
    return Escape::canonical(key.isEmpty() ? defaultKey(name) : key);
}

bool ProviderProfile::isLoopback(const QUrl& url)
{
    const QHostAddress address(url.host());
    return url.host() == QLatin1String("localhost") || (!address.isNull() && address.isLoopback());
}

QString ProviderProfile::insecureUrlProblem(const QString& endpoint) const
{
    const QUrl url(endpoint.isEmpty() ? tokenUrl : endpoint);
    if (url.scheme() != QLatin1String("http") || allowInsecureHttp)
        return {};
    if (isLoopback(url))
        return {};
    return QStringLiteral("profile \"%1\": the %2 %3 is plain http to a host that is not loopback: the "
                          "client's credentials would cross the network unencrypted; use https, or allow it "
                          "explicitly with --allow-insecure-http")
        .arg(name, endpoint.isEmpty() ? QStringLiteral("token URL") : QStringLiteral("URL"),
             Humanize::urlWithoutCredentials(url.toString()));
}

qint64 ProviderProfile::effectiveMarginSeconds(qint64 lifetimeSeconds) const
{
    return qMin<qint64>(refreshMarginSeconds, lifetimeSeconds / 4);
}

} // namespace tokencache
