#pragma once
// Reads a fuzzer's input as a sequence of choices: numbers, lengths, byte strings. Every read is
// defined for any input (a short input reads as zeros), so any file replays.

#include <QByteArray>
#include <QtGlobal>

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>

class FuzzInput
{
public:
    FuzzInput(const uint8_t* data, size_t size) : m_data(data), m_size(size) {}

    size_t remaining() const { return m_size - m_at; }
    bool empty() const { return m_at == m_size; }

    uint8_t byte() { return m_at < m_size ? m_data[m_at++] : 0; }

    /** sizeof(T) bytes, little-endian; missing bytes are zeros. */
    template <typename T> T raw()
    {
        uint64_t bits = 0;
        for (size_t i = 0; i < sizeof(T); ++i)
            bits |= uint64_t(byte()) << (8 * i);
        T value;
        std::memcpy(&value, &bits, sizeof(T));
        return value;
    }

    /** A qint64 from a byte that picks its kind: edge values, small ones, or any 64 bits. */
    qint64 integer()
    {
        static constexpr qint64 kEdges[] = {
            0,
            1,
            -1,
            -2,
            999,
            1000,
            59'999,
            60'000,
            3'600'000,
            86'400'000,
            std::numeric_limits<qint64>::max(),
            std::numeric_limits<qint64>::min(),
            std::numeric_limits<qint64>::max() / 1000,
            std::numeric_limits<qint64>::min() / 1000,
            std::numeric_limits<int>::max(),
            std::numeric_limits<int>::min(),
            1'700'000'000'000,
            1'700'000'000,
            253'402'300'799'000,
            -62'135'596'800'000,
            253'402'300'799,
            -62'135'596'800,
            1LL << 53,
            -(1LL << 53),
            1'000'000'000'000'000,
        };
        const uint8_t kind = byte();
        switch (kind % 4) {
        case 0:
            return kEdges[(kind / 4) % std::size(kEdges)];
        case 1:
            return qint64(raw<int16_t>());
        case 2:
            return qint64(raw<int32_t>());
        default:
            return raw<qint64>();
        }
    }

    /** A double from a byte that picks its kind: inf, nan, huge, edge dates, or any 64 bits. */
    double number()
    {
        static const double kEdges[] = {
            0.0,
            -0.0,
            0.5,
            -0.5,
            1.0,
            -1.0,
            1e300,
            -1e300,
            std::numeric_limits<double>::infinity(),
            -std::numeric_limits<double>::infinity(),
            std::nan(""),
            std::numeric_limits<double>::max(),
            std::numeric_limits<double>::lowest(),
            std::numeric_limits<double>::min(),
            std::numeric_limits<double>::denorm_min(),
            9.2233720368547758e18,
            -9.2233720368547758e18,
            1.8446744073709552e19,
            253402300799.0,
            253402300799.999,
            253402300800.0,
            -62135596800.0,
            -62135596800.5,
            1e15,
            1.7e9,
            2147483647.5,
            4294967296.0,
            9007199254740993.0,
            315576000.0,
        };
        const uint8_t kind = byte();
        switch (kind % 4) {
        case 0:
            return kEdges[(kind / 4) % std::size(kEdges)];
        case 1:
            return double(raw<int32_t>()) / 8;
        case 2:
            return double(raw<qint64>());
        default:
            return raw<double>();
        }
    }

    /** Up to @p count bytes. */
    QByteArray bytes(size_t count)
    {
        const size_t take = count < remaining() ? count : remaining();
        QByteArray out(reinterpret_cast<const char*>(m_data + m_at), qsizetype(take));
        m_at += take;
        return out;
    }

    /** A string whose length (0..255) is the next byte. */
    QByteArray shortBytes() { return bytes(byte()); }

    QByteArray rest() { return bytes(remaining()); }

private:
    const uint8_t* m_data;
    size_t m_size;
    size_t m_at = 0;
};

/** A harness's finding: says what broke, then aborts, so libFuzzer and the replay both report it. */
[[noreturn]] inline void fuzzFail(const char* what, const QByteArray& detail = {})
{
    fprintf(stderr, "FUZZ PROPERTY VIOLATED: %s\n", what);
    if (!detail.isEmpty())
        fprintf(stderr, "  %s\n", detail.constData());
    fflush(stderr);
    abort();
}
