#include "app/LaunchOptions.h"

#include "core/config/ConfigStore.h"

namespace tokencache {

LaunchOptions LaunchOptions::resolve(const std::optional<QString>& configFlag,
                                     const std::optional<QString>& redisFlag)
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
    return options;
}

} // namespace tokencache
