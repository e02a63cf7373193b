#include "core/redis/HashSlot.h"

namespace tokencache {

namespace {

// Hand-written: Qt's qChecksum is CRC-16/X-25, Redis Cluster needs CRC-16/XMODEM.
quint16 crc16Xmodem(const QByteArray& data)
{
    quint16 crc = 0;
    for (const char byte : data) {
        crc ^= quint16(quint8(byte)) << 8;
        for (int bit = 0; bit < 8; ++bit)
            crc = (crc & 0x8000) ? quint16((crc << 1) ^ 0x1021) : quint16(crc << 1);
    }
    return crc;
}

} // namespace

QByteArray HashSlot::hashedPart(const QByteArray& key)
{
    const qsizetype open = key.indexOf('{');
    if (open < 0)
        return key;
    const qsizetype close = key.indexOf('}', open + 1);
    if (close < 0 || close == open + 1)
        return key;
    return key.mid(open + 1, close - open - 1);
}

int HashSlot::of(const QByteArray& key)
{
    return crc16Xmodem(hashedPart(key)) % kCount;
}

} // namespace tokencache
