#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tokencache {

/** A provider's token response: the raw JSON exactly as received, and its known fields. */
struct TokenResponse
{
    QByteArray raw; ///< stored in Redis unchanged
    QJsonObject json;
    QString accessToken;
    QString tokenType;
    QString scope;
    std::optional<qint64> expiresIn; ///< seconds; empty when absent or unusable
    QString expiresInProblem;        ///< why expiresIn is empty, e.g. "expires_in is 0"

    /** The response with access_token, refresh_token and id_token masked (see Humanize::masked). */
    QJsonObject maskedJson() const;

    /** The Authorization header's value, `<token_type> <access_token>`: Bearer when the type is absent or not
     * one word. */
    QString authorization() const;
    /** `Authorization: ...`, as the window copies it and `header` prints it. */
    QString authorizationHeader() const;
    /** A curl command calling @p url with the token, every argument quoted for a POSIX shell. */
    QString curlCommand(const QString& url) const;

    /** Parses a token response; the error says what is wrong with it, without a prefix. */
    static Result<TokenResponse> parse(const QByteArray& raw);
};

} // namespace tokencache
