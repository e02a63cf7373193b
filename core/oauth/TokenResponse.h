#pragma once

#include "common/Result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <optional>

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

    /** Parses a token response; the error says what is wrong with it, without a prefix. */
    static Result<TokenResponse> parse(const QByteArray& raw);
};
