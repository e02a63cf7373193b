#pragma once

#include "common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

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

    /** The margin for a token of @p lifetimeSeconds: at most a quarter of it, so short tokens stay useful. */
    qint64 effectiveMarginSeconds(qint64 lifetimeSeconds) const;
    /** How long one fetch may hold the cross-process lock: every attempt, its backoff, and slack. */
    qint64 lockTtlMs() const;

    /** The key this profile's token is cached under. */
    QString cacheKey() const { return key.isEmpty() ? defaultKey(name) : key; }
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
};
