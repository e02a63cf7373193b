#include "core/oauth/TokenResponse.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/common/JsonPointer.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cctype>
#include <cmath>

namespace tokencache {

namespace {

constexpr double kMaxLifetimeSeconds = 10.0 * 365.25 * 86400; ///< a longer lifetime is a provider's bug
// Larger epoch numbers are milliseconds: 1e11 seconds is the year 5138.
constexpr double kEpochMillisecondsFrom = 1e11;

// Providers send numbers as numbers or, against the RFC but commonly, as numeric strings.
std::optional<double> numberIn(const QJsonValue& value)
{
    if (value.isDouble())
        return value.toDouble();
    bool ok = false;
    const double number = value.toString().trimmed().toDouble(&ok);
    return value.isString() && ok ? std::optional<double>(number) : std::nullopt;
}

// Absent, zero or negative means "not cached"; a lifetime no token has is the provider's error.
Result<Done> readExpiresIn(const QJsonValue& value, const QString& name, TokenResponse& response)
{
    const std::optional<double> seconds = numberIn(value);
    if (!seconds) {
        response.expiresInProblem = value.isString() ? QStringLiteral("%1 is not a number (\"%2\")")
                                                           .arg(name, Escape::text(value.toString().left(40)))
                                                     : QStringLiteral("%1 is not a number").arg(name);
        return Done{};
    }
    if (!(std::isfinite(*seconds) && *seconds <= kMaxLifetimeSeconds))
        return Error::provider(
            QStringLiteral("%1 is %2, more than ten years: not a token lifetime").arg(name).arg(*seconds));
    if (*seconds == 0) {
        response.expiresInProblem = QStringLiteral("%1 is 0").arg(name);
        return Done{};
    }
    if (*seconds < 0) {
        response.expiresInProblem = QStringLiteral("%1 is negative (%2)").arg(name).arg(*seconds);
        return Done{};
    }
    response.expiresIn = qint64(std::floor(*seconds));
    if (*response.expiresIn == 0) {
        response.expiresIn.reset();
        response.expiresInProblem = QStringLiteral("%1 is under one second (%2)").arg(name).arg(*seconds);
    }
    return Done{};
}

// RFC 3339 needs a zone: a time without one would be read in this machine's zone.
std::optional<QDateTime> rfc3339Time(const QString& text)
{
    static const QRegularExpression zoned(QStringLiteral(R"(^\d{4}-\d\d-\d\d[Tt ].*([Zz]|[+-]\d\d:\d\d)$)"));
    if (!zoned.match(text).hasMatch())
        return std::nullopt;
    QString iso = text;
    iso[10] = QLatin1Char('T');
    if (iso.endsWith(QLatin1Char('z')))
        iso.back() = QLatin1Char('Z');
    const QDateTime time = QDateTime::fromString(iso, Qt::ISODateWithMs);
    return time.isValid() ? std::optional<QDateTime>(time.toUTC()) : std::nullopt;
}

// An absolute expiry: epoch seconds, epoch milliseconds (above 10^11), or an RFC 3339 time.
Result<Done> readExpiresAt(const QJsonValue& value, const QString& name, const QDateTime& now,
                           TokenResponse& response)
{
    std::optional<QDateTime> time;
    if (const std::optional<double> number = numberIn(value)) {
        if (std::isfinite(*number) && *number > 0 && *number < 1e15) {
            const double ms = *number > kEpochMillisecondsFrom ? *number : *number * 1000;
            time = QDateTime::fromMSecsSinceEpoch(qint64(ms), Qt::UTC);
        }
    } else if (value.isString()) {
        time = rfc3339Time(value.toString().trimmed());
    }
    if (!time) {
        response.expiresInProblem =
            QStringLiteral("%1 is not a time (expected epoch seconds, epoch milliseconds or an RFC 3339 time "
                           "with a zone)")
                .arg(name);
        return Done{};
    }
    if (now.secsTo(*time) > kMaxLifetimeSeconds)
        return Error::provider(QStringLiteral("%1 is %2, more than ten years away: not a token expiry")
                                   .arg(name, time->toString(Qt::ISODate)));
    response.expiresAt = time;
    response.expiresInProblem.clear();
    return Done{};
}

/** A mapped field's value; when it is absent, @p absence says so with what the response has there. */
QJsonValue mappedValue(const JsonPointer& pointer, const QJsonObject& json, QString& absence)
{
    const Result<QJsonValue> found = pointer.find(json);
    if (found && !found->isNull())
        return *found;
    absence = found ? QStringLiteral("%1 is null").arg(pointer.label())
                    : QStringLiteral("%1 is absent (%2)").arg(pointer.label(), found.error().message);
    return {};
}

// When both are configured and present, the lifetime wins.
Result<Done> readExpiry(const QJsonObject& json, const ResponseMapping& mapping, const QDateTime& now,
                        TokenResponse& response)
{
    QStringList absent;
    if (auto pointer = JsonPointer::parse(mapping.expiresField); pointer && !mapping.expiresField.isEmpty()) {
        QString absence;
        const QJsonValue lifetime = mappedValue(*pointer, json, absence);
        if (absence.isEmpty())
            return readExpiresIn(lifetime, pointer->label(), response);
        absent.append(absence);
    }
    if (auto pointer = JsonPointer::parse(mapping.expiresAtField);
        pointer && !mapping.expiresAtField.isEmpty()) {
        QString absence;
        const QJsonValue at = mappedValue(*pointer, json, absence);
        if (absence.isEmpty())
            return readExpiresAt(at, pointer->label(), now, response);
        absent.append(absence);
    }
    response.expiryAbsent = true;
    response.expiresInProblem = absent.isEmpty()
                                    ? QStringLiteral("the profile maps no lifetime or expiry field")
                                    : absent.join(QStringLiteral("; "));
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

QString TokenResponse::fingerprint() const
{
    const QByteArray digest = QCryptographicHash::hash(accessToken.toUtf8(), QCryptographicHash::Sha256);
    return QStringLiteral("sha256:") + QString::fromLatin1(digest.toHex().left(16));
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

std::optional<qint64> TokenResponse::lifetimeAt(const QDateTime& now) const
{
    if (expiresIn)
        return expiresIn;
    if (expiresAt && now.secsTo(*expiresAt) > 0)
        return now.secsTo(*expiresAt);
    return std::nullopt;
}

namespace {

bool namesAToken(const QString& name)
{
    return name.contains(QLatin1String("token"), Qt::CaseInsensitive) &&
           !name.endsWith(QLatin1String("type"), Qt::CaseInsensitive);
}

QJsonValue maskedTokens(const QJsonValue& value, const QString& name, const QString& accessToken)
{
    if (value.isString())
        return namesAToken(name) || (!accessToken.isEmpty() && value.toString() == accessToken)
                   ? QJsonValue(Humanize::masked(value.toString()))
                   : value;
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = maskedTokens(array.at(i), name, accessToken);
        return array;
    }
    if (value.isObject()) {
        QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            it.value() = maskedTokens(it.value(), it.key(), accessToken);
        return object;
    }
    return value;
}

} // namespace

QJsonObject TokenResponse::maskedJson() const
{
    return masked(json, accessToken);
}

QJsonObject TokenResponse::masked(const QJsonObject& json, const QString& accessToken)
{
    return maskedTokens(json, {}, accessToken).toObject();
}

Result<TokenResponse> TokenResponse::parse(const QByteArray& raw, const ResponseMapping& mapping,
                                           const QDateTime& now)
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
    auto tokenPointer = JsonPointer::parse(mapping.tokenField);
    if (!tokenPointer)
        return Error::config(tokenPointer.error().message);
    const auto accessToken = tokenPointer->find(response.json);
    if (!accessToken)
        return Error::provider(QStringLiteral("response has no %1 (%2)")
                                   .arg(tokenPointer->label(), accessToken.error().message));
    if (!accessToken->isString() || accessToken->toString().isEmpty())
        return Error::provider(QStringLiteral("response's %1 is %2, not a token")
                                   .arg(tokenPointer->label(), accessToken->isString()
                                                                   ? QStringLiteral("an empty string")
                                                                   : JsonPointer::kind(*accessToken)));
    response.accessToken = accessToken->toString();
    if (!isPrintableToken(response.accessToken))
        return Error::provider(
            QStringLiteral("%1 contains control characters, whitespace or non-ASCII characters")
                .arg(tokenPointer->label()));
    if (const auto typePointer = JsonPointer::parse(mapping.tokenTypeField);
        typePointer && !mapping.tokenTypeField.isEmpty())
        response.tokenType = typePointer->value(response.json).toString();
    response.scope = response.json.value(QStringLiteral("scope")).toString();
    if (auto expiry = readExpiry(response.json, mapping, now, response); !expiry)
        return expiry.error();
    return response;
}

} // namespace tokencache
