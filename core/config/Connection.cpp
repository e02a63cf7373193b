#include "core/config/Connection.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QSet>

namespace tokencache {

const ProviderProfile* Connection::profile(const QString& profileName) const
{
    for (const ProviderProfile& candidate : profiles) {
        if (candidate.name == profileName)
            return &candidate;
    }
    return nullptr;
}

const ProviderProfile* Connection::profileForKey(const QString& key) const
{
    return ProviderProfile::owning(profiles, key);
}

bool Connection::isProduction() const
{
    return tag.compare(QLatin1String(kProductionTag), Qt::CaseInsensitive) == 0;
}

QString Connection::writeRefusal() const
{
    return readOnly ? QStringLiteral("refused: connection '%1' is read-only").arg(name) : QString();
}

bool Connection::fitsLegacyFormat() const
{
    return name == QLatin1String(kDefaultName) && tag.isEmpty() && color.isEmpty() && !readOnly &&
           !subscribeAnyway && unknownMembers.isEmpty();
}

QString Connection::nameProblem(const QString& candidate)
{
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"));
    if (allowed.match(candidate).hasMatch())
        return {};
    return QStringLiteral("connection name \"%1\": use 1 to 64 letters, digits, '.', '_' or '-', starting "
                          "with a letter or digit")
        .arg(candidate);
}

QString Connection::labelProblem(const QString& tag, const QString& color)
{
    static const QRegularExpression hexColor(QStringLiteral("^#[0-9A-Fa-f]{6}$"));
    if (!color.isEmpty() && !hexColor.match(color).hasMatch())
        return QStringLiteral("colour \"%1\": expected #RRGGBB, e.g. #c62828").arg(color);
    if (tag.size() > 32 || std::any_of(tag.cbegin(), tag.cend(), [](QChar c) { return !c.isPrint(); }))
        return QStringLiteral("tag: at most 32 printable characters");
    return {};
}

QJsonObject Connection::toJson() const
{
    QJsonArray profileArray;
    for (const ProviderProfile& profile : profiles)
        profileArray.append(profile.toJson());
    QJsonObject json = unknownMembers;
    json.insert(QStringLiteral("name"), name);
    if (!tag.isEmpty())
        json.insert(QStringLiteral("tag"), tag);
    if (!color.isEmpty())
        json.insert(QStringLiteral("color"), color);
    if (readOnly)
        json.insert(QStringLiteral("readOnly"), true);
    if (subscribeAnyway)
        json.insert(QStringLiteral("keyspaceEvents"), QStringLiteral("subscribe"));
    json.insert(QStringLiteral("redis"), redis.toJson());
    json.insert(QStringLiteral("profiles"), profileArray);
    return json;
}

Result<Connection> Connection::fromJson(const QJsonObject& json, const QString& where)
{
    Connection connection;
    for (const char* member : {"name", "tag", "color"}) {
        const QJsonValue value = json.value(QLatin1String(member));
        if (!value.isUndefined() && !value.isString())
            return Error::config(QStringLiteral("%1.%2 must be a string").arg(where, QLatin1String(member)));
    }
    const QJsonValue readOnly = json.value(QStringLiteral("readOnly"));
    if (!readOnly.isUndefined() && !readOnly.isBool())
        return Error::config(QStringLiteral("%1.readOnly must be true or false").arg(where));
    const QString keyspaceEvents =
        json.value(QStringLiteral("keyspaceEvents")).toString(QStringLiteral("auto"));
    if (keyspaceEvents != QLatin1String("auto") && keyspaceEvents != QLatin1String("subscribe"))
        return Error::config(
            QStringLiteral("%1.keyspaceEvents must be \"auto\" or \"subscribe\"").arg(where));
    connection.subscribeAnyway = keyspaceEvents == QLatin1String("subscribe");
    const QJsonValue redis = json.value(QStringLiteral("redis"));
    if (!redis.isUndefined() && !redis.isObject())
        return Error::config(QStringLiteral("%1.redis has the wrong type").arg(where));
    connection.name = json.value(QStringLiteral("name")).toString();
    connection.tag = json.value(QStringLiteral("tag")).toString();
    connection.color = json.value(QStringLiteral("color")).toString();
    connection.readOnly = readOnly.toBool();
    for (const QString& problem :
         {nameProblem(connection.name), labelProblem(connection.tag, connection.color)}) {
        if (!problem.isEmpty())
            return Error::config(where + QStringLiteral(": ") + problem);
    }
    auto settings = RedisSettings::fromJson(redis.toObject(), where + QStringLiteral(".redis"));
    if (!settings)
        return settings.error();
    connection.redis = *settings;
    if (auto read = readProfiles(json.value(QStringLiteral("profiles")), connection); !read)
        return Error::config(where + QStringLiteral(": ") + read.error().message);
    connection.unknownMembers = json;
    for (const char* known : {"name", "tag", "color", "readOnly", "keyspaceEvents", "redis", "profiles"})
        connection.unknownMembers.remove(QLatin1String(known));
    return connection;
}

Result<Done> Connection::readProfiles(const QJsonValue& json, Connection& connection)
{
    if (!json.isUndefined() && !json.isArray())
        return Error::config(QStringLiteral("\"profiles\" has the wrong type"));
    QSet<QString> names;
    for (const QJsonValue& value : json.toArray()) {
        auto profile = ProviderProfile::fromJson(value.toObject());
        if (!profile)
            return profile.error();
        if (names.contains(profile->name))
            return Error::config(QStringLiteral("profile \"%1\" is defined twice").arg(profile->name));
        names.insert(profile->name);
        connection.profiles.append(std::move(profile).value());
    }
    return Done{};
}

} // namespace tokencache
