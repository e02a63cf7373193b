#include "oauth/TokenClient.h"

#include "oauth/RetryPolicy.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QTimer>

#include <memory>

namespace {

Error providerError(const TokenRequest& request, const QString& what)
{
    return Error::provider(QStringLiteral("Provider %1: %2").arg(request.profile.name, what));
}

// RFC 6749 5.2: {"error": "...", "error_description": "..."}; also seen with HTTP 200.
QString oauthError(const QByteArray& body)
{
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QString error = json.value(QStringLiteral("error")).toString();
    if (error.isEmpty())
        return {};
    const QString description = json.value(QStringLiteral("error_description")).toString();
    return description.isEmpty() ? error : error + QStringLiteral(": ") + description;
}

QString bodySnippet(const QByteArray& body)
{
    constexpr qsizetype kMax = 120;
    QString text = QString::fromUtf8(body.left(kMax)).simplified();
    if (body.size() > kMax)
        text += QStringLiteral("...");
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
    auto tooLarge = std::make_shared<bool>(false);
    connect(reply, &QNetworkReply::downloadProgress, reply, [reply, tooLarge](qint64 received, qint64 total) {
        if (received > kMaxResponseBytes || total > kMaxResponseBytes) {
            *tooLarge = true;
            reply->abort();
        }
    });
    connect(
        reply, &QNetworkReply::finished, this, [this, request, number, reply, tooLarge, context, handler] {
            reply->deleteLater();
            Outcome outcome = interpret(request, *reply, *tooLarge);
            if (!context)
                return;
            if (outcome.retryable && number < request.profile.maxAttempts) {
                const qint64 delay = RetryPolicy::delayMs(number + 1, outcome.retryAfter);
                QTimer::singleShot(delay, this, [this, request, number, context, handler] {
                    attempt(request, number + 1, context, handler);
                });
                return;
            }
            if (!outcome.result && number > 1)
                outcome.result = Error::provider(
                    QStringLiteral("%1 (after %2 attempts)").arg(outcome.result.error().message).arg(number));
            handler(outcome.result);
        });
}

TokenClient::Outcome TokenClient::interpret(const TokenRequest& request, QNetworkReply& reply, bool tooLarge)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (tooLarge)
        return {providerError(
            request, QStringLiteral("response larger than %1 bytes refused").arg(kMaxResponseBytes))};
    const QByteArray body = reply.readAll();
    const QByteArray retryAfter = reply.rawHeader("Retry-After");
    const bool retryable = RetryPolicy::isRetryable(status);

    if (status == 0) {
        if (reply.error() == QNetworkReply::OperationCanceledError ||
            reply.error() == QNetworkReply::TimeoutError)
            return {providerError(request, QStringLiteral("no response from %1 within %2 s")
                                               .arg(request.profile.tokenUrl)
                                               .arg(request.profile.requestTimeoutMs / 1000.0)),
                    true};
        return {providerError(
                    request,
                    QStringLiteral("cannot reach %1: %2").arg(request.profile.tokenUrl, reply.errorString())),
                true};
    }
    if (const QString error = oauthError(body); !error.isEmpty())
        return {providerError(request, QStringLiteral("%1 (HTTP %2)").arg(error).arg(status)), retryable,
                retryAfter};
    if (status < 200 || status >= 300) {
        const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return {providerError(request, QStringLiteral("HTTP %1 %2 from %3 (%4)")
                                           .arg(status)
                                           .arg(reason, request.profile.tokenUrl, bodySnippet(body))),
                retryable, retryAfter};
    }
    auto response = TokenResponse::parse(body);
    if (!response)
        return {providerError(request, response.error().message)};
    return {response};
}
