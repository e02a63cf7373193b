#include "core/common/Clock.h"

#include <QElapsedTimer>

namespace tokencache {

namespace {

class SystemClock final : public Clock
{
public:
    SystemClock() { m_monotonic.start(); }
    qint64 monotonicMs() const override { return m_monotonic.elapsed(); }
    QDateTime nowUtc() const override { return QDateTime::currentDateTimeUtc(); }

private:
    QElapsedTimer m_monotonic;
};

} // namespace

const Clock& Clock::system()
{
    static const SystemClock clock;
    return clock;
}

} // namespace tokencache
