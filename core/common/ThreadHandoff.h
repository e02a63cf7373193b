#pragma once

#include <memory>
#include <utility>

#if defined(__SANITIZE_THREAD__)
#define TOKENCACHE_TSAN 1
#elif defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define TOKENCACHE_TSAN 1
#endif
#endif

#ifdef TOKENCACHE_TSAN
extern "C" void __tsan_acquire(void* address);
extern "C" void __tsan_release(void* address);
#endif

namespace tokencache {

/**
 * Marks work handed to another thread (a queued call, a thread-pool task) so ThreadSanitizer sees
 * what Qt guarantees: all the sender wrote before handing over is visible to the thread that runs
 * it. Qt synchronises the hand-off inside its own library, which Debian does not build for
 * ThreadSanitizer, so without the mark every such hand-off reads as a race. Costs nothing otherwise.
 */
class ThreadHandoff
{
public:
#ifdef TOKENCACHE_TSAN
    ThreadHandoff() : m_token(std::make_shared<char>())
    {
        sent();
    }
    /** The sender's writes so far are published (called again by a worker that answers back). */
    void sent() const
    {
        __tsan_release(m_token.get());
    }
    /** The receiver sees what was published. */
    void received() const
    {
        __tsan_acquire(m_token.get());
    }

private:
    std::shared_ptr<char> m_token; ///< one address per hand-off: marks never order unrelated work
#else
    void sent() const {}
    void received() const {}
#endif
};

/** @p work, marked as handed over now: pass the result to QMetaObject::invokeMethod or a thread pool. */
template <typename Work> auto handedOver(Work work)
{
    return [handoff = ThreadHandoff(), work = std::move(work)](auto&&... arguments) mutable {
        handoff.received();
        return work(std::forward<decltype(arguments)>(arguments)...);
    };
}

} // namespace tokencache
