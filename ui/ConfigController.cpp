#include "ui/ConfigController.h"

#include <utility>

namespace tokencache {

ConfigController::ConfigController(const QString& path, const QString& redisUrlOverride, QObject* parent)
    : QObject(parent), m_store(path), m_redisUrlOverride(redisUrlOverride)
{}

void ConfigController::load()
{
    const RedisSettings before = m_config.redis;
    auto loaded = m_store.load();
    m_error = loaded ? QString() : loaded.error().message;
    m_config = loaded ? *loaded : AppConfig{};
    // The override is never the file's: saved as such, a password in it would land in the file.
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
