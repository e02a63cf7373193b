#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace tokencache {

/**
 * Whether a cached access token is what it claims to be: its JWS signature checked against the
 * issuer's JSON Web Key Set, then iss, aud, exp, nbf and iat against what the profile expects
 * (RFC 7515, 7519, 9068). A token that is not shown valid is never called valid: unsigned (alg
 * none), HMAC-signed (only the secret's holders can check it) and opaque tokens are unverifiable.
 */
class TokenVerifier
{
public:
    struct Expectations
    {
        QString issuer;   ///< iss must equal it; empty: not checked
        QString audience; ///< aud must hold it; empty: not checked
        qint64 leewaySeconds = 60;
    };

    struct Check
    {
        enum class Outcome
        {
            Passed,
            Failed,
            Skipped
        };
        QString name; ///< signature, iss, aud, exp, nbf, iat
        Outcome outcome = Outcome::Skipped;
        QString detail;
    };

    enum class Verdict
    {
        Valid,
        Invalid,
        Unverifiable
    };

    struct Report
    {
        Verdict verdict = Verdict::Unverifiable;
        QList<Check> checks;
        QString algorithm;
        QString keyId;
        /** The JWKS has no key by the token's kid: fetch it again once (the issuer may have rotated). */
        bool unknownKey = false;

        /** "name: detail" of the first check that failed; empty when none did. */
        QString firstFailure() const;
    };

    /** As both front ends say it: ok, FAILED, not checked. */
    static QString outcomeName(Check::Outcome outcome);
    /** valid, invalid, unverifiable. */
    static QString verdictName(Verdict verdict);

    static Report verify(const QByteArray& token, const QJsonObject& jwks, const Expectations& expected,
                         const QDateTime& now);
};

} // namespace tokencache
