#pragma once

#include "core/common/Result.h"
#include "core/common/TlsOptions.h"

#include <QJsonObject>
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

    /** The config's `redis` object: what differs from the defaults, and the URL. */
    QJsonObject toJson() const;
    /** Reads a `redis` object; @p where names it in errors (`redis`, `connections[1].redis`). */
    static Result<RedisSettings> fromJson(const QJsonObject& json, const QString& where);
};

} // namespace tokencache
