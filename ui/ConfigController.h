#pragma once

#include "core/audit/AuditLog.h"
#include "core/common/Result.h"
#include "core/config/AppConfig.h"
#include "core/config/ConfigStore.h"
#include "core/config/ConfigTransfer.h"

#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <functional>
#include <memory>

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
    /**
     * @p redisUrlOverride (from LaunchOptions) replaces the URL of the connection @p overriddenConnection
     * (empty: the default one) until the user saves that connection. @p shownConnection (empty: the
     * overridden one) is the connection connection() returns.
     */
    ConfigController(const QString& path, const QString& redisUrlOverride,
                     const QString& overriddenConnection = {}, const QString& shownConnection = {},
                     QObject* parent = nullptr);

    /** Watches the file: a change made elsewhere (`tokencache --headless profiles add`) is loaded. */
    void watch();

    /** The configuration in use: the file's, with the launch override's Redis URL. */
    const AppConfig& config() const { return m_config; }
    /** The connection the window shows, with the launch override's Redis URL. */
    const Connection& connection() const { return m_shown; }
    /** The shown connection is no longer in the file (connections remove): connection() is the last known. */
    bool removed() const { return m_removed; }
    /** The audit log of the shown connection's actions (the config's audit.file, else the default path). */
    std::shared_ptr<const AuditLog> auditLog() const { return m_auditLog; }
    const QString& path() const { return m_store.path(); }
    /** The shown connection's Redis settings as the file holds them: what the connection dialog edits and
     * saves. */
    const RedisSettings& savedConnection() const { return m_savedConnection; }
    /** The launch override's URL while it replaces the shown connection's; empty otherwise. */
    QString redisUrlOverride() const
    {
        return m_overriddenConnection == m_connectionName ? m_redisUrlOverride : QString();
    }
    /** Why the file cannot be read; empty when it can. While set, nothing is saved over the file. */
    const QString& error() const { return m_error; }
    bool editable() const { return m_error.isEmpty(); }

    /** Reads the file; emits changed(). */
    void load();
    /** Saves @p profile, replacing the profile named @p replacing (empty: adds it). */
    Result<Done> saveProfile(const ProviderProfile& profile, const QString& replacing);
    Result<Done> deleteProfile(const QString& name);
    /** Writes every connection of the file (not the launch override) to @p path as an export. */
    Result<ConfigTransfer::Export> exportTo(const QString& path);
    /** Adds the connections of the export at @p path; @p replace: also those whose names exist. */
    Result<ConfigTransfer::Import> importFrom(const QString& path, bool replace);
    /** Saves the shown connection's Redis settings and labels (tag, colour, read-only); from now on the
     * file's URL counts, not the launch override. */
    Result<Done> saveConnection(const Connection& edited);
    /** Adds @p added to the file (in place of the untouched built-in default, as `connections add` does). */
    Result<Done> addConnection(const Connection& added);

signals:
    /** The configuration was read again; @p connectionChanged: a new Redis connection is needed. */
    void changed(bool connectionChanged);

private:
    /** Changes the shown connection as the file holds it, recording @p event in the audit log. */
    Result<Done> save(const AuditEvent& event, const std::function<Result<Done>(Connection&)>& change);

    /** Loads again if the file's bytes changed since the last load (our own saves change nothing). */
    void reloadIfChanged();
    QByteArray fileBytes() const;

    ConfigStore m_store;
    QString m_redisUrlOverride;
    QString m_overriddenConnection; ///< whose URL m_redisUrlOverride replaces
    QString m_connectionName;
    Connection m_shown;
    bool m_removed = false;
    std::shared_ptr<const AuditLog> m_auditLog;
    AppConfig m_config;
    RedisSettings m_savedConnection;
    QString m_error;
    bool m_loaded = false;
    QFileSystemWatcher m_watcher;
    QTimer m_settle; ///< a save is a write and a rename: load once they are done
    QByteArray m_loadedBytes;
};

} // namespace tokencache
