#pragma once

#include "core/common/Clock.h"

namespace tokencache {

/** A clock that moves only when the test says so. */
class ManualClock final : public Clock
{
public:
    explicit ManualClock(const QDateTime& wall = QDateTime(QDate(2026, 1, 1), QTime(12, 0), Qt::UTC))
        : m_wall(wall)
    {}

    qint64 monotonicMs() const override { return m_monotonicMs; }
    QDateTime nowUtc() const override { return m_wall.addMSecs(m_monotonicMs); }
    void advance(qint64 ms) { m_monotonicMs += ms; }

private:
    QDateTime m_wall;
    qint64 m_monotonicMs = 0;
};

} // namespace tokencache
