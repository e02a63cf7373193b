#pragma once

#include "core/common/Error.h"

namespace tokencache {

/** The headless exit codes; documented in --help and the README. */
enum class ExitCode : int
{
    Ok = 0,
    Output = 1,      ///< the output could not be written (a closed pipe ends the command quietly)
    Usage = 2,       ///< usage or configuration error
    Redis = 3,       ///< Redis unreachable or Redis error
    Provider = 4,    ///< token endpoint error
    NotFound = 5,    ///< no such key or profile
    Refused = 6,     ///< a write on a read-only connection
    NotValid = 7,    ///< verify: the token is not shown valid (invalid, or unverifiable here)
    Problems = 8,    ///< audit: problems found
    ChildFailed = 9, ///< the program tokencache ran failed (curl)
};

inline ExitCode exitCodeFor(Error::Kind kind)
{
    switch (kind) {
    case Error::Kind::Usage:
    case Error::Kind::Config:
        return ExitCode::Usage;
    case Error::Kind::Redis:
    case Error::Kind::Aborted: // a headless command ends its session only after its own work
        return ExitCode::Redis;
    case Error::Kind::Provider:
        return ExitCode::Provider;
    case Error::Kind::NotFound:
        return ExitCode::NotFound;
    case Error::Kind::Refused:
        return ExitCode::Refused;
    }
    return ExitCode::Usage;
}

} // namespace tokencache
