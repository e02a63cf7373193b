#include "core/audit/AuditLog.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStorageInfo>
#include <QSysInfo>

#include <pwd.h>
#include <unistd.h>

namespace tokencache {

namespace {

constexpr qint64 kMinimumFreeBytes = 64 * 1024; ///< thousands of lines: room for the action's own
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;

QString userName()
{
    // The account, not $USER: a variable anyone can set says nothing about who acted.
    if (const passwd* entry = getpwuid(getuid()))
        return QString::fromLocal8Bit(entry->pw_name);
    return QString::number(getuid());
}

} // namespace

AuditLog::AuditLog(const QString& path, const QString& frontEnd, const QString& connection)
    : m_path(path), m_frontEnd(frontEnd), m_connection(connection)
{}

QString AuditLog::defaultPath()
{
    // The XDG base directory spec's state home: logs and history belong there, not in config or cache.
    QString state = qEnvironmentVariable("XDG_STATE_HOME");
    if (state.isEmpty() || QDir::isRelativePath(state))
        state = QDir::homePath() + QStringLiteral("/.local/state");
    return state + QStringLiteral("/tokencache/audit.jsonl");
}

Result<Done> AuditLog::check() const
{
    return record({});
}

Result<Done> AuditLog::record(const AuditEvent& event) const
{
    const auto failed = [this](const QString& why) {
        return Error::config(
            QStringLiteral("audit log %1 cannot be written (%2); nothing was done. Fix it, "
                           "or name another file with --audit-log or the config's audit.file")
                .arg(m_path, why));
    };
    const QString folder = QFileInfo(m_path).absolutePath();
    if (!QDir(folder).exists() && !QDir().mkpath(folder))
        return failed(QStringLiteral("cannot create %1").arg(folder));
    // A device or a pipe is no log (/dev/null would make it one nobody keeps), and its mode is the system's.
    if (const QFileInfo existing(m_path); existing.exists() && !existing.isFile())
        return failed(QStringLiteral("not a regular file"));
    // A full disk fails the write after the action: refuse before it instead, while there is no room.
    if (const QStorageInfo disk(folder); disk.isValid() && disk.bytesAvailable() < kMinimumFreeBytes)
        return failed(
            QStringLiteral("less than %1 KiB free on %2").arg(kMinimumFreeBytes / 1024).arg(disk.rootPath()));
    QFile file(m_path);
    // O_APPEND: lines from several processes never overwrite each other.
    if (!file.open(QIODevice::WriteOnly | QIODevice::Append, kOwnerOnly))
        return failed(file.errorString());
    if (file.permissions() & ~(kOwnerOnly | QFileDevice::ReadUser | QFileDevice::WriteUser))
        file.setPermissions(kOwnerOnly); // made by hand, readable by others: it names keys and users
    if (event.action.isEmpty())
        return Done{}; // check(): it opens for appending
    const QJsonObject line{
        {QStringLiteral("time"), QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs)},
        {QStringLiteral("user"), userName()},
        {QStringLiteral("host"), QSysInfo::machineHostName()},
        {QStringLiteral("pid"), QCoreApplication::applicationPid()},
        {QStringLiteral("frontEnd"), m_frontEnd},
        {QStringLiteral("connection"), event.connection.isEmpty() ? m_connection : event.connection},
        {QStringLiteral("action"), event.action},
        {QStringLiteral("key"), event.key},
        {QStringLiteral("profile"), event.profile},
        {QStringLiteral("fingerprint"), event.fingerprint},
        {QStringLiteral("result"), event.result.isEmpty() ? QStringLiteral("ok") : event.result},
    };
    const QByteArray bytes = QJsonDocument(line).toJson(QJsonDocument::Compact) + '\n';
    if (file.write(bytes) != bytes.size() || !file.flush())
        return Error::config(
            QStringLiteral("audit log %1 could not record %2 (%3): it was done, but is not in the log")
                .arg(m_path, event.action, file.errorString()));
    return Done{};
}

} // namespace tokencache
