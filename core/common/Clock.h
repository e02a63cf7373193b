#pragma once

#include <QDateTime>

namespace tokencache {

/**
 * Time as the code reads it. Front ends use Clock::system(); tests pass a ManualClock
 * (tests/support) so no result depends on how fast a loaded machine runs.
 */
class Clock
{
public:
    virtual ~Clock() = default;

    /** Milliseconds on a monotonic clock: for TTLs counting down since a read. */
    virtual qint64 monotonicMs() const = 0;
    /** The wall clock, UTC: for times a server or token states (JWT exp, lock stamps). */
    virtual QDateTime nowUtc() const = 0;

    /** The machine's clocks. */
    static const Clock& system();
};

} // namespace tokencache
