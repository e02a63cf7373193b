#pragma once

#include "core/common/Result.h"

#include <QString>

namespace tokencache {

/** One line of the audit log: what was done to which key, and how it ended. Never a token or a secret. */
struct AuditEvent
{
    QString action;  ///< fetch, refresh, evict, evict-lock, copy, reveal, get, header, curl, profile-add...
    QString key;     ///< the cache key, if the action has one
    QString profile; ///< the owning profile, if known
    QString fingerprint; ///< the token's (TokenResponse::fingerprint), if one was involved
    QString result;      ///< empty: ok; otherwise the error line
    QString connection;  ///< the connection acted on, when not the log's own (connection-add, ...)
};

/**
 * The append-only JSON-lines record of every action that changes the cache or exposes a token
 * (`$XDG_STATE_HOME/tokencache/audit.jsonl` by default, owner-only). Each line names the time (UTC),
 * user, host, process, front end and connection. An action that cannot be recorded is not done:
 * front ends and the cache call check() first.
 */
class AuditLog
{
public:
    /** @p frontEnd: `gui` or `headless`; @p connection: the connection the actions act on. */
    AuditLog(const QString& path, const QString& frontEnd, const QString& connection);

    /** $XDG_STATE_HOME/tokencache/audit.jsonl, ~/.local/state/... when unset (Qt 6.4 has no state location).
     */
    static QString defaultPath();

    const QString& path() const { return m_path; }
    /** Whether a line can be appended now (creating the folder and the file, owner-only); a Config error if
     * not. */
    Result<Done> check() const;
    /** Appends @p event as one line. */
    Result<Done> record(const AuditEvent& event) const;

private:
    QString m_path;
    QString m_frontEnd;
    QString m_connection;
};

} // namespace tokencache
