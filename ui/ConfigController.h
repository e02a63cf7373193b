#pragma once

#include "core/common/Result.h"
#include "core/config/AppConfig.h"
#include "core/config/ConfigStore.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <functional>

namespace tokencache {

/**
 * The window's configuration: loads the file, saves each change under the store's lock and says
 * what changed, so the window reconnects when any connection setting (TLS included) changes and
 * only syncs again when a profile does. Profiles are data: none of this needs a live connection.
 */
class ConfigController final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConfigController)

public:
    /** @p redisUrlOverride (from LaunchOptions) replaces the file's URL until the user saves a connection. */
    ConfigController(const QString& path, const QString& redisUrlOverride, QObject* parent = nullptr);

    /** Watches the file: a change made elsewhere (`tokencache --headless profiles add`) is loaded. */
    void watch();

    /** The configuration in use: the file's, with the launch override's Redis URL. */
    const AppConfig& config() const { return m_config; }
    const QString& path() const { return m_store.path(); }
    /** The connection as the file holds it: what the connection dialog edits and saves. */
    const RedisSettings& savedConnection() const { return m_savedConnection; }
    /** The launch override's URL while it replaces the file's; empty otherwise. */
    const QString& redisUrlOverride() const { return m_redisUrlOverride; }
    /** Why the file cannot be read; empty when it can. While set, nothing is saved over the file. */
    const QString& error() const { return m_error; }
    bool editable() const { return m_error.isEmpty(); }

    /** Reads the file; emits changed(). */
    void load();
    /** Saves @p profile, replacing the profile named @p replacing (empty: adds it). */
    Result<Done> saveProfile(const ProviderProfile& profile, const QString& replacing);
    Result<Done> deleteProfile(const QString& name);
    /** Saves the connection; from now on the file's URL counts, not the launch override. */
    Result<Done> saveConnection(const RedisSettings& settings);

signals:
    /** The configuration was read again; @p connectionChanged: a new Redis connection is needed. */
    void changed(bool connectionChanged);

private:
    Result<Done> save(const std::function<Result<Done>(AppConfig&)>& change);

    /** Loads again if the file's bytes changed since the last load (our own saves change nothing). */
    void reloadIfChanged();
    QByteArray fileBytes() const;

    ConfigStore m_store;
    QString m_redisUrlOverride;
    AppConfig m_config;
    RedisSettings m_savedConnection;
    QString m_error;
    bool m_loaded = false;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; ///< a save is a write and a rename: load once they are done
    QByteArray m_loadedBytes;
};

} // namespace tokencache
