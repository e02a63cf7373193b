#include "core/config/RedisSettings.h"

#include "core/config/SecretRef.h"
#include "core/redis/RedisEndpoint.h"

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

QJsonObject RedisSettings::toJson() const
{
    QJsonObject json{{QStringLiteral("url"), url}};
    if (!user.isEmpty())
        json.insert(QStringLiteral("user"), user);
    if (!passwordRef.isEmpty())
        json.insert(QStringLiteral("password"), passwordRef);
    QJsonObject tlsJson;
    const auto putIfSet = [&tlsJson](const QString& name, const QString& value) {
        if (!value.isEmpty())
            tlsJson.insert(name, value);
    };
    putIfSet(QStringLiteral("caFile"), tls.caFile);
    putIfSet(QStringLiteral("certFile"), tls.certFile);
    putIfSet(QStringLiteral("keyFile"), tls.keyFile);
    putIfSet(QStringLiteral("serverName"), tls.serverName);
    if (tls.insecure)
        tlsJson.insert(QStringLiteral("insecure"), true);
    if (!tlsJson.isEmpty())
        json.insert(QStringLiteral("tls"), tlsJson);
    if (maxBulkBytes != RedisSettings().maxBulkBytes)
        json.insert(QStringLiteral("maxBulkBytes"), maxBulkBytes);
    if (maxElements != RedisSettings().maxElements)
        json.insert(QStringLiteral("maxElements"), maxElements);
    return json;
}

Result<RedisSettings> RedisSettings::fromJson(const QJsonObject& json, const QString& where)
{
    RedisSettings settings;
    for (const char* name : {"url", "user", "password"}) {
        const QJsonValue value = json.value(QLatin1String(name));
        if (!value.isUndefined() && !value.isString())
            return Error::config(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(name)));
    }
    settings.url = json.value(QStringLiteral("url")).toString(settings.url);
    settings.user = json.value(QStringLiteral("user")).toString();
    settings.passwordRef = json.value(QStringLiteral("password")).toString();
    const QJsonObject tlsJson = json.value(QStringLiteral("tls")).toObject();
    settings.tls.caFile = tlsJson.value(QStringLiteral("caFile")).toString();
    settings.tls.certFile = tlsJson.value(QStringLiteral("certFile")).toString();
    settings.tls.keyFile = tlsJson.value(QStringLiteral("keyFile")).toString();
    settings.tls.serverName = tlsJson.value(QStringLiteral("serverName")).toString();
    settings.tls.insecure = tlsJson.value(QStringLiteral("insecure")).toBool();
    const auto limit = [&json, &where](const char* name, qint64 fallback, qint64 max) -> Result<qint64> {
        const QJsonValue value = json.value(QLatin1String(name));
        if (value.isUndefined())
            return fallback;
        const double number = value.toDouble(-1);
        if (!(number >= 1 && number <= double(max)) || number != std::floor(number))
            return Error::config(QStringLiteral("%1.%2 must be a whole number between 1 and %3")
                                     .arg(where, QLatin1String(name))
                                     .arg(max));
        return qint64(number);
    };
    // Up to Redis's own limits: proto-max-bulk-len is 512 MB by default, arrays hold at most 2^32 - 1.
    const auto maxBulk = limit("maxBulkBytes", settings.maxBulkBytes, 512LL << 20);
    const auto maxElements = limit("maxElements", settings.maxElements, 0xffffffffLL);
    for (const Result<qint64>* value : {&maxBulk, &maxElements}) {
        if (!*value)
            return value->error();
    }
    settings.maxBulkBytes = *maxBulk;
    settings.maxElements = *maxElements;
    return settings;
}

} // namespace tokencache
