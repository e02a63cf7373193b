#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>

#include <optional>

namespace tokencache {

/** The readable parts of a JWT access token. The signature is not checked. */
struct Jwt
{
    QJsonObject header;
    QJsonObject claims;

    /** The header and claims of @p token, or nothing if it is not a JWT (an opaque token). */
    static std::optional<Jwt> decode(const QByteArray& token);

    /** A NumericDate claim (exp, iat, nbf) as a time, if present. */
    std::optional<QDateTime> time(const QString& claim) const;
};

} // namespace tokencache
