#include "core/oauth/ProviderMetadata.h"

#include "core/common/Escape.h"
#include "core/config/ProviderProfile.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QRegularExpression>
#include <QSaveFile>
#include <QSslConfiguration>
#include <QStandardPaths>
#include <QTimer>
#include <QUrl>

namespace tokencache {

namespace {

/** https, or plain http to this machine only: keys fetched over the network must not be swapped. */
QString urlProblem(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return QStringLiteral("%1 is not a URL").arg(Escape::text(text));
    if (url.scheme() == QLatin1String("https"))
        return {};
    if (url.scheme() == QLatin1String("http") && ProviderProfile::isLoopback(url))
        return {};
    return QStringLiteral("%1 must be https (plain http only to this machine)").arg(Escape::text(text));
}

/** Seconds Cache-Control allows keeping an answer: max-age within bounds, none for no-store. */
qint64 lifetimeSeconds(const QByteArray& cacheControl)
{
    const QString header = QString::fromLatin1(cacheControl).toLower();
    if (header.contains(QLatin1String("no-store")) || header.contains(QLatin1String("no-cache")))
        return 0;
    static const QRegularExpression maxAge(QStringLiteral("max-age\\s*=\\s*(\\d{1,9})\\b"));
    const QRegularExpressionMatch match = maxAge.match(header);
    if (!match.hasMatch())
        return ProviderMetadataClient::kDefaultLifetimeSeconds;
    return qMin(match.captured(1).toLongLong(), ProviderMetadataClient::kMaxLifetimeSeconds);
}

QString text(const QJsonObject& document, const char* member)
{
    return document.value(QLatin1String(member)).toString();
}

} // namespace

Result<ProviderMetadata> ProviderMetadata::fromJson(const QJsonObject& document, const QString& issuer)
{
    ProviderMetadata metadata;
    metadata.issuer = text(document, "issuer");
    // RFC 8414 section 3.3: another issuer's document could point at another issuer's keys.
    if (metadata.issuer != issuer)
        return Error::provider(
            QStringLiteral("issuer %1: its metadata names the issuer \"%2\"; it must be the same")
                .arg(issuer, Escape::text(metadata.issuer)));
    metadata.tokenEndpoint = text(document, "token_endpoint");
    metadata.jwksUri = text(document, "jwks_uri");
    metadata.introspectionEndpoint = text(document, "introspection_endpoint");
    metadata.revocationEndpoint = text(document, "revocation_endpoint");
    metadata.mtlsEndpointAliases = document.value(QStringLiteral("mtls_endpoint_aliases")).toObject();
    for (const QJsonValue& method :
         document.value(QStringLiteral("token_endpoint_auth_methods_supported")).toArray())
        metadata.authMethods.append(method.toString());
    QStringList endpoints{metadata.tokenEndpoint, metadata.jwksUri, metadata.introspectionEndpoint,
                          metadata.revocationEndpoint};
    // RFC 8705 5: the aliases a client with a certificate uses instead; held to the same rule.
    for (const QJsonValue& alias : metadata.mtlsEndpointAliases)
        endpoints.append(alias.toString());
    for (const QString& endpoint : endpoints) {
        if (!endpoint.isEmpty())
            if (const QString problem = urlProblem(endpoint); !problem.isEmpty())
                return Error::provider(QStringLiteral("issuer %1: %2").arg(issuer, problem));
    }
    return metadata;
}

ProviderMetadataClient::ProviderMetadataClient(const QString& cacheDirectory, const Clock& clock,
                                               QObject* parent)
    : QObject(parent), m_cacheDirectory(cacheDirectory), m_clock(clock)
{}

ProviderMetadataClient::~ProviderMetadataClient() = default;

QString ProviderMetadataClient::defaultCacheDirectory()
{
    QString cache = qEnvironmentVariable("XDG_CACHE_HOME");
    if (cache.isEmpty() || QDir::isRelativePath(cache))
        cache = QDir::homePath() + QStringLiteral("/.cache");
    return cache + QStringLiteral("/tokencache");
}

QNetworkAccessManager& ProviderMetadataClient::network()
{
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    return *m_network;
}

void ProviderMetadataClient::discover(const QString& issuer, QObject* context, MetadataHandler handler)
{
    if (const QString problem = urlProblem(issuer); !problem.isEmpty())
        return handler(Error::config(QStringLiteral("issuer %1").arg(problem)));
    QString base = issuer;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QString openId = base + QStringLiteral("/.well-known/openid-configuration");
    // RFC 8414 section 3.1: the well-known part goes between the host and the issuer's path.
    const QUrl parsed(base);
    QUrl rfc8414 = parsed;
    rfc8414.setPath(QStringLiteral("/.well-known/oauth-authorization-server") + parsed.path());
    QPointer<QObject> guard(context);
    const Check check = [issuer](const QJsonObject& found) {
        const auto metadata = ProviderMetadata::fromJson(found, issuer);
        return metadata ? QString() : metadata.error().message;
    };
    const auto answer = [issuer, guard, handler](const Result<QJsonObject>& found) {
        if (guard)
            handler(found ? ProviderMetadata::fromJson(*found, issuer)
                          : Result<ProviderMetadata>(found.error()));
    };
    document(openId, false, check, this, [this, rfc8414, check, answer](const Result<QJsonObject>& found) {
        if (found || found.error().kind != Error::Kind::NotFound)
            return answer(found);
        document(rfc8414.toString(), false, check, this, answer);
    });
}

void ProviderMetadataClient::keySet(const QString& jwksUri, bool fresh, QObject* context,
                                    DocumentHandler handler)
{
    if (const QString problem = urlProblem(jwksUri); !problem.isEmpty())
        return handler(Error::provider(QStringLiteral("jwks_uri %1").arg(problem)));
    const Check check = [jwksUri](const QJsonObject& keys) {
        return keys.value(QStringLiteral("keys")).isArray()
                   ? QString()
                   : QStringLiteral("%1 holds no key set (no \"keys\" list)").arg(jwksUri);
    };
    document(jwksUri, fresh, check, context, [handler, check](const Result<QJsonObject>& keys) {
        if (keys && !check(*keys).isEmpty())
            return handler(Error::provider(check(*keys)));
        handler(keys);
    });
}

void ProviderMetadataClient::verify(const QByteArray& token, const TokenVerifier::Expectations& expected,
                                    QObject* context, ReportHandler handler)
{
    discover(
        expected.issuer, context,
        [this, token, expected, context, handler](const Result<ProviderMetadata>& found) {
            if (!found)
                return handler(found.error());
            if (found->jwksUri.isEmpty())
                return handler(
                    Error::provider(QStringLiteral("issuer %1 publishes no jwks_uri: its keys are unknown")
                                        .arg(expected.issuer)));
            const QString jwksUri = found->jwksUri;
            const auto check = [this, token, expected, jwksUri, context,
                                handler](const Result<QJsonObject>& keys, bool again) {
                if (!keys)
                    return handler(keys.error());
                const auto report = TokenVerifier::verify(token, *keys, expected, m_clock.nowUtc());
                if (!report.unknownKey || !again)
                    return handler(report);
                keySet(jwksUri, true, context,
                       [token, expected, handler, this](const Result<QJsonObject>& fresh) {
                           if (!fresh)
                               return handler(fresh.error());
                           handler(TokenVerifier::verify(token, *fresh, expected, m_clock.nowUtc()));
                       });
            };
            keySet(jwksUri, false, context, [check](const Result<QJsonObject>& keys) { check(keys, true); });
        });
}

QString ProviderMetadataClient::cacheFile(const QString& url) const
{
    const QByteArray digest =
        QCryptographicHash::hash(url.toUtf8(), QCryptographicHash::Sha256).toHex().left(32);
    return m_cacheDirectory + QStringLiteral("/metadata-") + QString::fromLatin1(digest) +
           QStringLiteral(".json");
}

void ProviderMetadataClient::document(const QString& url, bool fresh, const Check& check, QObject* context,
                                      DocumentHandler handler)
{
    QFile cached(cacheFile(url));
    if (!fresh && cached.open(QIODevice::ReadOnly)) {
        const QJsonObject entry = QJsonDocument::fromJson(cached.read(kMaxBytes * 2)).object();
        const qint64 expiresAt = entry.value(QStringLiteral("expiresAtMs")).toInteger();
        if (entry.value(QStringLiteral("url")).toString() == url &&
            expiresAt > m_clock.nowUtc().toMSecsSinceEpoch() &&
            entry.value(QStringLiteral("document")).isObject())
            return handler(entry.value(QStringLiteral("document")).toObject());
    }
    fetch(url, check, context, std::move(handler));
}

void ProviderMetadataClient::fetch(const QString& url, const Check& check, QObject* context,
                                   DocumentHandler handler)
{
    QNetworkRequest request{QUrl(url)};
    // A redirect would take the key set from wherever Location points: never followed.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    request.setRawHeader("Accept", "application/json");
    if (!m_extraAuthorities.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(m_extraAuthorities);
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = network().get(request);
    reply->setReadBufferSize(kMaxBytes + 1);
    auto tooLarge = std::make_shared<bool>(false);
    const auto abortIfTooLarge = [reply, tooLarge](qint64 size) {
        if (size > kMaxBytes) {
            *tooLarge = true;
            reply->abort();
        }
    };
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, abortIfTooLarge] {
        abortIfTooLarge(reply->header(QNetworkRequest::ContentLengthHeader).toLongLong());
    });
    // Read as it arrives, so Qt never stops reading at its buffer's size and the limit is always seen.
    auto body = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::readyRead, reply, [reply, body, abortIfTooLarge] {
        *body += reply->read(kMaxBytes + 1 - body->size());
        abortIfTooLarge(body->size());
    });
    auto timedOut = std::make_shared<bool>(false);
    QTimer::singleShot(m_timeoutMs, reply, [reply, timedOut] {
        *timedOut = true;
        reply->abort();
    });
    QPointer<QObject> guard(context);
    connect(
        reply, &QNetworkReply::finished, this,
        [this, url, check, reply, body, tooLarge, timedOut, guard, handler] {
            reply->deleteLater();
            if (!guard)
                return;
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (*tooLarge)
                return handler(Error::provider(
                    QStringLiteral("%1 answered more than %2 KiB").arg(url).arg(kMaxBytes >> 10)));
            if (*timedOut)
                return handler(Error::provider(
                    QStringLiteral("%1 did not answer within %2 s").arg(url).arg(m_timeoutMs / 1000)));
            if (status >= 300 && status < 400)
                return handler(Error::provider(
                    QStringLiteral("HTTP %1 from %2 redirects to %3; tokencache does not follow it")
                        .arg(status)
                        .arg(url, Escape::text(QString::fromLatin1(reply->rawHeader("Location"))))));
            if (status == 404)
                return handler(Error::notFound(QStringLiteral("HTTP 404 from %1").arg(url)));
            if (status != 200)
                return handler(
                    Error::provider(status > 0 ? QStringLiteral("HTTP %1 from %2").arg(status).arg(url)
                                               : QStringLiteral("%1: %2").arg(url, reply->errorString())));
            QJsonParseError parseError;
            *body += reply->readAll();
            const QJsonDocument parsed = QJsonDocument::fromJson(*body, &parseError);
            if (parseError.error != QJsonParseError::NoError || !parsed.isObject())
                return handler(Error::provider(QStringLiteral("%1 answered no JSON object").arg(url)));
            const qint64 lifetime = lifetimeSeconds(reply->rawHeader("Cache-Control"));
            // Only what is usable is kept: a fixed provider is asked again at once.
            if (lifetime > 0 && check(parsed.object()).isEmpty() && QDir().mkpath(m_cacheDirectory)) {
                QSaveFile kept(cacheFile(url));
                const QJsonObject entry{
                    {QStringLiteral("url"), url},
                    {QStringLiteral("expiresAtMs"), m_clock.nowUtc().toMSecsSinceEpoch() + lifetime * 1000},
                    {QStringLiteral("document"), parsed.object()}};
                if (kept.open(QIODevice::WriteOnly)) { // a cache: a write that fails costs a fetch next time
                    kept.write(QJsonDocument(entry).toJson(QJsonDocument::Compact));
                    kept.commit();
                }
            }
            handler(parsed.object());
        });
}

} // namespace tokencache
