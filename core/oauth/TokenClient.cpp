#include "core/oauth/TokenClient.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/oauth/RetryPolicy.h"

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

// RFC 6749 5.2: {"error": "...", "error_description": "..."}; also seen with HTTP 200.
QString oauthError(const TokenRequest& request, const QByteArray& body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QString error = json.value(QStringLiteral("error")).toString();
    if (error.isEmpty())
        return {};
    const QString description = json.value(QStringLiteral("error_description")).toString();
    return Escape::text(
        request.withoutSecrets(description.isEmpty() ? error : error + QStringLiteral(": ") + description));
}

QString bodySnippet(const TokenRequest& request, const QByteArray& body)
{
    constexpr qsizetype kMax = 120;
    // Masked before it is cut, so a secret at the cut is never shown in part.
    QString text = Escape::text(request.withoutSecrets(QString::fromUtf8(body)).simplified());
    if (text.size() > kMax)
        text = text.left(kMax) + QStringLiteral("...");
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
    attempt(request, 1, context, std::move(handler));
}

void TokenClient::attempt(const TokenRequest& request, int number, QPointer<QObject> context, Handler handler)
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
    connect(reply, &QNetworkReply::readyRead, reply, [reply, abortFor] {
        if (reply->bytesAvailable() > kMaxResponseBytes)
            abortFor(Stop::TooLarge);
    });
    // One deadline for the whole attempt: a body trickling in a byte at a time never resets it.
    const qint64 timeoutMs =
        request.deadline.isForever()
            ? request.profile.requestTimeoutMs
            : qBound(qint64(0), request.deadline.remainingTime(), qint64(request.profile.requestTimeoutMs));
    QTimer::singleShot(timeoutMs, reply, [abortFor] { abortFor(Stop::TimedOut); });
    connect(reply, &QNetworkReply::finished, this, [this, request, number, reply, stop, context, handler] {
        reply->deleteLater();
        Outcome outcome = interpret(request, *reply, *stop);
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

TokenClient::Outcome TokenClient::interpret(const TokenRequest& request, QNetworkReply& reply, Stop stop)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QString url = Humanize::urlWithoutCredentials(request.profile.tokenUrl);
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
    const QByteArray body = reply.readAll();
    const QByteArray retryAfter = reply.rawHeader("Retry-After");
    const bool retryable = RetryPolicy::isRetryable(status);
    if (const QString error = oauthError(request, body); !error.isEmpty())
        return {providerError(request, QStringLiteral("%1 (HTTP %2)").arg(error, QString::number(status))),
                retryable, retryAfter};
    if (status < 200 || status >= 300) {
        const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return {providerError(request, QStringLiteral("HTTP %1 %2 from %3 (%4)")
                                           .arg(status)
                                           .arg(Escape::text(reason), url, bodySnippet(request, body))),
                retryable, retryAfter};
    }
    auto response = TokenResponse::parse(body);
    if (!response)
        return {providerError(request, response.error().message)};
    return {response};
}

} // namespace tokencache
