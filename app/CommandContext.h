#pragma once

#include "app/ExitCode.h"
#include "core/audit/AuditLog.h"
#include "core/common/Result.h"
#include "core/config/AppConfig.h"
#include "core/config/ConfigStore.h"
#include "core/oauth/TokenResponse.h"

#include <QJsonObject>
#include <QObject>
#include <QTextStream>

#include <functional>
#include <memory>

namespace tokencache {

class CacheSession;
class TokenCache;
struct ProviderProfile;

/** What `--output` selects: aligned text, one JSON document, or one JSON object per line. */
enum class OutputFormat
{
    Table,
    Json,
    Jsonl,
    Prometheus ///< text exposition format: `audit` only
};

/**
 * What a headless command works with: output streams, the loaded configuration, and the core
 * services, created on first use so that commands which need no Redis never connect.
 */
class CommandContext final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(CommandContext)

public:
    /** @p connectionName must name one of @p config's connections. */
    CommandContext(QTextStream& out, QTextStream& err, OutputFormat format, ConfigStore store,
                   AppConfig config, const QString& connectionName, const QString& auditLogPath = {},
                   QObject* parent = nullptr);
    ~CommandContext() override;

    QTextStream& out() { return m_out; }
    QTextStream& err() { return m_err; }
    OutputFormat format() const { return m_format; }
    /** JSON or JSON lines: what scripts read. */
    bool json() const { return m_format != OutputFormat::Table; }
    /** One object: indented for json, one line for jsonl. */
    void printJson(const QJsonObject& object);
    /** `--help` stood on the command line: the command prints its help instead of running. */
    bool helpAsked() const { return m_helpAsked; }
    void setHelpAsked(bool asked) { m_helpAsked = asked; }
    /**
     * The connection `--connection`/`-C` named on the command line; empty when none was. Whole-config
     * commands (export, import) act on that one only when it was named there: $TOKENCACHE_CONNECTION
     * picks the connection other commands use, it does not narrow an export.
     */
    const QString& connectionFlag() const { return m_connectionFlag; }
    void setConnectionFlag(const QString& name) { m_connectionFlag = name; }
    const ConfigStore& store() const { return m_store; }
    /** The audit log of this run: --audit-log, else the config's audit.file, else AuditLog::defaultPath(). */
    const AuditLog& audit() const { return *m_audit; }
    /**
     * Records @p event; for an action done here, not in the cache (a token printed, a profile added),
     * which checked the log before it began. A `get` that hits is recorded only with audit.logHits.
     */
    void record(const AuditEvent& event);
    /** Before an action record() will log: false (and failed, exit 2) when the log cannot be written. */
    bool auditable();
    /** Changes the file's copy of connection() under the store's lock (the file's URL, not --redis). */
    Result<Done> updateConnection(const std::function<Result<Done>(Connection&)>& change) const;
    const AppConfig& config() const { return m_config; }
    /** The connection the command works on: --connection, else the configured default. */
    const Connection& connection() const { return *m_config.connection(m_connectionName); }

    /** The token cache on the connection's Redis; fails on a bad Redis URL or unresolvable password. */
    Result<TokenCache*> cache();
    /** The session the cache lives in (its Redis connection too). */
    Result<CacheSession*> session();
    /** The connection's profile named @p name, or a NotFound error listing what exists. */
    Result<ProviderProfile> profile(const QString& name) const;
    /**
     * Reads @p key's token as @p owner says and hands it to @p use; fails the command when the key cannot
     * be read or holds no token ("KEY holds no token to @p purpose").
     */
    void readToken(const QString& key, const ProviderProfile& owner, const QString& purpose,
                   std::function<void(const TokenResponse&)> use);
    /** The profile @p named, or when none is named the one whose key @p key is; NotFound says how to name
     * one. */
    Result<ProviderProfile> keyOwner(const QString& key, const QString& named) const;

    void warn(const QString& message);
    /**
     * Flushes the output; true when it can no longer be written (disk full, a closed pipe). A
     * command that streams asks after each batch and stops: `list | head -1` reads no further.
     */
    bool outputFailed();
    void finish(ExitCode code = ExitCode::Ok);
    /** Prints @p error as one line on stderr and finishes with its exit code. */
    void fail(const Error& error);

signals:
    void finished(int exitCode);

private:
    /** Flushes the output; true when a write failed (disk full, or a closed pipe: then quietly). */
    bool writeFailed();

    QTextStream& m_out;
    QTextStream& m_err;
    OutputFormat m_format;
    bool m_helpAsked = false;
    QString m_connectionFlag;
    ConfigStore m_store;
    AppConfig m_config;
    QString m_connectionName;
    std::shared_ptr<const AuditLog> m_audit;
    std::shared_ptr<CacheSession> m_session;
    bool m_finished = false;
    bool m_outputFailed = false;
};

/** Whether @p out is a pipe whose reader has gone (`| head -1`): the command ends quietly, exit 1. */
bool outputReaderGone(QTextStream& out);

} // namespace tokencache
