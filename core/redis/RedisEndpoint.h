#pragma once

#include "common/Result.h"

#include <QString>

/** Where one Redis server is and how to log in to it. */
struct RedisEndpoint
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 6379;
    int database = 0;
    QString user;     ///< ACL user; empty means the default user
    QString password; ///< resolved secret; empty means no AUTH
    int connectTimeoutMs = 3000;
    int commandTimeoutMs = 5000;

    /**
     * Parses `redis://[[user]:password@]host[:port][/db]` as other Redis clients do
     * (percent-encoded credentials, `?db=N` also accepted).
     */
    static Result<RedisEndpoint> fromUrl(const QString& url);

    /** "host:port", for messages; never contains credentials. */
    QString address() const;
};
