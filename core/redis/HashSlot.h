#pragma once

#include <QByteArray>

namespace tokencache {

/** Redis Cluster key slots: CRC16 (XMODEM) of the key, or of its {hash tag}, modulo 16384. */
class HashSlot
{
public:
    static constexpr int kCount = 16384;

    static int of(const QByteArray& key);
    /** The part of @p key that decides its slot: the first non-empty {tag}, else the whole key. */
    static QByteArray hashedPart(const QByteArray& key);
};

} // namespace tokencache
