#pragma once

#include "core/common/Result.h"
#include "core/common/TlsOptions.h"
#include "core/redis/RespLimits.h"

#include <QList>
#include <QPair>
#include <QString>

namespace tokencache {

/** Where one Redis deployment is and how to log in to it. */
struct RedisEndpoint
{
    enum class Kind
    {
        Tcp,
        Tls,
        Unix,
        Sentinel
    };

    Kind kind = Kind::Tcp;
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    QString socketPath;                       ///< Kind::Unix
    QList<QPair<QString, quint16>> sentinels; ///< Kind::Sentinel
    QString masterName;                       ///< Kind::Sentinel
    bool sentinelTls = false; ///< Kind::Sentinel: TLS to the sentinels and the primary (rediss-sentinel://)
    int database = 0;
    QString user;     ///< ACL user; empty means the default user
    QString password; ///< resolved secret; empty means no AUTH
    TlsOptions tls;
    int connectTimeoutMs = 3000;
    int commandTimeoutMs = 5000;
    qint64 maxBulkBytes =
        RespLimits::kDefaultMaxBulkBytes; ///< a larger bulk string in a reply is a protocol error
    qint64 maxElements = RespLimits::kDefaultMaxElements; ///< so is a reply with more elements than this

    /**
     * Parses the URL forms other Redis clients accept: `redis://[[user]:password@]host[:port][/db]`,
     * `rediss://...` (TLS), `unix:///path/redis.sock[?db=N]` and
     * `redis-sentinel://host:port[,host:port...]/MASTERNAME[/db]` (`rediss-sentinel://`: all over TLS);
     * credentials percent-encoded,
     * `?db=N` also accepted.
     */
    static Result<RedisEndpoint> fromUrl(const QString& url);
    /** @p url with its database set to @p database, in the place its form keeps it; unparsable URLs
     * unchanged. */
    static QString urlWithDatabase(const QString& url, int database);

    /** "host:port" or the socket path, for messages; never contains credentials. */
    QString address() const;
    /** The same endpoint at another host and port (a Sentinel's primary, a cluster node). */
    RedisEndpoint at(const QString& host, quint16 port) const;
};

} // namespace tokencache
