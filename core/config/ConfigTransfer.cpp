#include "core/config/ConfigTransfer.h"

#include "core/config/HeaderValue.h"
#include "core/config/SecretRef.h"
#include "core/redis/RedisEndpoint.h"

#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSaveFile>
#include <QSet>
#include <QUrl>

#include <cmath>
#include <cstdio>
#include <optional>

namespace tokencache {

namespace ConfigTransfer {

namespace {

using Field = SecretSlot::Field;

/** A reference another machine can resolve the same way: env:, file: or keychain:. Never the secret. */
bool isReference(const QString& text)
{
    const auto secret = SecretRef::parse(text);
    return secret && (secret->kind() == SecretRef::Kind::Environment ||
                      secret->kind() == SecretRef::Kind::File || secret->kind() == SecretRef::Kind::Keychain);
}

/** A header value the export keeps: plain text, which is not secret, or a reference. */
bool isExportableHeader(const QString& text)
{
    return text.startsWith(HeaderValue::kPlainPrefix) || isReference(text);
}

/** @p url without the password it carries; nullopt when it carries none. */
std::optional<QString> urlWithoutPassword(const QString& url)
{
    const auto endpoint = RedisEndpoint::fromUrl(url);
    const qsizetype at = url.lastIndexOf(QLatin1Char('@'));
    if (endpoint ? endpoint->password.isEmpty() : at < 0)
        return std::nullopt;
    if (endpoint && endpoint->kind != RedisEndpoint::Kind::Sentinel) {
        QUrl parsed(url, QUrl::StrictMode);
        // Without a user, setPassword() would leave an empty "@" behind.
        parsed.setUserInfo(parsed.userName(QUrl::FullyEncoded));
        const QString stripped = parsed.toString(QUrl::FullyEncoded);
        if (const auto check = RedisEndpoint::fromUrl(stripped); check && check->password.isEmpty())
            return stripped;
    }
    // A sentinel list, or a URL that does not parse: the credentials end at the last '@', as
    // RedisEndpoint reads them. The user stays only where it is known to be one.
    const qsizetype schemeEnd = url.indexOf(QLatin1String("://"));
    const qsizetype start = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
    const QString userInfo = url.mid(start, at - start);
    const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
    const QString user = endpoint && colon > 0 ? userInfo.left(colon) + QLatin1Char('@') : QString();
    return url.left(start) + user + url.mid(at + 1);
}

/** A profile's members that hold secret references: an export leaves out what is no reference. */
struct ProfileSecret
{
    const char* member;
    SecretSlot::Field field;
    QString ProviderProfile::*reference;
};

const QList<ProfileSecret>& profileSecrets()
{
    static const QList<ProfileSecret> secrets{
        {"clientSecret", SecretSlot::Field::ClientSecret, &ProviderProfile::clientSecretRef},
        {"privateKey", SecretSlot::Field::PrivateKey, &ProviderProfile::privateKeyRef},
        {"providerKey", SecretSlot::Field::ProviderKey, &ProviderProfile::providerKeyRef}};
    return secrets;
}

QJsonObject exportedConnection(const Connection& connection, QList<SecretSlot>& omitted)
{
    const auto omit = [&](Field field, const QString& profile = {}, const QString& header = {}) {
        omitted.append({connection.name, field, profile, header});
    };
    QJsonObject json = connection.toJson();
    QJsonObject redis = json.value(QStringLiteral("redis")).toObject();
    const QString& passwordRef = connection.redis.passwordRef;
    if (!passwordRef.isEmpty() && !isReference(passwordRef)) {
        redis.insert(QStringLiteral("password"), QJsonValue::Null);
        omit(Field::RedisPassword);
    }
    if (const auto url = urlWithoutPassword(connection.redis.url)) {
        redis.insert(QStringLiteral("url"), *url);
        omit(Field::RedisUrlPassword);
        // The password is still needed: the import says to set one (as a reference, not in the URL).
        if (passwordRef.isEmpty())
            redis.insert(QStringLiteral("password"), QJsonValue::Null);
    }
    json.insert(QStringLiteral("redis"), redis);

    QJsonArray profiles;
    for (const ProviderProfile& profile : connection.profiles) {
        QJsonObject profileJson = profile.toJson();
        if (QUrl tokenUrl(profile.tokenUrl); !tokenUrl.password().isEmpty()) {
            tokenUrl.setUserInfo(tokenUrl.userName(QUrl::FullyEncoded));
            profileJson.insert(QStringLiteral("tokenUrl"), tokenUrl.toString(QUrl::FullyEncoded));
            omit(Field::TokenUrlPassword, profile.name);
        }
        for (const ProfileSecret& secret : profileSecrets()) {
            const QString& reference = profile.*secret.reference;
            if (!reference.isEmpty() && !isReference(reference)) {
                profileJson.insert(QLatin1String(secret.member), QJsonValue::Null);
                omit(secret.field, profile.name);
            }
        }
        if (!profile.headers.isEmpty()) {
            QJsonObject headers = profileJson.value(QStringLiteral("headers")).toObject();
            for (auto it = profile.headers.cbegin(); it != profile.headers.cend(); ++it) {
                if (!isExportableHeader(it.value())) {
                    headers.insert(it.key(), QJsonValue::Null);
                    omit(Field::Header, profile.name, it.key());
                }
            }
            profileJson.insert(QStringLiteral("headers"), headers);
        }
        profiles.append(profileJson);
    }
    json.insert(QStringLiteral("profiles"), profiles);
    return json;
}

/**
 * @p entry with the secrets its export left out (null) made empty, which Connection::fromJson
 * reads as "not set"; each is noted in @p unset. Other nulls are left for fromJson to refuse.
 */
QJsonObject withOmittedSecretsUnset(QJsonObject entry, QList<SecretSlot>& unset)
{
    const QString name = entry.value(QStringLiteral("name")).toString();
    if (const QJsonValue redisJson = entry.value(QStringLiteral("redis")); redisJson.isObject()) {
        QJsonObject redis = redisJson.toObject();
        if (redis.value(QStringLiteral("password")).isNull()) {
            redis.remove(QStringLiteral("password"));
            unset.append({name, Field::RedisPassword, {}, {}});
        }
        entry.insert(QStringLiteral("redis"), redis);
    }
    const QJsonValue profilesJson = entry.value(QStringLiteral("profiles"));
    if (!profilesJson.isArray())
        return entry;
    QJsonArray profiles = profilesJson.toArray();
    for (qsizetype i = 0; i < profiles.size(); ++i) {
        if (!profiles.at(i).isObject())
            continue;
        QJsonObject profile = profiles.at(i).toObject();
        const QString profileName = profile.value(QStringLiteral("name")).toString();
        for (const ProfileSecret& secret : profileSecrets()) {
            if (profile.contains(QLatin1String(secret.member)) &&
                profile.value(QLatin1String(secret.member)).isNull()) {
                profile.insert(QLatin1String(secret.member), QString());
                unset.append({name, secret.field, profileName, {}});
            }
        }
        if (const QJsonValue headersJson = profile.value(QStringLiteral("headers")); headersJson.isObject()) {
            QJsonObject headers = headersJson.toObject();
            for (auto it = headers.begin(); it != headers.end(); ++it) {
                if (it.value().isNull()) {
                    // Kept by name with no value: the profile says what is missing until it is set.
                    it.value() = QString();
                    unset.append({name, Field::Header, profileName, it.key()});
                }
            }
            profile.insert(QStringLiteral("headers"), headers);
        }
        profiles.replace(i, profile);
    }
    entry.insert(QStringLiteral("profiles"), profiles);
    return entry;
}

QString quotedNames(const QStringList& names)
{
    QStringList quoted;
    for (const QString& name : names)
        quoted.append(QLatin1Char('"') + name + QLatin1Char('"'));
    return quoted.join(QStringLiteral(", "));
}

} // namespace

QString SecretSlot::path() const
{
    const QString base = QStringLiteral("connections[%1]").arg(connection);
    switch (field) {
    case Field::RedisPassword:
        return base + QStringLiteral(".redis.password");
    case Field::RedisUrlPassword:
        return base + QStringLiteral(".redis.url.password");
    case Field::ClientSecret:
    case Field::PrivateKey:
    case Field::ProviderKey:
        for (const ProfileSecret& secret : profileSecrets()) {
            if (secret.field == field)
                return base + QStringLiteral(".profiles[%1].%2").arg(profile, QLatin1String(secret.member));
        }
        break;
    case Field::TokenUrlPassword:
        return base + QStringLiteral(".profiles[%1].tokenUrl.password").arg(profile);
    case Field::Header:
        return base + QStringLiteral(".profiles[%1].headers[%2]").arg(profile, header);
    }
    return base;
}

Result<Export> exportConnections(const AppConfig& config, const QString& onlyConnection)
{
    if (!onlyConnection.isEmpty()) {
        if (auto found = config.select(onlyConnection); !found)
            return found.error();
    }
    Export exported;
    QJsonArray connections;
    for (const Connection& connection : config.connections) {
        if (!onlyConnection.isEmpty() && connection.name != onlyConnection)
            continue;
        connections.append(exportedConnection(connection, exported.omitted));
        exported.connections.append(connection.name);
    }
    QJsonArray omitted;
    for (const SecretSlot& slot : exported.omitted)
        omitted.append(slot.path());
    exported.json = {
        {QStringLiteral("format"), QLatin1String(kFormat)},
        {QStringLiteral("version"), AppConfig::kVersion},
        {QStringLiteral("connections"), connections},
        {QStringLiteral("omitted"), omitted},
    };
    if (onlyConnection.isEmpty())
        exported.json.insert(QStringLiteral("defaultConnection"), config.defaultConnection);
    return exported;
}

Result<QJsonObject> parse(const QByteArray& bytes, const QString& source)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return Error::config(QStringLiteral("%1: not valid JSON: %2 at offset %3")
                                 .arg(source, parseError.errorString())
                                 .arg(parseError.offset));
    if (!document.isObject())
        return Error::config(
            QStringLiteral("%1: not a tokencache export: expected a JSON object with \"format\": \"%2\"")
                .arg(source, QLatin1String(kFormat)));
    return document.object();
}

Result<Import> importConnections(AppConfig& config, const QJsonObject& document, bool replace,
                                 const QString& onlyConnection)
{
    if (document.value(QStringLiteral("format")) != QLatin1String(kFormat))
        return Error::config(
            QStringLiteral("not a tokencache export: \"format\" is not \"%1\"").arg(QLatin1String(kFormat)));
    const QJsonValue versionJson = document.value(QStringLiteral("version"));
    const double version = versionJson.toDouble(-1);
    if (!versionJson.isDouble() || version < 1 || version != std::floor(version))
        return Error::config(QStringLiteral("\"version\" must be a whole number of at least 1"));
    // As a config: a newer format may hold what this version would drop without a word.
    if (version > AppConfig::kVersion)
        return Error::config(
            QStringLiteral("the export was written by a newer tokencache (format version %1; "
                           "this one reads %2)")
                .arg(qint64(version))
                .arg(AppConfig::kVersion));
    const QJsonValue connectionsJson = document.value(QStringLiteral("connections"));
    if (!connectionsJson.isArray() || connectionsJson.toArray().isEmpty())
        return Error::config(QStringLiteral("\"connections\" must be a list of at least one connection"));
    const QJsonValue defaultJson = document.value(QStringLiteral("defaultConnection"));
    if (!defaultJson.isUndefined() && !defaultJson.isString())
        return Error::config(QStringLiteral("\"defaultConnection\" must be a string"));

    QList<Connection> incoming;
    QList<SecretSlot> unset;
    QStringList inFile;
    const QJsonArray entries = connectionsJson.toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = QStringLiteral("connections[%1]").arg(i);
        if (!entries.at(i).isObject())
            return Error::config(where + QStringLiteral(" must be an object"));
        QList<SecretSlot> entryUnset;
        auto connection =
            Connection::fromJson(withOmittedSecretsUnset(entries.at(i).toObject(), entryUnset), where);
        if (!connection)
            return connection.error();
        // Secrets as the command line takes them: a bare value is no reference (a secret pasted in place).
        const auto notReference = [](const QString& text) {
            return !text.isEmpty() && !SecretRef::parse(text);
        };
        if (notReference(connection->redis.passwordRef))
            return Error::config(where +
                                 QStringLiteral(".redis.password is not a secret reference (env:NAME, "
                                                "file:/path or keychain:NAME)"));
        for (const ProviderProfile& profile : connection->profiles) {
            for (const ProfileSecret& secret : profileSecrets()) {
                if (notReference(profile.*secret.reference))
                    return Error::config(where + QStringLiteral(".profiles[%1].%2 is not a secret reference "
                                                                "(env:NAME, file:/path or keychain:NAME)")
                                                     .arg(profile.name, QLatin1String(secret.member)));
            }
        }
        if (inFile.contains(connection->name))
            return Error::config(
                QStringLiteral("connection \"%1\" is in the file twice").arg(connection->name));
        inFile.append(connection->name);
        if (!onlyConnection.isEmpty() && connection->name != onlyConnection)
            continue;
        incoming.append(std::move(connection).value());
        unset += entryUnset;
    }
    if (incoming.isEmpty())
        return Error::notFound(QStringLiteral("the export has no connection named \"%1\" (it has: %2)")
                                   .arg(onlyConnection, inFile.join(QStringLiteral(", "))));

