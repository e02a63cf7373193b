#include "app/LaunchOptions.h"

#include "core/config/ConfigStore.h"

namespace tokencache {

LaunchOptions LaunchOptions::resolve(const std::optional<QString>& configFlag,
                                     const std::optional<QString>& redisFlag,
                                     const std::optional<QString>& connectionFlag)
{
    // The first one set wins: the command line, then the environment, then the configuration.
    const auto first = [](const std::optional<QString>& flag, const char* variable) {
        return flag ? *flag : qEnvironmentVariable(variable);
    };
    LaunchOptions options;
    options.configPath = first(configFlag, "TOKENCACHE_CONFIG");
    if (options.configPath.isEmpty())
        options.configPath = ConfigStore::defaultPath();
    options.redisUrlOverride = first(redisFlag, "TOKENCACHE_REDIS_URL");
    options.connectionName = first(connectionFlag, "TOKENCACHE_CONNECTION");
    // Only the environment's URL can be the private one: a --redis given by hand is the user's.
    options.redisIsPrivate = !redisFlag && !options.redisUrlOverride.isEmpty() &&
                             qEnvironmentVariable("TOKENCACHE_REDIS_PRIVATE") == QLatin1String("1");
    return options;
}

} // namespace tokencache
