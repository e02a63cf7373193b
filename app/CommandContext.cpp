#include "app/CommandContext.h"

#include "core/cache/CacheSession.h"
#include "core/cache/TokenCache.h"
#include "core/common/Escape.h"

#include <QFileDevice>
#include <QJsonDocument>

#include <poll.h>

namespace tokencache {

CommandContext::CommandContext(QTextStream& out, QTextStream& err, OutputFormat format, ConfigStore store,
                               AppConfig config, const QString& connectionName, const QString& auditLogPath,
                               QObject* parent)
    : QObject(parent), m_out(out), m_err(err), m_format(format), m_store(std::move(store)),
      m_config(std::move(config)), m_connectionName(connectionName),
      m_audit(std::make_shared<AuditLog>(!auditLogPath.isEmpty()          ? auditLogPath
                                         : !m_config.audit.file.isEmpty() ? m_config.audit.file
                                                                          : AuditLog::defaultPath(),
                                         QStringLiteral("headless"), connectionName))
{
    Q_ASSERT(m_config.connection(m_connectionName));
}

CommandContext::~CommandContext() = default;

Result<CacheSession*> CommandContext::session()
{
    if (!m_session) {
        auto session = CacheSession::create(connection().redis, connection().writeRefusal(), m_audit);
        if (!session)
            return session.error();
        m_session = *session;
    }
    return m_session.get();
}

Result<TokenCache*> CommandContext::cache()
{
    auto opened = session();
    if (!opened)
        return opened.error();
    return &(*opened)->cache();
}

void CommandContext::readToken(const QString& key, const ProviderProfile& owner, const QString& purpose,
                               std::function<void(const TokenResponse&)> use)
{
    auto opened = cache();
    if (!opened)
        return fail(opened.error());
    (*opened)->read(key, &owner, this, [this, key, purpose, use](const Result<CacheEntry>& entry) {
        if (!entry)
            return fail(entry.error());
        if (!entry->token)
            return fail(Error::notFound(QStringLiteral("%1 holds no token to %2").arg(key, purpose)));
        use(*entry->token);
    });
}

Result<ProviderProfile> CommandContext::keyOwner(const QString& key, const QString& named) const
{
    if (!named.isEmpty())
        return profile(named);
    if (const ProviderProfile* owner = connection().profileForKey(key))
        return *owner;
    return Error::notFound(
        QStringLiteral("no profile writes %1: name the one whose provider issued it with --profile")
            .arg(key));
}

Result<ProviderProfile> CommandContext::profile(const QString& name) const
{
    if (const ProviderProfile* found = connection().profile(name))
        return *found;
    QStringList names;
    for (const ProviderProfile& profile : connection().profiles)
        names.append(profile.name);
    const QString known = names.isEmpty() ? QStringLiteral("none is configured; see `profiles add`")
                                          : QStringLiteral("known: ") + names.join(QStringLiteral(", "));
    const QString where =
        m_config.connections.size() > 1
            ? QStringLiteral("connection \"%1\" of %2").arg(m_connectionName, m_store.path())
            : m_store.path();
    return Error::notFound(QStringLiteral("no profile named \"%1\" in %2 (%3)").arg(name, where, known));
}

Result<Done> CommandContext::updateConnection(const std::function<Result<Done>(Connection&)>& change) const
{
    return m_store.update([this, &change](AppConfig& config) -> Result<Done> {
        Connection* stored = config.connection(m_connectionName);
        if (!stored)
            return Error::notFound(QStringLiteral("connection \"%1\" was removed from %2 meanwhile")
                                       .arg(m_connectionName, m_store.path()));
        return change(*stored);
    });
}

void CommandContext::record(const AuditEvent& event)
{
    if (const auto recorded = m_audit->record(event); !recorded)
        warn(recorded.error().message);
}

bool CommandContext::auditable()
{
    const auto writable = m_audit->check();
    if (!writable)
        fail(writable.error());
    return bool(writable);
}

void CommandContext::printJson(const QJsonObject& object)
{
    const bool oneLine = m_format == OutputFormat::Jsonl;
    m_out << QJsonDocument(object).toJson(oneLine ? QJsonDocument::Compact : QJsonDocument::Indented);
    if (oneLine)
        m_out << '\n';
}

void CommandContext::warn(const QString& message)
{
    m_err << "tokencache: warning: " << Escape::text(message) << Qt::endl;
}

bool CommandContext::outputFailed()
{
    // More would come: a reader that is gone already makes the output incomplete.
    if (!writeFailed() && outputReaderGone(m_out))
        m_outputFailed = true;
    return m_outputFailed;
}

bool CommandContext::writeFailed()
{
    if (m_outputFailed)
        return true;
    m_out.flush();
    if (m_out.status() == QTextStream::Ok)
        return false;
    m_outputFailed = true;
    if (!outputReaderGone(m_out)) { // a closed pipe ends the command quietly
        auto* device = qobject_cast<QFileDevice*>(m_out.device());
        m_err << "tokencache: cannot write the output: "
              << (device ? device->errorString() : QStringLiteral("write failed")) << Qt::endl;
    }
    return true;
}

bool outputReaderGone(QTextStream& out)
{
    auto* device = qobject_cast<QFileDevice*>(out.device());
    // A pipe whose reader is gone reports POLLERR before anything is written to it (SIGPIPE is
    // ignored), so without this check a listing would run to its end unread.
    pollfd output{device ? device->handle() : -1, 0, 0};
    return output.fd >= 0 && poll(&output, 1, 0) == 1 && (output.revents & POLLERR);
}

void CommandContext::finish(ExitCode code)
{
    if (m_finished)
        return;
    m_finished = true;
    // Everything written and read (`get | head -1`) is a success, however soon the reader left.
    if (writeFailed())
        code = ExitCode::Output;
    m_err.flush();
    emit finished(int(code));
}

void CommandContext::fail(const Error& error)
{
    m_err << "tokencache: " << Escape::text(error.message) << Qt::endl;
    finish(exitCodeFor(error.kind));
}

} // namespace tokencache
