#include "core/redis/RespLimits.h"

#include <QLocale>

namespace tokencache {

bool RespLimits::check(const char* data, qsizetype size)
{
    qsizetype at = 0;
    while (at < size && m_error.isEmpty()) {
        if (m_skip > 0) {
            const qsizetype take = qsizetype(qMin<qint64>(m_skip, size - at));
            m_skip -= take;
            at += take;
            if (m_skip == 0)
                elementDone();
            continue;
        }
        // A line ends at CRLF, as hiredis reads it: a bare LF inside a status line ends nothing.
        const char* newline = nullptr;
        for (qsizetype from = at; from < size;) {
            const char* lf = static_cast<const char*>(memchr(data + from, '\n', size_t(size - from)));
            if (!lf)
                break;
            const char before = lf > data + at ? lf[-1] : (m_line.isEmpty() ? '\0' : m_line.back());
            if (before == '\r') {
                newline = lf;
                break;
            }
            from = lf - data + 1;
        }
        const qsizetype end = newline ? newline - data + 1 : size;
        if (m_line.size() + (end - at) > kMaxLineBytes)
            return fail(QStringLiteral("a reply line longer than %1")
                            .arg(QLocale::c().formattedDataSize(kMaxLineBytes)));
        m_line.append(data + at, end - at);
        at = end;
        if (!newline)
            break;
        const QByteArray line = m_line;
        m_line.clear();
        if (!header(line))
            return false;
    }
    return m_error.isEmpty();
}

bool RespLimits::header(const QByteArray& line)
{
    const char type = line.isEmpty() ? '\0' : line.at(0);
    if (type == '+' || type == '-' || type == ':') {
        elementDone();
        return true;
    }
    if (type != '$' && type != '*')
        return true; // hiredis reports the bad type byte with its own words
    bool ok = false;
    const qint64 length = line.mid(1).trimmed().toLongLong(&ok);
    if (!ok || length < -1)
        return fail(QStringLiteral("invalid length \"%1\" in a reply header")
                        .arg(QString::fromLatin1(line.mid(1, 24).trimmed().toPercentEncoding())));
    if (type == '$') {
        if (length > m_maxBulkBytes)
            return fail(
                QStringLiteral("a bulk string of %1 bytes exceeds the limit of %2 bytes (redis.maxBulkBytes)")
                    .arg(length)
                    .arg(m_maxBulkBytes));
        m_replyBytes += qMax<qint64>(length, 0);
        if (m_replyBytes > m_maxBulkBytes)
            return fail(QStringLiteral("a reply of more than %1 bytes in all (limit redis.maxBulkBytes)")
                            .arg(m_maxBulkBytes));
        if (length < 0)
            elementDone();
        else
            m_skip = length + 2;
        return true;
    }
    m_replyElements += qMax<qint64>(length, 0);
    if (length > m_maxElements || m_replyElements > m_maxElements)
        return fail(
            QStringLiteral("a reply of more than %1 elements (array header *%2; limit redis.maxElements)")
                .arg(m_maxElements)
                .arg(length));
    if (length <= 0)
        elementDone();
    else
        m_open.push_back(length);
    return true;
}

void RespLimits::elementDone()
{
    // A finished element may finish its array, which is an element of its parent in turn.
    while (!m_open.empty()) {
        if (--m_open.back() > 0)
            return;
        m_open.pop_back();
    }
    m_replyElements = 0;
    m_replyBytes = 0;
}

bool RespLimits::fail(const QString& error)
{
    m_error = error;
    return false;
}

void RespLimits::reset()
{
    m_line.clear();
    m_skip = 0;
    m_open.clear();
    m_replyElements = 0;
    m_replyBytes = 0;
    m_error.clear();
}

} // namespace tokencache
