#pragma once

namespace tokencache {

/** What a process holding production secrets does for itself before it reads any. */
namespace ProcessHardening {

/**
 * Marks the process non-dumpable (Linux: prctl(PR_SET_DUMPABLE, 0)): a crash writes no core
 * file holding the Redis password or client secrets, and other users' debuggers cannot attach.
 * Returns false where that is not possible.
 */
bool disableCoreDumps();

/** Whether the process is marked dumpable (for tests). */
bool isDumpable();

} // namespace ProcessHardening

} // namespace tokencache
