#pragma once

#include <QString>

#include <optional>

namespace tokencache {

/**
 * What the command line and the environment say before the configuration is read, decided in one
 * place for both front ends: the config file's path and the Redis URL that replaces the config's.
 */
struct LaunchOptions
{
    QString configPath;       ///< --config, else $TOKENCACHE_CONFIG, else ConfigStore::defaultPath()
    QString redisUrlOverride; ///< --redis, else $TOKENCACHE_REDIS_URL; empty: the config's own URL
    QString connectionName;   ///< --connection, else $TOKENCACHE_CONNECTION; empty: the config's default
    /** $TOKENCACHE_REDIS_PRIVATE=1 with $TOKENCACHE_REDIS_URL (scripts/run.sh): a Redis started for
     *  this session only, whose data is discarded on quit. */
    bool redisIsPrivate = false;

    /** The flags as given on the command line (nullopt when not given). */
    static LaunchOptions resolve(const std::optional<QString>& configFlag = std::nullopt,
                                 const std::optional<QString>& redisFlag = std::nullopt,
                                 const std::optional<QString>& connectionFlag = std::nullopt);
};

} // namespace tokencache
