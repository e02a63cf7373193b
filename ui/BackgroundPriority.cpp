#include "ui/BackgroundPriority.h"

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace tokencache {

namespace {
constexpr int kBackgroundNice = 5; ///< above the UI thread's 0
}

void lowerCurrentThreadPriority()
{
#ifdef __linux__
    // QThread::setPriority does nothing under SCHED_OTHER; Linux takes a nice value per thread id.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kBackgroundNice);
#endif
}

} // namespace tokencache
