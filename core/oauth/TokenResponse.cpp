#include "oauth/TokenResponse.h"

#include "common/Humanize.h"

#include <QJsonDocument>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace {

// Providers send expires_in as a number or, against the RFC but commonly, as a numeric string.
void readExpiresIn(const QJsonValue& value, TokenResponse& response)
{
    double seconds = 0;
    if (value.isUndefined() || value.isNull()) {
        response.expiresInProblem = QStringLiteral("expires_in is absent");
        return;
    }
    if (value.isDouble()) {
        seconds = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        seconds = value.toString().trimmed().toDouble(&ok);
        if (!ok || !std::isfinite(seconds)) {
            response.expiresInProblem =
                QStringLiteral("expires_in is not a number (\"%1\")").arg(value.toString());
            return;
        }
    } else {
        response.expiresInProblem = QStringLiteral("expires_in is not a number");
        return;
    }
    if (seconds == 0) {
        response.expiresInProblem = QStringLiteral("expires_in is 0");
        return;
    }
    if (seconds < 0) {
        response.expiresInProblem = QStringLiteral("expires_in is negative (%1)").arg(seconds);
        return;
    }
    response.expiresIn = qint64(std::floor(seconds));
    if (*response.expiresIn == 0) {
        response.expiresIn.reset();
        response.expiresInProblem = QStringLiteral("expires_in is under one second (%1)").arg(seconds);
    }
}

} // namespace

QJsonObject TokenResponse::maskedJson() const
{
    QJsonObject masked = json;
    for (const QString& field :
         {QStringLiteral("access_token"), QStringLiteral("refresh_token"), QStringLiteral("id_token")}) {
        if (masked.contains(field))
            masked.insert(field, Humanize::masked(masked.value(field).toString()));
    }
    return masked;
}

Result<TokenResponse> TokenResponse::parse(const QByteArray& raw)
{
    if (std::all_of(raw.cbegin(), raw.cend(), [](char c) { return std::isspace(uchar(c)); }))
        return Error::provider(QStringLiteral("response is empty"));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(raw, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::provider(QStringLiteral("response is not JSON (%1 at offset %2)")
                                   .arg(parseError.errorString())
                                   .arg(parseError.offset));
    if (!document.isObject())
        return Error::provider(QStringLiteral("response is JSON but not an object"));

    TokenResponse response;
    response.raw = raw;
    response.json = document.object();
    const QJsonValue accessToken = response.json.value(QStringLiteral("access_token"));
    if (!accessToken.isString() || accessToken.toString().isEmpty())
        return Error::provider(QStringLiteral("response has no access_token"));
    response.accessToken = accessToken.toString();
    response.tokenType = response.json.value(QStringLiteral("token_type")).toString();
    response.scope = response.json.value(QStringLiteral("scope")).toString();
    readExpiresIn(response.json.value(QStringLiteral("expires_in")), response);
    return response;
}
