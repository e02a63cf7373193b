#include "core/oauth/RetryPolicy.h"

#include <QLocale>
#include <QRandomGenerator>

namespace tokencache {

bool RetryPolicy::isRetryable(int httpStatus)
{
    return httpStatus == 0 || httpStatus == 429 || httpStatus >= 500;
}

qint64 RetryPolicy::delayMs(int nextAttempt, const QByteArray& retryAfter, const QDateTime& now)
{
    const QString header = QString::fromLatin1(retryAfter).trimmed();
    if (!header.isEmpty()) {
        bool isNumber = false;
        const qint64 seconds = header.toLongLong(&isNumber);
        if (isNumber && seconds >= 0)
            return qMin(seconds, kMaxDelayMs / 1000) * 1000; // capped before it is multiplied: no overflow
        // HTTP-date (RFC 9110 5.6.7), always in English and GMT.
        QDateTime date = QLocale::c().toDateTime(header, QStringLiteral("ddd, dd MMM yyyy HH:mm:ss 'GMT'"));
        if (date.isValid()) {
            date.setTimeSpec(Qt::UTC);
            return qBound<qint64>(0, now.msecsTo(date), kMaxDelayMs);
        }
    }
    // A random factor of 0.5 to 1.5 on the exponential step keeps many clients out of lockstep.
    const qint64 step = kBaseDelayMs << qMin(nextAttempt - 2, 10);
    const double jitter = 0.5 + QRandomGenerator::global()->generateDouble();
    return qMin<qint64>(qint64(step * jitter), kMaxDelayMs);
}

} // namespace tokencache