    AppConfig changed = config;
    Import result;
    result.unset = unset;
    result.replacedBuiltInDefault = changed.hasOnlyBuiltInDefault();
    if (result.replacedBuiltInDefault)
        changed.connections.clear();
    QStringList existing;
    for (const Connection& connection : incoming) {
        if (changed.connection(connection.name))
            existing.append(connection.name);
        else if (const QString problem = changed.newNameProblem(connection.name); !problem.isEmpty())
            return Error::usage(problem + QStringLiteral("; nothing was imported"));
    }
    if (!existing.isEmpty() && !replace) {
        const bool one = existing.size() == 1;
        return Error::usage(
            QStringLiteral("%1 %2 %3 already; nothing was imported (replacing %4 needs --replace)")
                .arg(one ? QStringLiteral("connection") : QStringLiteral("connections"),
                     quotedNames(existing), one ? QStringLiteral("exists") : QStringLiteral("exist"),
                     one ? QStringLiteral("it") : QStringLiteral("them")));
    }
    for (Connection& connection : incoming) {
        if (Connection* stored = changed.connection(connection.name)) {
            *stored = std::move(connection);
            result.replaced.append(stored->name);
        } else {
            result.added.append(connection.name);
            changed.connections.append(std::move(connection));
        }
    }
    if (result.replacedBuiltInDefault) {
        const QString wanted = defaultJson.toString();
        changed.defaultConnection = changed.connection(wanted) ? wanted : changed.connections.first().name;
    }
    config = std::move(changed);
    return result;
}

