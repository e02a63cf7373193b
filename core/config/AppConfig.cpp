#include "core/config/AppConfig.h"

#include <QJsonArray>
#include <QSet>

#include <algorithm>

namespace tokencache {

const Connection* AppConfig::connection(const QString& name) const
{
    const auto found = std::find_if(connections.cbegin(), connections.cend(),
                                    [&name](const Connection& candidate) { return candidate.name == name; });
    return found == connections.cend() ? nullptr : &*found;
}

Connection* AppConfig::connection(const QString& name)
{
    return const_cast<Connection*>(std::as_const(*this).connection(name));
}

Result<const Connection*> AppConfig::select(const QString& name) const
{
    if (const Connection* found = connection(name.isEmpty() ? defaultConnection : name))
        return found;
    return Error::notFound(QStringLiteral("no connection named \"%1\" (known: %2; see `connections list`)")
                               .arg(name, connectionNames().join(QStringLiteral(", "))));
}

QStringList AppConfig::connectionNames() const
{
    QStringList names;
    for (const Connection& candidate : connections)
        names.append(candidate.name);
    return names;
}

bool AppConfig::hasOnlyBuiltInDefault() const
{
    const Connection& only = connections.first();
    return connections.size() == 1 && only.fitsLegacyFormat() && only.profiles.isEmpty() &&
           only.redis == RedisSettings{};
}

QString AppConfig::newNameProblem(const QString& name) const
{
    for (const Connection& existing : connections) {
        if (existing.name == name)
            return QStringLiteral("connection \"%1\" exists already; remove it first").arg(name);
        if (existing.name.compare(name, Qt::CaseInsensitive) == 0)
            return QStringLiteral("connection \"%1\" differs from \"%2\" only in case; choose a name nobody "
                                  "mistakes for it")
                .arg(name, existing.name);
    }
    return {};
}

Result<bool> AppConfig::addConnection(const Connection& added)
{
    if (const QString problem = newNameProblem(added.name); !problem.isEmpty())
        return Error::usage(problem);
    const bool replacesDefault = hasOnlyBuiltInDefault();
    if (replacesDefault) {
        connections.clear();
        defaultConnection = added.name;
    }
    connections.append(added);
    return replacesDefault;
}

int AppConfig::formatVersion() const
{
    // Format 5 also holds a connection's keyspace events preference.
    if (std::any_of(connections.cbegin(), connections.cend(),
                    [](const Connection& connection) { return connection.subscribeAnyway; }))
        return 5;
    for (const auto& [version, needs] :
         {std::pair{5, &ProviderProfile::needsFormatVersion5}, {4, &ProviderProfile::needsFormatVersion4}}) {
        for (const Connection& each : connections) {
            if (std::any_of(each.profiles.cbegin(), each.profiles.cend(),
                            [needs = needs](const ProviderProfile& profile) { return (profile.*needs)(); }))
                return version;
        }
    }
    const bool legacy =
        connections.size() == 1 && connections.first().fitsLegacyFormat() && audit == AuditSettings{};
    if (!legacy)
        return 3;
    const QList<ProviderProfile>& profiles = connections.first().profiles;
    const bool needs2 = std::any_of(profiles.cbegin(), profiles.cend(), [](const ProviderProfile& profile) {
        return profile.needsFormatVersion2();
    });
    return needs2 ? 2 : 1;
}

QJsonObject AppConfig::toJson() const
{
    QJsonObject json = unknownMembers;
    const int version = formatVersion();
    json.insert(QStringLiteral("version"), version);
    if (version < 3) { // one default connection: the form older tokencaches read
        const QJsonObject only = connections.first().toJson();
        json.insert(QStringLiteral("redis"), only.value(QStringLiteral("redis")));
        json.insert(QStringLiteral("profiles"), only.value(QStringLiteral("profiles")));
        return json;
    }
    QJsonArray connectionArray;
    for (const Connection& each : connections)
        connectionArray.append(each.toJson());
    json.insert(QStringLiteral("connections"), connectionArray);
    json.insert(QStringLiteral("defaultConnection"), defaultConnection);
    QJsonObject auditJson;
    if (!audit.file.isEmpty())
        auditJson.insert(QStringLiteral("file"), audit.file);
    if (audit.logHits)
        auditJson.insert(QStringLiteral("logHits"), true);
    if (!auditJson.isEmpty())
        json.insert(QStringLiteral("audit"), auditJson);
    return json;
}

Result<AppConfig> AppConfig::fromJson(const QJsonObject& json)
{
    const int version = json.value(QStringLiteral("version")).toInt(1);
    // Refused, never rewritten: saving would drop what the newer format added.
    if (version > kVersion)
        return Error::config(
            QStringLiteral("the config was written by a newer tokencache (format version %1; this one "
                           "reads %2)")
                .arg(version)
                .arg(kVersion));
    if (version < 3)
        return fromLegacyJson(json);

    AppConfig config;
    config.connections.clear();
    const QJsonValue connectionsJson = json.value(QStringLiteral("connections"));
    // A field of the wrong type is an error, not a silent default (a string would connect elsewhere).
    if (!connectionsJson.isArray() || connectionsJson.toArray().isEmpty())
        return Error::config(QStringLiteral("\"connections\" must be a list of at least one connection"));
    for (const QJsonValue& value : connectionsJson.toArray()) {
        const QString where = QStringLiteral("connections[%1]").arg(config.connections.size());
        if (!value.isObject())
            return Error::config(where + QStringLiteral(" must be an object"));
        auto connection = Connection::fromJson(value.toObject(), where);
        if (!connection)
            return connection.error();
        if (config.connection(connection->name))
            return Error::config(QStringLiteral("connection \"%1\" is defined twice").arg(connection->name));
        config.connections.append(std::move(connection).value());
    }
    const QJsonValue defaultName = json.value(QStringLiteral("defaultConnection"));
    config.defaultConnection = defaultName.toString(config.connections.first().name);
    if (!config.connection(config.defaultConnection))
        return Error::config(
            QStringLiteral("defaultConnection \"%1\" names no connection (known: %2)")
                .arg(config.defaultConnection, config.connectionNames().join(QStringLiteral(", "))));
    const QJsonValue auditJson = json.value(QStringLiteral("audit"));
    const QJsonObject audit = auditJson.toObject();
    if ((!auditJson.isUndefined() && !auditJson.isObject()) ||
        (audit.contains(QStringLiteral("file")) && !audit.value(QStringLiteral("file")).isString()) ||
        (audit.contains(QStringLiteral("logHits")) && !audit.value(QStringLiteral("logHits")).isBool()))
        return Error::config(QStringLiteral("\"audit\" must be an object with a string \"file\" and a "
                                            "true or false \"logHits\""));
    config.audit.file = audit.value(QStringLiteral("file")).toString();
    config.audit.logHits = audit.value(QStringLiteral("logHits")).toBool();
    config.unknownMembers = json;
    for (const char* known : {"version", "connections", "defaultConnection", "audit"})
        config.unknownMembers.remove(QLatin1String(known));
    return config;
}

Result<AppConfig> AppConfig::fromLegacyJson(const QJsonObject& json)
{
    AppConfig config;
    Connection& only = config.connections.first();
    const QJsonValue redis = json.value(QStringLiteral("redis"));
    if (!redis.isUndefined() && !redis.isObject())
        return Error::config(QStringLiteral("\"redis\" has the wrong type"));
    auto settings = RedisSettings::fromJson(redis.toObject(), QStringLiteral("redis"));
    if (!settings)
        return settings.error();
    only.redis = *settings;
    if (auto read = Connection::readProfiles(json.value(QStringLiteral("profiles")), only); !read)
        return read.error();
    config.unknownMembers = json;
    for (const char* known : {"version", "redis", "profiles"})
        config.unknownMembers.remove(QLatin1String(known));
    return config;
}

} // namespace tokencache
