#include "core/oauth/TokenClient.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/config/SecretPrefetch.h"
#include "core/oauth/ProviderMetadata.h"
#include "core/oauth/RetryPolicy.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace tokencache {

namespace {

Error providerError(const TokenRequest& request, const QString& what)
{
    return Error::provider(QStringLiteral("Provider %1: %2").arg(request.profile.name, what));
}

constexpr qsizetype kMaxMessage = 200; ///< a provider's message is cut here

/** Provider text as messages show it: secrets masked, on one line, control characters escaped, cut
 *  at @p max. Masked before it is cut, so a secret at the cut is never shown in part. */
QString shownText(const TokenRequest& request, const QString& text, qsizetype max)
{
    const QString shown = Escape::text(request.withoutSecrets(text).simplified());
    return shown.size() > max ? shown.left(max) + QStringLiteral("...") : shown;
}

// RFC 6749 5.2: {"error": "...", "error_description": "..."}; also seen with HTTP 200.
QString oauthError(const QJsonObject& json)
{
    const QString error = json.value(QStringLiteral("error")).toString();
    if (error.isEmpty())
        return {};
    const QString description = json.value(QStringLiteral("error_description")).toString();
    return description.isEmpty() ? error : error + QStringLiteral(": ") + description;
}

// The shapes APIs that are not RFC 6749 answer errors in: {"message": ...}, {"error": {"message": ...}},
// {"errors": [{"message": ...} or "..."]}, RFC 9457's {"title": ..., "detail": ...}.
QString otherError(const QJsonValue& value, int depth = 0)
{
    if (value.isString())
        return value.toString();
    const QJsonObject json = value.toObject();
    if (json.isEmpty() || depth > 2)
        return {};
    for (const char* name : {"message", "error_message", "detail", "description", "title", "error"}) {
        const QJsonValue member = json.value(QLatin1String(name));
        if (member.isString() && !member.toString().isEmpty())
            return member.toString();
    }
    if (json.value(QStringLiteral("error")).isObject())
        return otherError(json.value(QStringLiteral("error")), depth + 1);
    QStringList messages;
    for (const QJsonValue& error : json.value(QStringLiteral("errors")).toArray()) {
        if (const QString message = otherError(error, depth + 1); !message.isEmpty())
            messages.append(message);
    }
    return messages.join(QStringLiteral("; "));
}

struct ProviderMessage
{
    QString text;       ///< ready to show: secrets masked, control characters escaped, cut
    bool oauth = false; ///< an RFC 6749 error, which counts even with HTTP 200
};

/** What the provider says went wrong, if it says so in JSON, or in plain text. */
ProviderMessage providerMessage(const TokenRequest& request, const QByteArray& body,
                                const QByteArray& contentType)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    ProviderMessage message;
    if (parseError.error == QJsonParseError::NoError) {
        message.text = oauthError(document.object());
        message.oauth = !message.text.isEmpty();
        if (!message.oauth)
            message.text =
                otherError(document.isObject() ? QJsonValue(document.object()) : document.array().at(0));
    } else if (contentType.trimmed().toLower().startsWith("text/plain")) {
        message.text = QString::fromUtf8(body);
    }
    message.text = shownText(request, message.text, kMaxMessage);
    return message;
}

QString bodySnippet(const TokenRequest& request, const QByteArray& body)
{
    const QString text = shownText(request, QString::fromUtf8(body), 120);
    return text.isEmpty() ? QStringLiteral("empty body") : QStringLiteral("body: ") + text;
}

} // namespace

TokenClient::TokenClient(QObject* parent) : QObject(parent) {}

TokenClient::~TokenClient() = default;

QNetworkAccessManager& TokenClient::network()
{
    if (!m_network)
        m_network = std::make_unique<QNetworkAccessManager>();
    return *m_network;
}

