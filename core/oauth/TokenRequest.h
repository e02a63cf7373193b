#pragma once

#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"
#include "core/oauth/ClientAuthentication.h"

#include <QByteArray>
#include <QDeadlineTimer>
#include <QNetworkRequest>

namespace tokencache {

/**
 * One request to a provider's endpoint with the client's credentials resolved: a client credentials
 * grant, or the introspection (RFC 7662) or revocation (RFC 7009) of a token.
 */
struct TokenRequest
{
    enum class Purpose
    {
        Token,
        Introspection,
        Revocation
    };
    struct Header
    {
        QByteArray name;
        QString value;
        bool secret = true; ///< masked in messages like the client secret
    };

    ProviderProfile profile;
    ClientAuthentication auth;
    QList<Header> headers;
    Purpose purpose = Purpose::Token;
    QByteArray subjectToken; ///< the token introspected or revoked
    /** Where the request goes: the profile's token URL, or what the issuer's metadata names (then empty
     *  until TokenClient resolves it). */
    QString endpoint;
    QString tokenEndpoint; ///< a client assertion's default audience
    /** No attempt runs past this (a fetch under the lock must end before the lock does). */
    QDeadlineTimer deadline = QDeadlineTimer(QDeadlineTimer::Forever);

    /**
     * Resolves the profile's credentials (see ClientAuthentication) and header values; fails with a
     * Config error naming the reference, never the value, or naming an insecure token URL (see
     * ProviderProfile::insecureUrlProblem).
     */
    static Result<TokenRequest> fromProfile(const ProviderProfile& profile, Purpose purpose = Purpose::Token,
                                            const QByteArray& subjectToken = {});
    /** The profile's secret references (credentials, header values), for SecretPrefetch before
     *  fromProfile(). */
    static QStringList secretReferences(const ProviderProfile& profile);
    /** @p text with every form the client secret and secret header values travel in replaced by `***`,
     *  for messages. */
    QString withoutSecrets(QString text) const;
    /** What the request is, for messages: "token request", "introspection", "revocation". */
    QString purposeName() const;
    /** The aud a client assertion names: the token endpoint, the issuer or the profile's own choice. */
    QString assertionAudience() const;

    QNetworkRequest networkRequest() const;
    /** The body: application/x-www-form-urlencoded, or a JSON object (ProviderProfile::requestFormat). */
    QByteArray body() const;
    /** The fields, in the order they are sent, whatever the encoding (a client assertion is signed anew
     *  each time: its jti must never repeat). */
    QList<QPair<QString, QString>> fields() const;
};

} // namespace tokencache
