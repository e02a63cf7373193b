#pragma once

#include <QByteArray>
#include <QDateTime>

namespace tokencache {

/** When a failed token request is tried again, and after how long. */
class RetryPolicy
{
public:
    static constexpr qint64 kBaseDelayMs = 250;
    static constexpr qint64 kMaxDelayMs = 10'000; ///< also caps a provider's Retry-After

    /** Network errors, timeouts, 5xx and 429 are transient; other answers are final. */
    static bool isRetryable(int httpStatus);

    /**
     * The wait before attempt @p nextAttempt (2 = first retry): the provider's Retry-After
     * (seconds or an HTTP date) if given, else exponential backoff with jitter.
     */
    static qint64 delayMs(int nextAttempt, const QByteArray& retryAfter,
                          const QDateTime& now = QDateTime::currentDateTimeUtc());
};

} // namespace tokencache
