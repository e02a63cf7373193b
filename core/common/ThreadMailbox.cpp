#include "core/common/ThreadMailbox.h"

#include <QElapsedTimer>

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
    QElapsedTimer running;
    running.start();
    for (;;) {
        std::function<void()> work;
        {
            const std::lock_guard lock(m_mutex);
            if (m_posted.empty()) {
                m_wakeUpPending = false;
                return;
            }
            work = std::move(m_posted.front());
            m_posted.pop_front();
        }
        work();
        work = nullptr; // what it holds is let go now, not after the rest has run
        if (running.elapsed() >= kTurnMs) {
            // Several answers that piled up would run back to back: the event loop (painting,
            // input) gets a turn between them. The wake-up stays pending, so posts add none.
            QMetaObject::invokeMethod(this, "runPosted", Qt::QueuedConnection);
            return;
        }
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
