#include "core/common/ProcessHardening.h"

#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace tokencache {

namespace ProcessHardening {

bool disableCoreDumps()
{
#ifdef __linux__
    return prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) == 0;
#else
    return false;
#endif
}

bool isDumpable()
{
#ifdef __linux__
    return prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0;
#else
    return true;
#endif
}

} // namespace ProcessHardening

} // namespace tokencache