void TokenClient::fetch(const TokenRequest& request, QObject* context, Handler handler)
{
    fetchBody(request, context, [request, handler = std::move(handler)](const Result<QByteArray>& body) {
        handler(body ? response(request, *body) : Result<TokenResponse>(body.error()));
    });
}

void TokenClient::fetchBody(const TokenRequest& request, QObject* context, BodyHandler handler)
{
    resolveAndPost(request, context, std::move(handler));
}

void TokenClient::introspect(const ProviderProfile& profile, const QByteArray& token, QObject* context,
                             std::function<void(const Result<QJsonObject>&)> handler)
{
    call(profile, TokenRequest::Purpose::Introspection, token, context,
         [name = profile.name, handler](const Result<QByteArray>& body) {
             if (!body)
                 return handler(body.error());
             const QJsonDocument document = QJsonDocument::fromJson(*body);
             // RFC 7662 2.2: "active" is required and a boolean; anything else is no answer.
             if (!document.object().value(QStringLiteral("active")).isBool())
                 return handler(Error::provider(
                     QStringLiteral("Provider %1: the introspection answer has no boolean \"active\"")
                         .arg(name)));
             handler(document.object());
         });
}

void TokenClient::revoke(const ProviderProfile& profile, const QByteArray& token, QObject* context,
                         std::function<void(const Result<Done>&)> handler)
{
    call(profile, TokenRequest::Purpose::Revocation, token, context,
         [handler](const Result<QByteArray>& body) {
             handler(body ? Result<Done>(Done{}) : Result<Done>(body.error()));
         });
}

void TokenClient::call(const ProviderProfile& profile, TokenRequest::Purpose purpose, const QByteArray& token,
                       QObject* context, BodyHandler handler)
{
    QPointer<QObject> guard(context);
    SecretPrefetch::run(TokenRequest::secretReferences(profile), this,
                        [this, profile, purpose, token, guard, handler] {
                            auto request = TokenRequest::fromProfile(profile, purpose, token);
                            if (!request)
                                return handler(request.error());
                            resolveAndPost(*request, guard, handler);
                        });
}

void TokenClient::resolveAndPost(const TokenRequest& request, QPointer<QObject> context, BodyHandler handler)
{
    if (!request.endpoint.isEmpty())
        return attempt(request, 1, context, std::move(handler));
    const ProviderProfile& profile = request.profile;
    if (profile.issuer.isEmpty())
        return handler(
            Error::config(QStringLiteral("profile \"%1\" has no issuer, whose metadata names the %2 "
                                         "endpoint: set one with `profiles edit %1 --issuer URL`")
                              .arg(profile.name, request.purposeName())));
    // One per resolution: the profile's own CAs apply to its issuer only. The documents it reads are
    // shared through the disk cache.
    auto* metadata =
        new ProviderMetadataClient(ProviderMetadataClient::defaultCacheDirectory(), Clock::system(), this);
    metadata->setTimeoutMs(profile.requestTimeoutMs);
    metadata->setExtraCaCertificates(request.auth.extraAuthorities());
    metadata->discover(
        profile.issuer, metadata,
        [this, metadata, request, context, handler](const Result<ProviderMetadata>& found) {
            metadata->deleteLater();
            if (!context)
                return;
            if (!found)
                return handler(providerError(request, found.error().message));
            // RFC 8705 5: a client with a certificate uses the endpoints' mTLS aliases where there are any.
            const auto endpoint = [&](const QString& plain, const QString& name) {
                const QString alias = found->mtlsEndpointAliases.value(name).toString();
                return request.profile.usesMutualTls() && !alias.isEmpty() ? alias : plain;
            };
            TokenRequest resolved = request;
            if (resolved.tokenEndpoint.isEmpty())
                resolved.tokenEndpoint = endpoint(found->tokenEndpoint, QStringLiteral("token_endpoint"));
            const QString name = request.purpose == TokenRequest::Purpose::Token
                                     ? QStringLiteral("token_endpoint")
                                 : request.purpose == TokenRequest::Purpose::Introspection
                                     ? QStringLiteral("introspection_endpoint")
                                     : QStringLiteral("revocation_endpoint");
            resolved.endpoint = request.purpose == TokenRequest::Purpose::Token ? resolved.tokenEndpoint
                                : request.purpose == TokenRequest::Purpose::Introspection
                                    ? endpoint(found->introspectionEndpoint, name)
                                    : endpoint(found->revocationEndpoint, name);
            if (resolved.endpoint.isEmpty())
                return handler(providerError(
                    request, QStringLiteral("issuer %1 publishes no %2").arg(request.profile.issuer, name)));
            if (const QString problem = request.profile.insecureUrlProblem(resolved.endpoint);
                !problem.isEmpty())
                return handler(Error::config(problem));
            attempt(resolved, 1, context, handler);
        });
}

