#include "core/common/ThreadMailbox.h"

#include <future>

#ifdef __linux__
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

namespace tokencache {

namespace {

constexpr int kBackgroundNice = 5; ///< above the UI thread's 0

void lowerCurrentThreadPriority()
{
#ifdef __linux__
    // QThread::setPriority does nothing under SCHED_OTHER; Linux takes a nice value per thread id.
    setpriority(PRIO_PROCESS, static_cast<id_t>(syscall(SYS_gettid)), kBackgroundNice);
#endif
}

} // namespace

ThreadMailbox::ThreadMailbox(QObject* parent) : QObject(parent) {}

ThreadMailbox::~ThreadMailbox()
{
    // Under the lock: what a poster on another thread wrote happened before this.
    const std::lock_guard lock(m_mutex);
    m_posted.clear();
}

void ThreadMailbox::post(std::function<void()> work)
{
    bool wakeUp = false;
    {
        const std::lock_guard lock(m_mutex);
        m_posted.push_back(std::move(work));
        wakeUp = !std::exchange(m_wakeUpPending, true);
    }
    // One wake-up for work posted before it runs; by name, so no data travels in Qt's event.
    if (wakeUp)
        QMetaObject::invokeMethod(this, "runPosted", Qt::QueuedConnection);
}

void ThreadMailbox::runPosted()
{
    std::deque<std::function<void()>> posted;
    {
        const std::lock_guard lock(m_mutex);
        posted.swap(m_posted);
        m_wakeUpPending = false;
    }
    for (std::function<void()>& work : posted) {
        work();
        work = nullptr; // what it holds is let go now, not after the rest has run
    }
}

WorkerThread::WorkerThread(const QString& name) : m_mailbox(new ThreadMailbox)
{
    m_thread.setObjectName(name);
    m_mailbox->moveToThread(&m_thread);
    m_thread.start();
    post(lowerCurrentThreadPriority);
}

WorkerThread::~WorkerThread()
{
    runAndWait([] {}); // the work posted before has run
    m_thread.quit();
    m_thread.wait();
    delete m_mailbox; // its thread has ended: nothing runs there any more
}

void WorkerThread::runAndWait(const std::function<void()>& work)
{
    // std::promise rather than a blocking queued call: its wait is one ThreadSanitizer can see.
    std::promise<void> done;
    post([&work, &done] {
        work();
        done.set_value();
    });
    done.get_future().wait();
}

} // namespace tokencache
