#include "config/AppConfig.h"

#include "config/SecretRef.h"
#include <QJsonArray>

#include <QSet>

Result<RedisEndpoint> RedisSettings::endpoint() const
{
    auto endpoint = RedisEndpoint::fromUrl(url);
    if (!endpoint)
        return endpoint;
    endpoint->tls = tls;
    if (endpoint->user.isEmpty())
        endpoint->user = user;
    if (endpoint->password.isEmpty() && !passwordRef.isEmpty()) {
        auto password = SecretRef::resolve(passwordRef);
        if (!password)
            return Error::config(QStringLiteral("Redis password: ") + password.error().message);
        endpoint->password = *password;
    }
    return endpoint;
}

const ProviderProfile* AppConfig::profile(const QString& name) const
{
    for (const ProviderProfile& candidate : profiles) {
        if (candidate.name == name)
            return &candidate;
    }
    return nullptr;
}

const ProviderProfile* AppConfig::profileForKey(const QString& key) const
{
    for (const ProviderProfile& candidate : profiles) {
        if (candidate.cacheKey() == key)
            return &candidate;
    }
    return nullptr;
}

QJsonObject AppConfig::toJson() const
{
    QJsonObject redisJson{{QStringLiteral("url"), redis.url}};
    if (!redis.user.isEmpty())
        redisJson.insert(QStringLiteral("user"), redis.user);
    if (!redis.passwordRef.isEmpty())
        redisJson.insert(QStringLiteral("password"), redis.passwordRef);
    QJsonObject tlsJson;
    const auto putIfSet = [&tlsJson](const QString& name, const QString& value) {
        if (!value.isEmpty())
            tlsJson.insert(name, value);
    };
    putIfSet(QStringLiteral("caFile"), redis.tls.caFile);
    putIfSet(QStringLiteral("certFile"), redis.tls.certFile);
    putIfSet(QStringLiteral("keyFile"), redis.tls.keyFile);
    putIfSet(QStringLiteral("serverName"), redis.tls.serverName);
    if (redis.tls.insecure)
        tlsJson.insert(QStringLiteral("insecure"), true);
    if (!tlsJson.isEmpty())
        redisJson.insert(QStringLiteral("tls"), tlsJson);
    QJsonArray profileArray;
    for (const ProviderProfile& profile : profiles)
        profileArray.append(profile.toJson());
    return {{QStringLiteral("version"), 1},
            {QStringLiteral("redis"), redisJson},
            {QStringLiteral("profiles"), profileArray}};
}

Result<AppConfig> AppConfig::fromJson(const QJsonObject& json)
{
    AppConfig config;
    const QJsonObject redisJson = json.value(QStringLiteral("redis")).toObject();
    config.redis.url = redisJson.value(QStringLiteral("url")).toString(config.redis.url);
    config.redis.user = redisJson.value(QStringLiteral("user")).toString();
    config.redis.passwordRef = redisJson.value(QStringLiteral("password")).toString();
    const QJsonObject tlsJson = redisJson.value(QStringLiteral("tls")).toObject();
    config.redis.tls.caFile = tlsJson.value(QStringLiteral("caFile")).toString();
    config.redis.tls.certFile = tlsJson.value(QStringLiteral("certFile")).toString();
    config.redis.tls.keyFile = tlsJson.value(QStringLiteral("keyFile")).toString();
    config.redis.tls.serverName = tlsJson.value(QStringLiteral("serverName")).toString();
    config.redis.tls.insecure = tlsJson.value(QStringLiteral("insecure")).toBool();

    QSet<QString> names;
    for (const QJsonValue& value : json.value(QStringLiteral("profiles")).toArray()) {
        auto profile = ProviderProfile::fromJson(value.toObject());
        if (!profile)
            return profile.error();
        if (names.contains(profile->name))
            return Error::config(QStringLiteral("profile \"%1\" is defined twice").arg(profile->name));
        names.insert(profile->name);
        config.profiles.append(std::move(profile).value());
    }
    return config;
}
