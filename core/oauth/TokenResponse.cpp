#include "core/oauth/TokenResponse.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tokencache {

namespace {

constexpr double kMaxLifetimeSeconds = 10.0 * 365.25 * 86400; ///< a longer lifetime is a provider's bug

// Providers send expires_in as a number or, against the RFC but commonly, as a numeric string.
// Absent, zero or negative means "not cached"; a lifetime no token has is the provider's error.
Result<Done> readExpiresIn(const QJsonValue& value, TokenResponse& response)
{
    double seconds = 0;
    if (value.isUndefined() || value.isNull()) {
        response.expiresInProblem = QStringLiteral("expires_in is absent");
        return Done{};
    }
    if (value.isDouble()) {
        seconds = value.toDouble();
    } else if (value.isString()) {
        bool ok = false;
        seconds = value.toString().trimmed().toDouble(&ok);
        if (!ok) {
            response.expiresInProblem = QStringLiteral("expires_in is not a number (\"%1\")")
                                            .arg(Escape::text(value.toString().left(40)));
            return Done{};
        }
    } else {
        response.expiresInProblem = QStringLiteral("expires_in is not a number");
        return Done{};
    }
    if (!(std::isfinite(seconds) && seconds <= kMaxLifetimeSeconds))
        return Error::provider(
            QStringLiteral("expires_in is %1, more than ten years: not a token lifetime").arg(seconds));
    if (seconds == 0) {
        response.expiresInProblem = QStringLiteral("expires_in is 0");
        return Done{};
    }
    if (seconds < 0) {
        response.expiresInProblem = QStringLiteral("expires_in is negative (%1)").arg(seconds);
        return Done{};
    }
    response.expiresIn = qint64(std::floor(seconds));
    if (*response.expiresIn == 0) {
        response.expiresIn.reset();
        response.expiresInProblem = QStringLiteral("expires_in is under one second (%1)").arg(seconds);
    }
    return Done{};
}

// A token goes into headers and command lines: a CR, LF, escape sequence or invisible character in it
// would inject or hide there. RFC 6749 access tokens are visible ASCII (VSCHAR); the space is refused too.
bool isPrintableToken(const QString& token)
{
    return std::all_of(token.cbegin(), token.cend(),
                       [](QChar c) { return c.unicode() > 0x20 && c.unicode() < 0x7f; });
}

} // namespace

QString TokenResponse::authorization() const
{
    // The type is the provider's text: an HTTP auth scheme (RFC 7235 token) or it is not used.
    static const QRegularExpression scheme(QStringLiteral("^[A-Za-z0-9!#$%&'*+.^_`|~-]{1,32}$"));
    const bool usableType = scheme.match(tokenType).hasMatch();
    return (usableType ? tokenType : QStringLiteral("Bearer")) + QLatin1Char(' ') + accessToken;
}

QString TokenResponse::authorizationHeader() const
{
    return QStringLiteral("Authorization: ") + authorization();
}

QString TokenResponse::curlCommand(const QString& url) const
{
    return QStringLiteral("curl -H %1 %2")
        .arg(Escape::shellArgument(authorizationHeader()), Escape::shellArgument(url));
}

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
    if (!isPrintableToken(response.accessToken))
        return Error::provider(
            QStringLiteral("access_token contains control characters, whitespace or non-ASCII characters"));
    response.tokenType = response.json.value(QStringLiteral("token_type")).toString();
    response.scope = response.json.value(QStringLiteral("scope")).toString();
    if (auto lifetime = readExpiresIn(response.json.value(QStringLiteral("expires_in")), response); !lifetime)
        return lifetime.error();
    return response;
}

} // namespace tokencache
