#include "ui/ConfigController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <utility>

namespace tokencache {

ConfigController::ConfigController(const QString& path, const QString& redisUrlOverride, QObject* parent)
    : QObject(parent), m_store(path), m_redisUrlOverride(redisUrlOverride), m_settle(this)
{
    m_settle.setSingleShot(true);
    m_settle.setInterval(100);
    connect(&m_settle, &QTimer::timeout, this, &ConfigController::reloadIfChanged);
    connect(&m_watcher, &QFileSystemWatcher::fileChanged, &m_settle, qOverload<>(&QTimer::start));
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_settle, qOverload<>(&QTimer::start));
}

void ConfigController::watch()
{
    // The directory too: an atomic save replaces the file, and a watch on the old one ends.
    const QFileInfo file(m_store.path());
    QDir().mkpath(file.absolutePath());
    m_watcher.addPath(file.absolutePath());
    if (file.exists())
        m_watcher.addPath(file.absoluteFilePath());
}

QByteArray ConfigController::fileBytes() const
{
    QFile file(m_store.path());
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void ConfigController::reloadIfChanged()
{
    watch(); // the file may be new, or a new file by the same name
    if (fileBytes() != m_loadedBytes)
        load();
}

void ConfigController::load()
{
    const RedisSettings before = m_config.redis;
    m_loadedBytes = fileBytes();
    auto loaded = m_store.load();
    m_error = loaded ? QString() : loaded.error().message;
    // A file broken while the window runs (a typo, a writer caught mid-write) disables editing
    // but keeps the connection and the profiles in use.
    if (loaded || !m_loaded)
        m_config = loaded ? *loaded : AppConfig{};
    // The override is never the file's: saved as such, a password in it would land in the file.
    if (loaded || !m_loaded)
        m_savedConnection = m_config.redis;
    if (!m_redisUrlOverride.isEmpty())
        m_config.redis.url = m_redisUrlOverride;
    const bool connectionChanged = !m_loaded || !(before == m_config.redis);
    m_loaded = true;
    emit changed(connectionChanged);
}

Result<Done> ConfigController::save(const std::function<Result<Done>(AppConfig&)>& change)
{
    if (!editable())
        return Error::config(m_error);
    auto saved = m_store.update(change);
    if (saved)
        load();
    return saved;
}

Result<Done> ConfigController::saveProfile(const ProviderProfile& profile, const QString& replacing)
{
    return save([&profile, &replacing](AppConfig& config) -> Result<Done> {
        if (!replacing.isEmpty())
            config.profiles.removeIf([&replacing](const ProviderProfile& p) { return p.name == replacing; });
        config.profiles.append(profile);
        return Done{};
    });
}

Result<Done> ConfigController::deleteProfile(const QString& name)
{
    return save([&name](AppConfig& config) -> Result<Done> {
        config.profiles.removeIf([&name](const ProviderProfile& p) { return p.name == name; });
        return Done{};
    });
}

Result<Done> ConfigController::saveConnection(const RedisSettings& settings)
{
    const QString override = std::exchange(m_redisUrlOverride, QString());
    auto saved = save([&settings](AppConfig& config) -> Result<Done> {
        config.redis = settings;
        return Done{};
    });
    if (!saved)
        m_redisUrlOverride = override;
    return saved;
}

} // namespace tokencache
