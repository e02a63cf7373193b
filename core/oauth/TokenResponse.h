#pragma once

#include "core/common/Result.h"
#include "core/oauth/ResponseMapping.h"

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QString>

#include <optional>

namespace tokencache {

/** A provider's token response: the raw JSON exactly as received, and its fields as its mapping finds them.
 */
struct TokenResponse
{
    QByteArray raw; ///< stored in Redis unchanged
    QJsonObject json;
    QString accessToken;
    QString tokenType;
    QString scope;
    std::optional<qint64> expiresIn; ///< the lifetime in seconds; empty when absent or unusable
    /** The absolute expiry, when the mapping has an expiry-time field and no usable lifetime was sent. */
    std::optional<QDateTime> expiresAt;
    QString expiresInProblem;  ///< why neither is known, e.g. "expires_in is 0"
    bool expiryAbsent = false; ///< the response has none of the fields the mapping names for them

    /** The lifetime left as of @p now: expiresIn, else until expiresAt; empty when unknown or passed. */
    std::optional<qint64> lifetimeAt(const QDateTime& now) const;

    /**
     * The response with every token in it masked (see Humanize::masked): the mapped token field and
     * any string member whose name contains "token" (refresh_token, idToken, ...) but is no type.
     */
    QJsonObject maskedJson() const;
    /** @p json as maskedJson() masks a response: for one that may not hold a token where expected. */
    static QJsonObject masked(const QJsonObject& json, const QString& accessToken = {});

    /** The Authorization header's value, `<token_type> <access_token>`: Bearer when the type is absent or not
     * one word. */
    QString authorization() const;
    /** `Authorization: ...`, as the window copies it and `header` prints it. */
    QString authorizationHeader() const;
    /**
     * `sha256:` and the first 16 hex digits of the access token's SHA-256: matches a token in a service's
     * log without revealing it (64 bits: no collision in any one cache, nothing to brute-force from).
     */
    QString fingerprint() const;
    /** A curl command calling @p url with the token, every argument quoted for a POSIX shell. */
    QString curlCommand(const QString& url) const;

    /**
     * Parses a token response, reading the fields where @p mapping says; the error says what is wrong
     * with it, without a prefix. @p now bounds an absolute expiry (ten years at most).
     */
    static Result<TokenResponse> parse(const QByteArray& raw, const ResponseMapping& mapping = {},
                                       const QDateTime& now = QDateTime::currentDateTimeUtc());
};

} // namespace tokencache
