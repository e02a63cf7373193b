#include "core/common/Escape.h"

#include <algorithm>

namespace tokencache {

namespace {

constexpr char kHex[] = "0123456789abcdef";

int hexValue(QChar c)
{
    const char16_t u = c.unicode();
    if (u >= '0' && u <= '9')
        return u - '0';
    if (u >= 'a' && u <= 'f')
        return u - 'a' + 10;
    if (u >= 'A' && u <= 'F')
        return u - 'A' + 10;
    return -1;
}

// Hand-written (Qt's decoders replace bad input instead of saying where it is): the length of the
// well-formed UTF-8 sequence at @p at (RFC 3629: no overlongs, no surrogates, at most U+10FFFF), or 0.
qsizetype utf8SequenceLength(const QByteArray& bytes, qsizetype at)
{
    const auto byte = [&](qsizetype i) { return i < bytes.size() ? uchar(bytes.at(i)) : uchar(0); };
    const uchar lead = byte(at);
    const auto continuation = [&](qsizetype i, uchar low = 0x80, uchar high = 0xbf) {
        return byte(i) >= low && byte(i) <= high;
    };
    if (lead < 0x80)
        return 1;
    if (lead >= 0xc2 && lead <= 0xdf)
        return continuation(at + 1) ? 2 : 0;
    if (lead >= 0xe0 && lead <= 0xef) {
        const uchar low = lead == 0xe0 ? 0xa0 : 0x80;
        const uchar high = lead == 0xed ? 0x9f : 0xbf;
        return continuation(at + 1, low, high) && continuation(at + 2) ? 3 : 0;
    }
    if (lead >= 0xf0 && lead <= 0xf4) {
        const uchar low = lead == 0xf0 ? 0x90 : 0x80;
        const uchar high = lead == 0xf4 ? 0x8f : 0xbf;
        return continuation(at + 1, low, high) && continuation(at + 2) && continuation(at + 3) ? 4 : 0;
    }
    return 0;
}

void appendHex(QString& out, uchar byte)
{
    out += QLatin1String("\\x");
    out += QLatin1Char(kHex[byte >> 4]);
    out += QLatin1Char(kHex[byte & 0xf]);
}

} // namespace

namespace Escape {

QString bytes(const QByteArray& input)
{
    QString out;
    out.reserve(input.size());
    qsizetype plainFrom = 0;
    const auto flushPlain = [&](qsizetype to) {
        if (to > plainFrom)
            out += QString::fromUtf8(input.constData() + plainFrom, to - plainFrom);
    };
    for (qsizetype i = 0; i < input.size();) {
        const uchar byte = uchar(input.at(i));
        const qsizetype length = utf8SequenceLength(input, i);
        // C0 controls, DEL and the C1 controls (U+0080..U+009F, C2 80..C2 9F) move terminals.
        const bool control =
            byte < 0x20 || byte == 0x7f || (length == 2 && byte == 0xc2 && uchar(input.at(i + 1)) < 0xa0);
        if (length > 0 && !control && byte != '\\') {
            i += length;
            continue;
        }
        flushPlain(i);
        if (byte == '\\') {
            out += QLatin1String("\\\\");
            i += 1;
        } else {
            const qsizetype escapedBytes = length > 0 ? length : 1;
            for (qsizetype j = 0; j < escapedBytes; ++j)
                appendHex(out, uchar(input.at(i + j)));
            i += escapedBytes;
        }
        plainFrom = i;
    }
    flushPlain(input.size());
    return out;
}

QString text(const QString& input)
{
    const auto isControl = [](QChar c) {
        const char16_t u = c.unicode();
        return u < 0x20 || (u >= 0x7f && u < 0xa0);
    };
    if (std::none_of(input.cbegin(), input.cend(), isControl))
        return input;
    QString out;
    out.reserve(input.size() + 8);
    for (const QChar c : input) {
        if (!isControl(c)) {
            out += c;
            continue;
        }
        for (const char byte : QString(c).toUtf8())
            appendHex(out, uchar(byte));
    }
    return out;
}

QByteArray unescape(const QString& escaped)
{
    if (!escaped.contains(QLatin1Char('\\')))
        return escaped.toUtf8();
    QByteArray out;
    out.reserve(escaped.size());
    qsizetype plainFrom = 0;
    const auto flushPlain = [&](qsizetype to) {
        if (to > plainFrom)
            out += QStringView(escaped).mid(plainFrom, to - plainFrom).toUtf8();
    };
    for (qsizetype i = 0; i < escaped.size(); ++i) {
        if (escaped.at(i) != QLatin1Char('\\'))
            continue;
        const QChar next = i + 1 < escaped.size() ? escaped.at(i + 1) : QChar();
        if (next == QLatin1Char('\\')) {
            flushPlain(i);
            out += '\\';
            plainFrom = ++i + 1;
        } else if (next == QLatin1Char('x') && i + 3 < escaped.size() && hexValue(escaped.at(i + 2)) >= 0 &&
                   hexValue(escaped.at(i + 3)) >= 0) {
            flushPlain(i);
            out += char(hexValue(escaped.at(i + 2)) * 16 + hexValue(escaped.at(i + 3)));
            i += 3;
            plainFrom = i + 1;
        }
    }
    flushPlain(escaped.size());
    return out;
}

QString canonical(const QString& escaped)
{
    if (!escaped.contains(QLatin1Char('\\')) && text(escaped) == escaped)
        return escaped;
    return bytes(unescape(escaped));
}

bool isUtf8(const QByteArray& input)
{
    for (qsizetype i = 0; i < input.size();) {
        const qsizetype length = utf8SequenceLength(input, i);
        if (length == 0)
            return false;
        i += length;
    }
    return true;
}

QString shellArgument(QString text)
{
    // Inside single quotes the shell reads every byte as it is; only the quote itself needs care.
    return QLatin1Char('\'') + text.replace(QLatin1Char('\''), QLatin1String("'\\''")) + QLatin1Char('\'');
}

} // namespace Escape

} // namespace tokencache
