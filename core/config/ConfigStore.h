#pragma once

#include "core/common/Result.h"
#include "core/config/AppConfig.h"

#include <QString>

#include <functional>

namespace tokencache {

/**
 * The configuration file: read it, and change it safely. Writes are atomic (QSaveFile),
 * owner-only (0600) and serialised between processes (QLockFile); a file that does not
 * parse is reported and never overwritten.
 */
class ConfigStore
{
public:
    static constexpr int kLockWaitMs = 5000;

    /** @p lockWaitMs: how long update() waits for another writer before it gives up. */
    explicit ConfigStore(const QString& path, int lockWaitMs = kLockWaitMs)
        : m_path(path), m_lockWaitMs(lockWaitMs)
    {}

    /**
     * ~/.config/tokencache/config.json (under $XDG_CONFIG_HOME): fixed, whatever organization name
     * the application sets. The command line and the environment are the app's (LaunchOptions).
     */
    static QString defaultPath();

    const QString& path() const { return m_path; }

    /** The stored configuration; a missing file is an empty configuration. */
    Result<AppConfig> load() const;

    /** Loads, applies @p change and saves, all under the writer lock. */
    Result<Done> update(const std::function<Result<Done>(AppConfig&)>& change) const;

private:
    Result<Done> write(const AppConfig& config) const;

    QString m_path;
    int m_lockWaitMs;
};

} // namespace tokencache
