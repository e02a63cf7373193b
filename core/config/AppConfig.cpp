#include "core/config/AppConfig.h"

#include "core/config/SecretRef.h"
#include "core/redis/RedisEndpoint.h"

#include <QJsonArray>

#include <QSet>

#include <algorithm>
#include <cmath>

namespace tokencache {

static_assert(RedisSettings::kDefaultMaxBulkBytes == RespLimits::kDefaultMaxBulkBytes &&
                  RedisSettings::kDefaultMaxElements == RespLimits::kDefaultMaxElements,
              "the config's defaults are the decoder's");

Result<RedisEndpoint> RedisSettings::endpoint() const
{
    auto endpoint = RedisEndpoint::fromUrl(url);
    if (!endpoint)
        return endpoint;
    endpoint->tls = tls;
    endpoint->maxBulkBytes = maxBulkBytes;
    endpoint->maxElements = maxElements;
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

int RedisSettings::database() const
{
    const auto endpoint = RedisEndpoint::fromUrl(url);
    return endpoint ? endpoint->database : 0;
}

QString RedisSettings::dataSource() const
{
    const auto parsed = RedisEndpoint::fromUrl(url);
    if (!parsed)
        return {};
    QStringList sentinels;
    for (const auto& [host, port] : parsed->sentinels)
        sentinels.append(QStringLiteral("%1:%2").arg(host).arg(port));
    return QStringLiteral("%1 %2 %3/%4")
        .arg(sentinels.isEmpty() ? parsed->address() : sentinels.join(QLatin1Char(',')), parsed->masterName)
        .arg(parsed->database);
}

RedisSettings RedisSettings::withDatabase(int database) const
{
    RedisSettings changed = *this;
    changed.url = RedisEndpoint::urlWithDatabase(url, database);
    return changed;
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

int AppConfig::formatVersion() const
{
    const bool needs2 = std::any_of(profiles.cbegin(), profiles.cend(), [](const ProviderProfile& profile) {
        return profile.needsFormatVersion2();
    });
    return needs2 ? 2 : 1;
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
    if (redis.maxBulkBytes != RedisSettings().maxBulkBytes)
        redisJson.insert(QStringLiteral("maxBulkBytes"), redis.maxBulkBytes);
    if (redis.maxElements != RedisSettings().maxElements)
        redisJson.insert(QStringLiteral("maxElements"), redis.maxElements);
    QJsonArray profileArray;
    for (const ProviderProfile& profile : profiles)
        profileArray.append(profile.toJson());
    QJsonObject json = unknownMembers;
    json.insert(QStringLiteral("version"), formatVersion());
    json.insert(QStringLiteral("redis"), redisJson);
    json.insert(QStringLiteral("profiles"), profileArray);
    return json;
}

Result<AppConfig> AppConfig::fromJson(const QJsonObject& json)
{
    AppConfig config;
    // Refused, never rewritten: saving would drop what the newer format added.
    if (json.value(QStringLiteral("version")).toInt(1) > kVersion)
        return Error::config(
            QStringLiteral("the config was written by a newer tokencache (format version %1; this one "
                           "reads %2)")
                .arg(json.value(QStringLiteral("version")).toInt())
                .arg(kVersion));
    // A field of the wrong type is an error, not a silent default (a string "redis" would connect elsewhere).
    for (const char* name : {"redis", "profiles"}) {
        const QJsonValue value = json.value(QLatin1String(name));
        if (!value.isUndefined() && !(name == QByteArrayView("redis") ? value.isObject() : value.isArray()))
            return Error::config(QStringLiteral("\"%1\" has the wrong type").arg(QLatin1String(name)));
    }
    const QJsonObject redisJson = json.value(QStringLiteral("redis")).toObject();
    for (const char* name : {"url", "user", "password"}) {
        const QJsonValue value = redisJson.value(QLatin1String(name));
        if (!value.isUndefined() && !value.isString())
            return Error::config(QStringLiteral("redis.%1 must be a string").arg(QLatin1String(name)));
    }
    config.redis.url = redisJson.value(QStringLiteral("url")).toString(config.redis.url);
    config.redis.user = redisJson.value(QStringLiteral("user")).toString();
    config.redis.passwordRef = redisJson.value(QStringLiteral("password")).toString();
    const QJsonObject tlsJson = redisJson.value(QStringLiteral("tls")).toObject();
    config.redis.tls.caFile = tlsJson.value(QStringLiteral("caFile")).toString();
    config.redis.tls.certFile = tlsJson.value(QStringLiteral("certFile")).toString();
    config.redis.tls.keyFile = tlsJson.value(QStringLiteral("keyFile")).toString();
    config.redis.tls.serverName = tlsJson.value(QStringLiteral("serverName")).toString();
    config.redis.tls.insecure = tlsJson.value(QStringLiteral("insecure")).toBool();
    const auto limit = [&redisJson](const char* name, qint64 fallback, qint64 max) -> Result<qint64> {
        const QJsonValue value = redisJson.value(QLatin1String(name));
        if (value.isUndefined())
            return fallback;
        const double number = value.toDouble(-1);
        if (!(number >= 1 && number <= double(max)) || number != std::floor(number))
            return Error::config(QStringLiteral("redis.%1 must be a whole number between 1 and %2")
                                     .arg(QLatin1String(name))
                                     .arg(max));
        return qint64(number);
    };
    // Up to Redis's own limits: proto-max-bulk-len is 512 MB by default, arrays hold at most 2^32 - 1.
    const auto maxBulk = limit("maxBulkBytes", config.redis.maxBulkBytes, 512LL << 20);
    const auto maxElements = limit("maxElements", config.redis.maxElements, 0xffffffffLL);
    for (const Result<qint64>* value : {&maxBulk, &maxElements}) {
        if (!*value)
            return value->error();
    }
    config.redis.maxBulkBytes = *maxBulk;
    config.redis.maxElements = *maxElements;

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
    config.unknownMembers = json;
    for (const char* known : {"version", "redis", "profiles"})
        config.unknownMembers.remove(QLatin1String(known));
    return config;
}

} // namespace tokencache
