#include "oauth/TokenClient.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>

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

TokenClient::TokenClient(QNetworkAccessManager& network, QObject* parent)
    : QObject(parent), m_network(network)
{}

void TokenClient::fetch(const TokenRequest& request, QObject* context, Handler handler)
{
    QNetworkReply* reply = m_network.post(request.networkRequest(), request.body());
    QPointer<QObject> guard(context);
    connect(reply, &QNetworkReply::finished, this, [request, reply, guard, handler = std::move(handler)] {
        reply->deleteLater();
        const Result<TokenResponse> result = interpret(request, *reply);
        if (guard)
            handler(result);
    });
}

Result<TokenResponse> TokenClient::interpret(const TokenRequest& request, QNetworkReply& reply)
{
    const int status = reply.attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray body = reply.readAll();

    if (status == 0) {
        if (reply.error() == QNetworkReply::OperationCanceledError ||
            reply.error() == QNetworkReply::TimeoutError)
            return providerError(request, QStringLiteral("no response from %1 within %2 s")
                                              .arg(request.profile.tokenUrl)
                                              .arg(request.profile.requestTimeoutMs / 1000.0));
        return providerError(
            request,
            QStringLiteral("cannot reach %1: %2").arg(request.profile.tokenUrl, reply.errorString()));
    }
    if (const QString error = oauthError(body); !error.isEmpty())
        return providerError(request, QStringLiteral("%1 (HTTP %2)").arg(error).arg(status));
    if (status < 200 || status >= 300) {
        const QString reason = reply.attribute(QNetworkRequest::HttpReasonPhraseAttribute).toString();
        return providerError(request, QStringLiteral("HTTP %1 %2 from %3 (%4)")
                                          .arg(status)
                                          .arg(reason, request.profile.tokenUrl, bodySnippet(body)));
    }
    auto response = TokenResponse::parse(body);
    if (!response)
        return providerError(request, response.error().message);
    return response;
}
