#include "core/jwt/Jwt.h"

#include "core/common/Humanize.h"

#include <QJsonDocument>
#include <QList>

namespace tokencache {

namespace {

std::optional<QJsonObject> decodeSegment(const QByteArray& segment)
{
    const auto decoded = QByteArray::fromBase64Encoding(segment, QByteArray::Base64UrlEncoding |
                                                                     QByteArray::OmitTrailingEquals |
                                                                     QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(*decoded, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return std::nullopt;
    return document.object();
}

} // namespace

std::optional<Jwt> Jwt::decode(const QByteArray& token)
{
    const QList<QByteArray> segments = token.split('.');
    if (segments.size() != 3)
        return std::nullopt;
    auto header = decodeSegment(segments.at(0));
    auto claims = decodeSegment(segments.at(1));
    if (!header || !claims)
        return std::nullopt;
    return Jwt{*header, *claims};
}

std::optional<QDateTime> Jwt::time(const QString& claim) const
{
    const std::optional<qint64> seconds = Humanize::epochSeconds(claims.value(claim));
    if (!seconds)
        return std::nullopt;
    return QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC);
}

} // namespace tokencache
