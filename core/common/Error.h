#pragma once

#include <QString>

namespace tokencache {

/**
 * A failure as a value: which part failed and a message that says what, where and what to do.
 * The kind decides the headless exit code and how the GUI presents it.
 */
struct Error
{
    enum class Kind
    {
        Usage,    ///< bad command line
        Config,   ///< bad or unreadable configuration, unresolved secret reference
        Redis,    ///< Redis unreachable, refused a command, or holds unusable data
        Provider, ///< the token endpoint failed or answered something unusable
        NotFound, ///< the named key or profile does not exist
        Refused,  ///< a write on a read-only connection: nothing was sent
        Aborted,  ///< the work was cancelled: its session or its caller went away
    };

    Kind kind = Kind::Usage;
    QString message;

    static Error usage(const QString& message) { return {Kind::Usage, message}; }
    static Error config(const QString& message) { return {Kind::Config, message}; }
    static Error redis(const QString& message) { return {Kind::Redis, message}; }
    static Error provider(const QString& message) { return {Kind::Provider, message}; }
    static Error notFound(const QString& message) { return {Kind::NotFound, message}; }
    static Error refused(const QString& message) { return {Kind::Refused, message}; }
    static Error aborted(const QString& message) { return {Kind::Aborted, message}; }
};

} // namespace tokencache
