#pragma once

#include <QObject>
#include <QThread>

#include <deque>
#include <functional>
#include <memory>
#include <mutex>

namespace tokencache {

/**
 * Runs work on the thread this object lives on, posted from any thread, in the order posted.
 * Work is handed over through a std::mutex and the wake-up carries no data: ThreadSanitizer sees
 * the hand-off (Debian's Qt is not instrumented, so a lambda queued with
 * QMetaObject::invokeMethod would read as a race even though Qt's own lock orders it).
 */
class ThreadMailbox final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ThreadMailbox)

public:
    explicit ThreadMailbox(QObject* parent = nullptr);
    /** Drops work not run yet. */
    ~ThreadMailbox() override;

    void post(std::function<void()> work);

private:
    /** Runs what was posted, in order, until it took kTurnMs; the rest runs on the next turn. */
    Q_INVOKABLE void runPosted();

    static constexpr int kTurnMs = 4;

    std::mutex m_mutex;
    std::deque<std::function<void()>> m_posted;
    bool m_wakeUpPending = false;
};

/**
 * A thread of its own for background work, with a mailbox on it. It runs at a lower scheduling
 * priority than the thread of the window, so that work never takes a core from it. Destroying
 * it waits for the work already posted, then ends the thread.
 */
class WorkerThread
{
public:
    explicit WorkerThread(const QString& name);
    ~WorkerThread();
    WorkerThread(const WorkerThread&) = delete;
    WorkerThread& operator=(const WorkerThread&) = delete;

    void post(std::function<void()> work) { m_mailbox->post(std::move(work)); }
    /** Runs @p work on the thread and waits until it has run. */
    void runAndWait(const std::function<void()>& work);
    /** Lives on the thread: objects made for work there can be its children. */
    QObject* object() const { return m_mailbox; }

private:
    QThread m_thread;
    ThreadMailbox* m_mailbox; ///< lives on m_thread
};

} // namespace tokencache