Result<TokenResponse> TokenClient::response(const TokenRequest& request, const QByteArray& body)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto response = TokenResponse::parse(body, request.profile.response, now);
    if (!response) {
        // A 2xx answer without a token may still say why, in a shape of its own.
        const QString said = providerMessage(request, body, {}).text;
        return providerError(
            request, said.isEmpty()
                         ? response.error().message
                         : QStringLiteral("%1; the provider says: %2").arg(response.error().message, said));
    }
    // A lifetime the profile maps to a field of its own must be there: its absence means a wrong
    // pointer, not a provider that sends no lifetime (RFC 6749's expires_in is only recommended).
    const ResponseMapping& mapping = request.profile.response;
    const bool ownExpiryFields =
        (!mapping.expiresField.isEmpty() && mapping.expiresField != ResponseMapping().expiresField) ||
        !mapping.expiresAtField.isEmpty();
    if (response->expiryAbsent && ownExpiryFields)
        return providerError(request,
                             QStringLiteral("response has no lifetime: %1").arg(response->expiresInProblem));
    if (response->expiresAt && !response->lifetimeAt(now))
        return providerError(request,
                             QStringLiteral("the response's expiry time %1 has passed: the token is expired "
                                            "(or this machine's clock is wrong)")
                                 .arg(response->expiresAt->toString(Qt::ISODate)));
    return response;
}

void TokenClient::attempt(const TokenRequest& request, int number, QPointer<QObject> context,
                          BodyHandler handler)
{
    QNetworkReply* reply = network().post(request.networkRequest(), request.body());
    // Qt's HTTP thread stops reading the socket once this much waits unread: a fast endless body
    // cannot queue up gigabytes before readyRead reaches the check below.
    reply->setReadBufferSize(kMaxResponseBytes + 1);
    auto stop = std::make_shared<Stop>(Stop::None);
    const auto abortFor = [reply, stop](Stop why) {
        if (*stop == Stop::None)
            *stop = why;
        reply->abort();
    };
    // Checked as bytes arrive, also for chunked bodies that announce no length.
    connect(reply, &QNetworkReply::metaDataChanged, reply, [reply, abortFor] {
        if (reply->header(QNetworkRequest::ContentLengthHeader).toLongLong() > kMaxResponseBytes)
            abortFor(Stop::TooLarge);
    });
    // Read as it arrives: left in Qt's buffer, a body of 64 KiB chunks could fill it to exactly the
    // limit, where Qt stops reading and the attempt would end in its timeout instead.
    auto body = std::make_shared<QByteArray>();
    connect(reply, &QNetworkReply::readyRead, reply, [reply, body, abortFor] {
        *body += reply->read(kMaxResponseBytes + 1 - body->size());
        if (body->size() > kMaxResponseBytes)
            abortFor(Stop::TooLarge);
    });
    // One deadline for the whole attempt: a body trickling in a byte at a time never resets it.
    const qint64 timeoutMs =
        request.deadline.isForever()
            ? request.profile.requestTimeoutMs
            : qBound(qint64(0), request.deadline.remainingTime(), qint64(request.profile.requestTimeoutMs));
    QTimer::singleShot(timeoutMs, reply, [abortFor] { abortFor(Stop::TimedOut); });
    connect(reply, &QNetworkReply::finished, this,
            [this, request, number, reply, body, stop, context, handler] {
                reply->deleteLater();
                Outcome outcome = interpret(request, *reply, *body + reply->readAll(), *stop);
                if (!context)
                    return;
                const qint64 delay = RetryPolicy::delayMs(number + 1, outcome.retryAfter);
                const bool inTime = request.deadline.isForever() || request.deadline.remainingTime() > delay;
                if (outcome.retryable && number < request.profile.maxAttempts && inTime) {
                    QTimer::singleShot(delay, this, [this, request, number, context, handler] {
                        attempt(request, number + 1, context, handler);
                    });
                    return;
                }
                if (!outcome.result && number > 1)
                    outcome.result =
                        Error::provider(QStringLiteral("%1 (after %2 attempts)")
                                            .arg(outcome.result.error().message, QString::number(number)));
                handler(outcome.result);
            });
}

