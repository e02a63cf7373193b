#include "ui/ConfigController.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>

#include <utility>

namespace tokencache {

ConfigController::ConfigController(const QString& path, const QString& redisUrlOverride,
                                   const QString& overriddenConnection, const QString& shownConnection,
                                   QObject* parent)
    : QObject(parent), m_store(path), m_redisUrlOverride(redisUrlOverride),
      m_overriddenConnection(overriddenConnection),
      m_connectionName(shownConnection.isEmpty() ? overriddenConnection : shownConnection), m_settle(this)
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
    const std::optional<Connection> before =
        m_loaded && !m_removed ? std::optional<Connection>(m_shown) : std::optional<Connection>();
    m_loadedBytes = fileBytes();
    auto loaded = m_store.load();
    m_error = loaded ? QString() : loaded.error().message;
    // A file broken while the window runs (a typo, a writer caught mid-write) disables editing
    // but keeps the connection and the profiles in use.
    if (loaded || !m_loaded)
        m_config = loaded ? *loaded : AppConfig{};
    if (m_connectionName.isEmpty()) // none chosen: the default
        m_connectionName = m_config.defaultConnection;
    // Removed meanwhile (or never there): the last known stays shown, and nothing is saved to another.
    m_removed = !m_config.connection(m_connectionName);
    if (m_overriddenConnection.isEmpty())
        m_overriddenConnection = m_config.defaultConnection;
    m_auditLog = std::make_shared<AuditLog>(m_config.audit.file.isEmpty() ? AuditLog::defaultPath()
                                                                          : m_config.audit.file,
                                            QStringLiteral("gui"), m_connectionName);
    // The override is never the file's: saved as such, a password in it would land in the file.
    if (!m_removed && (loaded || !m_loaded))
        m_savedConnection = m_config.connection(m_connectionName)->redis;
    if (Connection* overridden = m_config.connection(m_overriddenConnection);
        overridden && !m_redisUrlOverride.isEmpty())
        overridden->redis.url = m_redisUrlOverride;
    if (!m_removed)
        m_shown = *m_config.connection(m_connectionName);
    const bool connectionChanged = !before || before->name != connection().name ||
                                   !(before->redis == connection().redis) ||
                                   before->readOnly != connection().readOnly;
    m_loaded = true;
    emit changed(connectionChanged);
}

Result<Done> ConfigController::save(const AuditEvent& event,
                                    const std::function<Result<Done>(Connection&)>& change)
{
    if (!editable())
        return Error::config(m_error);
    if (auto writable = m_auditLog->check(); !writable)
        return writable;
    auto saved = m_store.update([this, &change](AppConfig& config) -> Result<Done> {
        Connection* stored = config.connection(m_connectionName);
        if (!stored)
            return Error::notFound(QStringLiteral("connection \"%1\" was removed from %2 meanwhile")
                                       .arg(m_connectionName, m_store.path()));
        return change(*stored);
    });
    if (saved) {
        m_auditLog->record(event);
        load();
    }
    return saved;
}

Result<ConfigTransfer::Export> ConfigController::exportTo(const QString& path)
{
    if (auto writable = m_auditLog->check(); !writable)
        return writable.error();
    const auto saved = m_store.load(); // the file's connections: the launch override is not one
    if (!saved)
        return saved.error();
    auto exported = ConfigTransfer::exportConnections(*saved);
    if (!exported)
        return exported;
    if (auto written = ConfigTransfer::writeFile(path, QJsonDocument(exported->json).toJson()); !written)
        return written.error();
    for (const QString& connection : exported->connections)
        m_auditLog->record({QStringLiteral("export"), {}, {}, {}, {}, connection});
    return exported;
}

Result<ConfigTransfer::Import> ConfigController::importFrom(const QString& path, bool replace)
{
    if (!editable())
        return Error::config(m_error);
    if (auto writable = m_auditLog->check(); !writable)
        return writable.error();
    const auto bytes = ConfigTransfer::readFile(path);
    if (!bytes)
        return bytes.error();
    const auto document = ConfigTransfer::parse(*bytes, path);
    if (!document)
        return document.error();
    ConfigTransfer::Import imported;
    auto saved = m_store.update([&](AppConfig& config) -> Result<Done> {
        auto done = ConfigTransfer::importConnections(config, *document, replace);
        if (!done)
            return done.error();
        imported = std::move(done).value();
        return Done{};
    });
    if (!saved)
        return saved.error();
    for (const QString& connection : imported.added)
        m_auditLog->record({QStringLiteral("import"), {}, {}, {}, {}, connection});
    for (const QString& connection : imported.replaced)
        m_auditLog->record({QStringLiteral("import-replace"), {}, {}, {}, {}, connection});
    load();
    return imported;
}

Result<Done> ConfigController::saveProfile(const ProviderProfile& profile, const QString& replacing)
{
    const AuditEvent event{replacing.isEmpty() ? QStringLiteral("profile-add")
                                               : QStringLiteral("profile-edit"),
                           profile.cacheKey(),
                           profile.name,
                           {},
                           {},
                           {}};
    return save(event, [&profile, &replacing](Connection& connection) -> Result<Done> {
        if (!replacing.isEmpty())
            connection.profiles.removeIf(
                [&replacing](const ProviderProfile& p) { return p.name == replacing; });
        connection.profiles.append(profile);
        return Done{};
    });
}

Result<Done> ConfigController::deleteProfile(const QString& name)
{
    return save({QStringLiteral("profile-remove"), {}, name, {}, {}, {}},
                [&name](Connection& connection) -> Result<Done> {
                    connection.profiles.removeIf(
                        [&name](const ProviderProfile& p) { return p.name == name; });
                    return Done{};
                });
}

Result<Done> ConfigController::saveConnection(const Connection& edited)
{
    // Saving the connection the override replaces makes the file's URL count from now on.
    const QString override = m_overriddenConnection == m_connectionName
                                 ? std::exchange(m_redisUrlOverride, QString())
                                 : m_redisUrlOverride;
    auto saved = save({QStringLiteral("connection-edit"), {}, {}, {}, {}, {}},
                      [&edited](Connection& connection) -> Result<Done> {
                          connection.redis = edited.redis;
                          connection.tag = edited.tag;
                          connection.color = edited.color;
                          connection.readOnly = edited.readOnly;
                          return Done{};
                      });
    if (!saved)
        m_redisUrlOverride = override;
    return saved;
}

Result<Done> ConfigController::addConnection(const Connection& added)
{
    if (!editable())
        return Error::config(m_error);
    if (auto writable = m_auditLog->check(); !writable)
        return writable;
    auto saved = m_store.update([&added](AppConfig& config) -> Result<Done> {
        auto done = config.addConnection(added);
        return done ? Result<Done>(Done{}) : Result<Done>(done.error());
    });
    if (!saved)
        return saved;
    m_auditLog->record({QStringLiteral("connection-add"), {}, {}, {}, {}, added.name});
    load();
    return saved;
}

} // namespace tokencache
