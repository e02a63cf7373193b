#pragma once

#include <QString>

namespace tokencache {

/** What a quick look at a Redis server tells: its version and the round trip it took. */
struct ServerInfo
{
    QString version;
    qint64 roundTripMs = 0;
};

} // namespace tokencache
