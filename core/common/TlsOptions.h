#pragma once

#include <QString>

namespace tokencache {

/** TLS settings for a `rediss://` endpoint. Verification is on unless insecure is set. */
struct TlsOptions
{
    QString caFile;     ///< PEM; empty: the system's trusted CAs
    QString certFile;   ///< client certificate (mutual TLS), PEM
    QString keyFile;    ///< its private key, PEM
    QString serverName; ///< name to verify and send as SNI; empty: the host
    bool insecure = false;

    bool operator==(const TlsOptions&) const = default;
};

} // namespace tokencache
