#pragma once

namespace tokencache {

/**
 * Gives the calling thread a lower scheduling priority than the UI thread, so background work
 * (the session's I/O and parsing, sorting large tables) never takes the core from the window.
 */
void lowerCurrentThreadPriority();

} // namespace tokencache