TokenClient::Outcome TokenClient::interpret(const TokenRequest& request, QNetworkReply& reply,
                                            const QByteArray& body, Stop stop)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString url = Humanize::urlWithoutCredentials(request.endpoint);
    if (stop == Stop::TooLarge)
        return {providerError(
            request, QStringLiteral("response larger than %1 bytes refused").arg(kMaxResponseBytes))};
    if (stop == Stop::TimedOut || reply.error() == QNetworkReply::TimeoutError)
        return {
            providerError(request, QStringLiteral("no complete response from %1 within %2 s")
                                       .arg(url, QString::number(request.profile.requestTimeoutMs / 1000.0))),
            true};
    if (status == 0)
        return {providerError(request, QStringLiteral("cannot reach %1: %2")
                                           .arg(url, request.withoutSecrets(reply.errorString()))),
                true};
    if (status >= 300 && status < 400) {
        const QString location =
            Humanize::urlWithoutCredentials(QString::fromUtf8(reply.rawHeader("Location")));
        return {providerError(
            request, QStringLiteral("HTTP %1 from %2 redirects to %3; tokencache never follows a "
                                    "token endpoint's redirect (the credentials would go with "
                                    "it): update the token URL")
                         .arg(status)
                         .arg(url, location.isEmpty() ? QStringLiteral("nowhere") : Escape::text(location)))};
    }
    const QByteArray encoding = reply.rawHeader("Content-Encoding").trimmed().toLower();
    if (!encoding.isEmpty() && encoding != "identity")
        return {providerError(request,
                              QStringLiteral("HTTP %1 from %2 is %3-encoded although tokencache asked for "
                                             "identity; compressed responses are refused")
                                  .arg(status)
                                  .arg(url, Escape::text(QString::fromLatin1(encoding.left(20)))))};
    const QByteArray retryAfter = reply.rawHeader("Retry-After");
    const bool retryable = RetryPolicy::isRetryable(status);
    const bool success = status >= 200 && status < 300;
    const ProviderMessage message = providerMessage(request, body, reply.rawHeader("Content-Type"));
    // RFC 6749 errors count even with HTTP 200; other shapes only with an error status.
    if (!message.text.isEmpty() && (message.oauth || !success))
        return {
            providerError(request, QStringLiteral("%1 (HTTP %2)").arg(message.text, QString::number(status))),
            retryable, retryAfter};
    if (!success) {
        const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return {providerError(request, QStringLiteral("HTTP %1 %2 from %3 (%4)")
                                           .arg(status)
                                           .arg(Escape::text(reason), url, bodySnippet(request, body))),
                retryable, retryAfter};
    }
    return {body};
}

} // namespace tokencache
