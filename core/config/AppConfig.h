#pragma once

#include "core/common/Result.h"
#include "core/config/Connection.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tokencache {

/** Where the audit log goes and what it records (config `audit`). */
struct AuditSettings
{
    QString file;         ///< empty: the default, $XDG_STATE_HOME/tokencache/audit.jsonl
    bool logHits = false; ///< also record a `get` the cache answered

    bool operator==(const AuditSettings&) const = default;
};

/** Everything tokencache stores: the connections, each with its provider profiles, and the audit settings. */
struct AppConfig
{
    /**
     * The newest config format this build reads and writes. 2 added profiles' request formats, headers
     * and response mappings; 3 named connections (`connections`, `defaultConnection`) and `audit`; 4 a
     * profile's `issuer`. A file
     * is written in the oldest format that holds what it uses, so an older tokencache keeps reading it.
     */
    static constexpr int kVersion = 5;

    QList<Connection> connections{Connection{}}; ///< never empty
    QString defaultConnection = QLatin1String(Connection::kDefaultName);
    AuditSettings audit;
    QJsonObject unknownMembers; ///< top-level members this version does not know: kept on save

    const Connection* connection(const QString& name) const;
    Connection* connection(const QString& name);
    /** The connection named @p name, or the default one when @p name is empty; NotFound lists the names. */
    Result<const Connection*> select(const QString& name) const;
    QStringList connectionNames() const;
    /** Nothing set up yet: only the built-in default connection, untouched. The first connection added
     *  (or imported) takes its place. */
    bool hasOnlyBuiltInDefault() const;
    /** Why @p name cannot be added beside the connections there are (taken, or one differs only in case, as
     *  "Prod" beside a read-only "prod" would); empty when it can. */
    QString newNameProblem(const QString& name) const;
    /** Adds @p added (Usage error if newNameProblem()); true when it took the built-in default's place
     *  and became the default. */
    Result<bool> addConnection(const Connection& added);

    /** The oldest format version that holds everything this config uses. */
    int formatVersion() const;
    QJsonObject toJson() const;
    static Result<AppConfig> fromJson(const QJsonObject& json);

private:
    static Result<AppConfig> fromLegacyJson(const QJsonObject& json);
};

} // namespace tokencache
