#pragma once

#include "core/common/Result.h"
#include "core/common/TlsOptions.h"
#include "core/config/ProviderProfile.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tokencache {

struct RedisEndpoint;

/** How to reach the Redis deployment that holds the token cache. */
struct RedisSettings
{
    QString url = QStringLiteral("redis://127.0.0.1:6379/0");
    QString user;        ///< ACL user, used when the URL names none
    QString passwordRef; ///< secret reference, used when the URL carries no password
    TlsOptions tls;      ///< for rediss:// URLs
    static constexpr qint64 kDefaultMaxBulkBytes = 64LL << 20;
    static constexpr qint64 kDefaultMaxElements = 1'000'000;

    qint64 maxBulkBytes = kDefaultMaxBulkBytes; ///< redis.maxBulkBytes: larger replies are refused
    qint64 maxElements = kDefaultMaxElements;   ///< redis.maxElements

    /** Every setting alike, TLS and limits included: a change of any of them needs a new connection. */
    bool operator==(const RedisSettings&) const = default;

    /** The endpoint to connect to, credentials resolved: the URL's own win over user and passwordRef. */
    Result<RedisEndpoint> endpoint() const;
    /** The database the URL names; 0 when it names none or does not parse. */
    int database() const;
    /** These settings with the URL naming @p database instead, in whatever form the URL has. */
    RedisSettings withDatabase(int database) const;
    /** Which data these settings reach: the server (host:port, socket, or sentinels and master) and
     *  the database, not credentials or TLS files. Empty when the URL does not parse. */
    QString dataSource() const;
};

/** Everything tokencache stores: the Redis connection and the provider profiles. */
struct AppConfig
{
    /** The newest config format this build reads and writes. 2 added profiles' request formats, headers
     *  and response mappings; a file that uses none of them is still written as version 1, so an older
     *  tokencache keeps reading it. */
    static constexpr int kVersion = 2;

    RedisSettings redis;
    QList<ProviderProfile> profiles;
    QJsonObject unknownMembers; ///< top-level members this version does not know: kept on save

    const ProviderProfile* profile(const QString& name) const;
    /** The profile whose cache key is @p key, if any. */
    const ProviderProfile* profileForKey(const QString& key) const;

    /** The oldest format version that holds everything this config uses. */
    int formatVersion() const;
    QJsonObject toJson() const;
    static Result<AppConfig> fromJson(const QJsonObject& json);
};

} // namespace tokencache
