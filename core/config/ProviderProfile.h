#pragma once

#include "core/common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

namespace tokencache {

/** One OAuth2 client at one provider, and where its token is cached. */
struct ProviderProfile
{
    enum class AuthMethod
    {
        ClientSecretBasic,
        ClientSecretPost
    };

    QString name;
    QString tokenUrl;
    QString clientId;
    QString clientSecretRef; ///< a secret reference, see SecretRef
    AuthMethod authMethod = AuthMethod::ClientSecretBasic;
    QStringList scopes;
    QString audience;
    QString resource;
    QMap<QString, QString> extraParameters; ///< sent as extra form fields
    QString key;                            ///< empty means defaultKey(name)
    int defaultTtlSeconds = 0; ///< TTL for responses without a usable expires_in; 0 = do not cache them
    int requestTimeoutMs = 10000;
    int maxAttempts = 3;           ///< tries per fetch; retried: network errors, timeouts, 5xx, 429
    int refreshMarginSeconds = 60; ///< entries expire this much before the token does
    bool allowInsecureHttp =
        false; ///< a plain-http token URL to a host that is not loopback is refused without it

    static constexpr int kMaxTimeoutSeconds = 600;
    static constexpr int kMaxAttempts = 10;
    static constexpr int kMaxSeconds = 10 * 366 * 86400; ///< margins and default TTLs: at most ten years

    /** The margin for a token of @p lifetimeSeconds: at most a quarter of it, so short tokens stay useful. */
    qint64 effectiveMarginSeconds(qint64 lifetimeSeconds) const;

    /** The key this profile's token is cached under, escaped as Escape says (keys are bytes). */
    QString cacheKey() const;
    static QString defaultKey(const QString& profileName)
    {
        return QStringLiteral("oauth2token:") + profileName;
    }

    static QString authMethodName(AuthMethod method);
    static Result<AuthMethod> authMethodFromName(const QString& name);

    QJsonObject toJson() const;
    static Result<ProviderProfile> fromJson(const QJsonObject& json);
    enum class Field
    {
        Name,
        TokenUrl,
        ClientId,
        ClientSecret,
        Numbers
    };
    struct Problem
    {
        Field field;
        QString message;
    };
    /** Every reason this profile cannot be used, by field (for forms). */
    QList<Problem> problems() const;
    /** The first problem as a message naming the profile, or an empty string. */
    QString validate() const;
    /**
     * Why the token URL must not be used as it is: plain http to a host that is not loopback, which
     * would send the client secret unencrypted, unless allowInsecureHttp; empty when it may.
     */
    QString insecureUrlProblem() const;
};

} // namespace tokencache