Result<QByteArray> readFile(const QString& source)
{
    // Far beyond any set of connections, and /dev/zero or a wrong file ends at once.
    constexpr qint64 kMaxExportBytes = 16 * 1024 * 1024;
    QFile input;
    const bool fromStdin = source == QLatin1String("-");
    const QString shown = fromStdin ? QStringLiteral("stdin") : source;
    if (fromStdin)
        input.open(stdin, QIODevice::ReadOnly, QFileDevice::DontCloseHandle);
    else
        input.setFileName(source);
    if (!input.isOpen() && !input.open(QIODevice::ReadOnly))
        return Error::config(QStringLiteral("import: cannot read %1: %2").arg(shown, input.errorString()));
    // A pipe hands its bytes over in pieces: read to its end (or past the limit).
    QByteArray bytes;
    for (QByteArray piece; bytes.size() <= kMaxExportBytes; bytes += piece) {
        piece = input.read(kMaxExportBytes + 1 - bytes.size());
        if (piece.isEmpty())
            break;
    }
    if (input.error() != QFileDevice::NoError)
        return Error::config(QStringLiteral("import: cannot read %1: %2").arg(shown, input.errorString()));
    if (bytes.size() > kMaxExportBytes)
        return Error::config(QStringLiteral("import: %1 is larger than %2 MiB; not an export")
                                 .arg(shown)
                                 .arg(kMaxExportBytes >> 20));
    return bytes;
}

Result<Done> writeFile(const QString& path, const QByteArray& document)
{
    // A device or a pipe (/dev/stdout, a FIFO) is written to, never replaced by a file of the same name.
    if (const QFileInfo target(path); target.exists() && !target.isFile()) {
        QFile device(path);
        if (target.isDir() || !device.open(QIODevice::WriteOnly) ||
            device.write(document) != document.size() || !device.flush())
            return Error::config(
                QStringLiteral("export: cannot write %1: %2")
                    .arg(path, target.isDir() ? QStringLiteral("a directory") : device.errorString()));
        return Done{};
    }
    QSaveFile output(path);
    const bool opened = output.open(QIODevice::WriteOnly);
    // References only, but they still say where every secret is: for its owner's eyes.
    if (opened)
        output.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!opened || output.write(document) != document.size() || !output.commit())
        return Error::config(QStringLiteral("export: cannot write %1: %2").arg(path, output.errorString()));
    return Done{};
}

} // namespace ConfigTransfer

} // namespace tokencache
