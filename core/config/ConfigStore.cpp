#include "core/config/ConfigStore.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QLockFile>
#include <QSaveFile>
#include <QStandardPaths>

namespace tokencache {

QString ConfigStore::defaultPath()
{
    // Not AppConfigLocation: that moves into an organization's folder once the window names one.
    return QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation) +
           QStringLiteral("/tokencache/config.json");
}

Result<AppConfig> ConfigStore::load() const
{
    QFile file(m_path);
    if (!file.exists())
        return AppConfig{};
    if (!file.open(QIODevice::ReadOnly))
        return Error::config(QStringLiteral("config %1: cannot read: %2").arg(m_path, file.errorString()));
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::config(
            QStringLiteral("config %1: not valid JSON: %2 at offset %3; fix or move the file")
                .arg(m_path, parseError.errorString())
                .arg(parseError.offset));
    if (!document.isObject())
        return Error::config(
            QStringLiteral("config %1: expected a JSON object; fix or move the file").arg(m_path));
    auto config = AppConfig::fromJson(document.object());
    if (!config)
        return Error::config(QStringLiteral("config %1: %2").arg(m_path, config.error().message));
    return config;
}

Result<Done> ConfigStore::update(const std::function<Result<Done>(AppConfig&)>& change) const
{
    const QString directory = QFileInfo(m_path).absolutePath();
    if (!QDir().mkpath(directory))
        return Error::config(QStringLiteral("config %1: cannot create folder %2").arg(m_path, directory));

    QLockFile lock(m_path + QStringLiteral(".lock"));
    if (!lock.tryLock(m_lockWaitMs)) {
        qint64 pid = 0;
        QString host, app;
        lock.getLockInfo(&pid, &host, &app);
        return Error::config(
            QStringLiteral("config %1 is being changed by another process (pid %2); try again")
                .arg(m_path)
                .arg(pid));
    }
    auto config = load();
    if (!config)
        return config.error();
    if (auto changed = change(config.value()); !changed)
        return changed;
    return write(*config);
}

Result<Done> ConfigStore::write(const AppConfig& config) const
{
    QSaveFile file(m_path);
    if (!file.open(QIODevice::WriteOnly))
        return Error::config(QStringLiteral("config %1: cannot write: %2").arg(m_path, file.errorString()));
    // The file may hold literal secrets: only its owner may read it.
    file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    file.write(QJsonDocument(config.toJson()).toJson(QJsonDocument::Indented));
    if (!file.commit())
        return Error::config(QStringLiteral("config %1: cannot save: %2").arg(m_path, file.errorString()));
    return Done{};
}

} // namespace tokencache
