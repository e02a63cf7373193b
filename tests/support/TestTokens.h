#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace tokencache {

/** An unsigned JWT with the given claims: enough for decoding, never for a verifier. */
inline QByteArray makeJwt(const QJsonObject& claims)
{
    const auto part = [](const QJsonObject& object) {
        return QJsonDocument(object)
            .toJson(QJsonDocument::Compact)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
    };
    return part({{QStringLiteral("alg"), QStringLiteral("RS256")},
                 {QStringLiteral("typ"), QStringLiteral("JWT")}}) +
           '.' + part(claims) + ".c2lnbmF0dXJl";
}

} // namespace tokencache
