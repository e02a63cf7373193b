// RespCodec, the RESP reply decoder, on any byte stream cut into any slices.
//
// Input: byte 0 says how many slice-size bytes follow (1..8); each of those gives a slice size
// (1..255 bytes, 0 meaning "all the rest"), used in turn; the rest of the input is the stream.
// Properties: no crash, no sanitizer report, no allocation beyond libFuzzer's malloc limit; a stream
// that hiredis would read up to a header announcing a huge reply is refused (so the limits hold in
// the replay builds too, where nothing limits malloc); the same replies and the same verdict (error
// or not) whether the stream arrives in slices or all at once; a command encoded with
// RespCodec::encode decodes back to itself.

#include "tests/fuzz/FuzzInput.h"

#include "core/redis/RespCodec.h"

#include <QList>

#include <algorithm>
#include <vector>

using namespace tokencache;

namespace {

bool sameReply(const RedisReply& a, const RedisReply& b)
{
    if (a.type != b.type || a.string != b.string || a.integer != b.integer ||
        a.elements.size() != b.elements.size())
        return false;
    for (qsizetype i = 0; i < a.elements.size(); ++i) {
        if (!sameReply(a.elements.at(i), b.elements.at(i)))
            return false;
    }
    return true;
}

/** Reads every field, so a reply made of freed or uninitialised memory is noticed. */
size_t touch(const RedisReply& reply)
{
    size_t sum = size_t(reply.string.size()) + size_t(reply.integer) + size_t(reply.type);
    sum += size_t(reply.errorCode().size()) + (reply.isError() ? 1 : 0) + (reply.isNil() ? 1 : 0);
    for (const RedisReply& element : reply.elements)
        sum += touch(element);
    return sum;
}

/**
 * Reads @p stream as hiredis does (lines end at CRLF; a bulk string is its announced bytes and two
 * more) and says whether it reaches a complete header announcing a huge reply: a bulk string over
 * 1 GiB or over 100 million elements in one reply, far beyond any limit RespCodec uses by default.
 * hiredis would allocate for it (or wait for it) unless RespCodec refuses the stream: it must.
 * Gives up (false) at anything hiredis might read differently. Where hiredis refuses what this
 * accepts, RespCodec reports hiredis's error, which satisfies the property as well.
 */
bool reachesHugeHeader(const QByteArray& stream)
{
    constexpr qint64 kHugeBulk = 1LL << 30;
    constexpr qint64 kHugeElements = 100'000'000;
    std::vector<qint64> open; // elements still to come in each open array
    qint64 announced = 0;     // elements announced in the current top-level reply
    const auto elementDone = [&] {
        while (!open.empty()) {
            if (--open.back() > 0)
                return;
            open.pop_back();
        }
        announced = 0;
    };
    qsizetype at = 0;
    while (at < stream.size()) {
        const char type = stream.at(at);
        const qsizetype end = stream.indexOf("\r\n", at + 1);
        if (end < 0)
            return false;
        const QByteArray line = stream.mid(at + 1, end - at - 1);
        at = end + 2;
        if (type == '+' || type == '-' || type == ':') {
            elementDone();
            continue;
        }
        if (type != '$' && type != '*')
            return false;
        const bool negative = line.startsWith('-');
        const QByteArray digits = line.mid(negative ? 1 : 0);
        if (digits.isEmpty() || digits.size() > 18 ||
            !std::all_of(digits.cbegin(), digits.cend(), [](char c) { return c >= '0' && c <= '9'; }))
            return false;
        const qint64 length = negative ? -digits.toLongLong() : digits.toLongLong();
        if (length < -1)
            return false;
        if (type == '$') {
            if (length > kHugeBulk)
                return true;
            if (length >= 0) {
                if (stream.size() - at < length + 2 || stream.mid(at + length, 2) != "\r\n")
                    return false;
                at += length + 2;
            }
            elementDone();
            continue;
        }
        announced += qMax<qint64>(length, 0);
        if (length > kHugeElements || announced > kHugeElements)
            return true;
        if (length <= 0)
            elementDone();
        else
            open.push_back(length);
    }
    return false;
}

struct Decoded
{
    QList<RedisReply> replies;
    QString error;
};

/** Feeds @p stream in slices of the given sizes (cyclically), reading replies after each feed. */
Decoded decode(const QByteArray& stream, const std::vector<size_t>& sliceSizes)
{
    Decoded out;
    RespCodec codec;
    qsizetype at = 0;
    size_t turn = 0;
    volatile size_t sink = 0;
    while (at < stream.size()) {
        size_t size = sliceSizes.empty() ? 0 : sliceSizes[turn++ % sliceSizes.size()];
        if (size == 0)
            size = size_t(stream.size() - at);
        const QByteArray slice = stream.mid(at, qsizetype(size));
        at += slice.size();
        codec.feed(slice);
        while (auto reply = codec.next()) {
            sink = sink + touch(*reply);
            out.replies.append(std::move(*reply));
        }
        if (!codec.error().isEmpty())
            break;
    }
    // Once failed, a codec stays failed; reading again gives nothing.
    if (!codec.error().isEmpty() && (codec.feed(QByteArrayLiteral("+OK\r\n")) || codec.next()))
        fuzzFail("a failed codec accepted more input");
    out.error = codec.error();
    return out;
}

void checkEncodeRoundTrip(const QByteArray& stream)
{
    // Up to four arguments cut from the stream at its first bytes' values.
    RedisCommand command;
    FuzzInput in(reinterpret_cast<const uint8_t*>(stream.constData()), size_t(stream.size()));
    const int count = 1 + in.byte() % 4;
    for (int i = 0; i < count; ++i)
        command.append(in.bytes(in.byte() % 64));
    const QByteArray encoded = RespCodec::encode(command);
    RespCodec codec;
    if (!codec.feed(encoded))
        fuzzFail("an encoded command was refused", codec.error().toUtf8());
    const std::optional<RedisReply> decoded = codec.next();
    if (!decoded || decoded->type != RedisReply::Type::Array || decoded->elements.size() != command.size())
        fuzzFail("an encoded command did not decode as an array of its arguments",
                 encoded.toPercentEncoding());
    for (qsizetype i = 0; i < command.size(); ++i) {
        const RedisReply& element = decoded->elements.at(i);
        if (element.type != RedisReply::Type::String || element.string != command.at(i))
            fuzzFail("an encoded argument decoded differently", encoded.toPercentEncoding());
    }
    if (codec.next() || !codec.error().isEmpty())
        fuzzFail("an encoded command decoded as more than one reply");
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    const size_t sizeBytes = 1 + in.byte() % 8;
    std::vector<size_t> sliceSizes;
    for (size_t i = 0; i < sizeBytes; ++i)
        sliceSizes.push_back(in.byte());
    const QByteArray stream = in.rest();

    const Decoded sliced = decode(stream, sliceSizes);
    const Decoded whole = decode(stream, {0});
    if (sliced.error.isEmpty() != whole.error.isEmpty())
        fuzzFail("slicing changed whether the stream is valid",
                 "sliced: " + sliced.error.toUtf8() + " / whole: " + whole.error.toUtf8());
    // At once, a limit anywhere in the stream fails the feed before any reply; a protocol error
    // stops both at the same reply. So the replies read at once are the first of the sliced ones.
    const qsizetype common = whole.replies.size();
    if (common > sliced.replies.size() || (sliced.error.isEmpty() && common != sliced.replies.size()))
        fuzzFail("slicing changed the number of replies");
    for (qsizetype i = 0; i < common; ++i) {
        if (!sameReply(sliced.replies.at(i), whole.replies.at(i)))
            fuzzFail("slicing changed a reply");
    }

    if (reachesHugeHeader(stream) && (sliced.error.isEmpty() || whole.error.isEmpty()))
        fuzzFail("a header announcing a huge reply reached hiredis: RespCodec did not refuse the stream");

    checkEncodeRoundTrip(stream);
    return 0;
}
