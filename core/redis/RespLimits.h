#pragma once

#include <QByteArray>
#include <QString>

#include <vector>

namespace tokencache {

/**
 * Checks RESP reply headers as bytes arrive, before hiredis sees them: hiredis 0.14 allocates
 * what a `*N` or `$N` header announces (no `maxelements` before 1.0), so a 14-byte header could
 * cost gigabytes. A bulk string over maxBulkBytes, or a reply with more than maxElements
 * elements in all, or with more than maxBulkBytes of bulk strings in all, is a protocol error
 * before anything is allocated.
 */
class RespLimits
{
public:
    static constexpr qint64 kDefaultMaxBulkBytes = 64LL << 20;
    static constexpr qint64 kDefaultMaxElements = 1'000'000;
    /**
     * A status, error or header line. Kept small: hiredis searches an unfinished line from its
     * start on every read, so a line trickled in a byte at a time costs time quadratic in its length.
     */
    static constexpr qsizetype kMaxLineBytes = 64 * 1024;

    explicit RespLimits(qint64 maxBulkBytes = kDefaultMaxBulkBytes, qint64 maxElements = kDefaultMaxElements)
        : m_maxBulkBytes(maxBulkBytes), m_maxElements(maxElements)
    {}

    /** Scans the next received bytes; false (with error()) once a header breaks a limit. */
    bool check(const char* data, qsizetype size);
    QString error() const { return m_error; }
    void reset();

private:
    bool header(const QByteArray& line);
    void elementDone();
    bool fail(const QString& error);

    qint64 m_maxBulkBytes;
    qint64 m_maxElements;
    QByteArray m_line;          ///< the header line received so far
    qint64 m_skip = 0;          ///< bulk payload bytes (and CRLF) still to come
    std::vector<qint64> m_open; ///< elements still to come in each open array
    qint64 m_replyElements = 0; ///< elements announced in the current top-level reply
    qint64 m_replyBytes = 0;    ///< bulk bytes announced in the current top-level reply
    QString m_error;
};

} // namespace tokencache
