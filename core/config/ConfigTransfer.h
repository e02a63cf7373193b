#pragma once

#include "core/common/Result.h"
#include "core/config/AppConfig.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

namespace tokencache {

/**
 * Connections and their profiles moved between configs as a file that holds secret references only.
 *
 * The file is one JSON object:
 * `{"format": "tokencache-export", "version": 3, "defaultConnection": "prod", "connections": [...],
 *   "omitted": ["connections[prod].redis.password", ...]}`.
 * Each entry of `connections` is the config's own form of a connection (Connection::toJson()), except
 * that a secret stored in the config itself (`literal:...`, a bare value, a password inside the Redis
 * URL) is not there: the member is `null` and `omitted` names it. A URL loses its password, and its
 * connection gets `"password": null` when it has no password reference, so the import asks for one.
 * `env:`, `file:` and `keychain:` references and `plain:` header values are kept as they are;
 * members this version does not know are kept too, as the config keeps them.
 * `version` is the config format the entries follow (AppConfig::kVersion); a file from a newer
 * tokencache is refused as such a config is. `defaultConnection` is there when every connection was
 * exported.
 */
namespace ConfigTransfer {

inline constexpr auto kFormat = "tokencache-export";

/** One place a secret lives in a connection. */
struct SecretSlot
{
    enum class Field
    {
        RedisPassword,    ///< redis.password
        RedisUrlPassword, ///< the password inside redis.url
        ClientSecret,     ///< a profile's clientSecret
        PrivateKey,       ///< a profile's privateKey (private_key_jwt)
        ProviderKey,      ///< a profile's providerKey (its client certificate's key)
        TokenUrlPassword, ///< the password inside a profile's tokenUrl (taken out; the URL stays)
        Header            ///< the value of one of a profile's headers
    };

    QString connection;
    Field field = Field::RedisPassword;
    QString profile; ///< ClientSecret and Header
    QString header;  ///< Header

    /** As the file's `omitted` names it: `connections[prod].profiles[billing].clientSecret`. */
    QString path() const;

    bool operator==(const SecretSlot&) const = default;
};

/** What exportConnections() produced. */
struct Export
{
    QJsonObject json;          ///< the document to write
    QStringList connections;   ///< the names exported, in the config's order
    QList<SecretSlot> omitted; ///< the secrets left out, as `omitted` names them
};

/** What importConnections() changed. */
struct Import
{
    QStringList added;       ///< connections new to the config
    QStringList replaced;    ///< connections that existed and were replaced (only with replace)
    QList<SecretSlot> unset; ///< secrets the file held as null: they must be set before use
    /** The config had only the built-in default connection, which gave way to the imported ones. */
    bool replacedBuiltInDefault = false;
};

/**
 * The connections of @p config as an export document; only @p onlyConnection when it is not empty
 * (NotFound if the config has no such connection).
 */
Result<Export> exportConnections(const AppConfig& config, const QString& onlyConnection = {});

/** @p bytes read as an export document; a Config error naming @p source and what is wrong if not. */
Result<QJsonObject> parse(const QByteArray& bytes, const QString& source);

/**
 * Adds the connections of @p document to @p config; only @p onlyConnection when it is not empty
 * (NotFound if the document has no such connection). A connection whose name exists already is
 * refused (a Usage error naming every such name) unless @p replace, which replaces it whole, in its
 * place. Connections the document does not name are never removed, except the built-in default of
 * an otherwise empty config, which gives way as it does to `connections add` (the default then
 * becomes the document's defaultConnection, else the first one imported). On any error @p config
 * is left as it was.
 */
Result<Import> importConnections(AppConfig& config, const QJsonObject& document, bool replace,
                                 const QString& onlyConnection = {});

/** The bytes of the export at @p source ("-": stdin), at most 16 MiB; a Config error saying why not. */
Result<QByteArray> readFile(const QString& source);

/** Writes @p document to @p path, replaced whole and owner-only; a Config error saying why not. */
Result<Done> writeFile(const QString& path, const QByteArray& document);

} // namespace ConfigTransfer

} // namespace tokencache
