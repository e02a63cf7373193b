#pragma once

#include "common/Result.h"
#include "config/ProviderProfile.h"
#include "redis/RedisEndpoint.h"

#include <QJsonObject>
#include <QList>
#include <QString>

/** How to reach the Redis deployment that holds the token cache. */
struct RedisSettings
{
    QString url = QStringLiteral("redis://127.0.0.1:6379/0");
    QString user;        ///< ACL user, used when the URL names none
    QString passwordRef; ///< secret reference, used when the URL carries no password
    TlsOptions tls;      ///< for rediss:// URLs
    qint64 maxBulkBytes = RedisEndpoint().maxBulkBytes; ///< redis.maxBulkBytes: larger replies are refused
    qint64 maxElements = RedisEndpoint().maxElements;   ///< redis.maxElements

    /** The endpoint to connect to, credentials resolved: the URL's own win over user and passwordRef. */
    Result<RedisEndpoint> endpoint() const;
};

/** Everything tokencache stores: the Redis connection and the provider profiles. */
struct AppConfig
{
    static constexpr int kVersion = 1; ///< the config format this build reads and writes

    RedisSettings redis;
    QList<ProviderProfile> profiles;

    const ProviderProfile* profile(const QString& name) const;
    /** The profile whose cache key is @p key, if any. */
    const ProviderProfile* profileForKey(const QString& key) const;

    QJsonObject toJson() const;
    static Result<AppConfig> fromJson(const QJsonObject& json);
};
