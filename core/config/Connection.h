#pragma once

#include "core/common/Result.h"
#include "core/config/ProviderProfile.h"
#include "core/config/RedisSettings.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tokencache {

/**
 * One environment ops work with: a Redis, how it is labelled (tag, colour) so production is never
 * taken for staging, whether tokencache may write to it, and the provider profiles whose tokens it holds.
 */
struct Connection
{
    static constexpr auto kDefaultName = "default";
    static constexpr auto kProductionTag = "production";

    QString name = QLatin1String(kDefaultName);
    RedisSettings redis;
    QString tag;   ///< development, staging, production or free text; empty: none
    QString color; ///< #rrggbb; empty: none
    bool readOnly = false;
    /** Subscribe to keyspace events even where the server will not say whether it publishes them
     *  (CONFIG GET refused by ACL or a managed service); otherwise that case polls. */
    bool subscribeAnyway = false;
    QList<ProviderProfile> profiles;
    QJsonObject unknownMembers; ///< members this version does not know: kept on save

    const ProviderProfile* profile(const QString& profileName) const;
    /** The profile whose cache key is @p key, if any. */
    const ProviderProfile* profileForKey(const QString& key) const;
    /** Tagged production: destructive actions ask for more than a click. */
    bool isProduction() const;
    /** Why a write is refused here ("connection 'prod' is read-only"); empty when writes are allowed. */
    QString writeRefusal() const;
    /** Only what a config without connections (format 1 and 2) could hold: a default connection. */
    bool fitsLegacyFormat() const;

    /** Why @p candidate cannot name a connection (used on the command line and in the audit log); empty if it
     * can. */
    static QString nameProblem(const QString& candidate);
    /** Why @p tag or @p color cannot be stored; empty if both can. */
    static QString labelProblem(const QString& tag, const QString& color);

    QJsonObject toJson() const;
    /** Reads one entry of `connections`; @p where names it in errors. */
    static Result<Connection> fromJson(const QJsonObject& json, const QString& where);
    /** Reads @p json's profiles into @p connection; duplicate names are refused. */
    static Result<Done> readProfiles(const QJsonValue& json, Connection& connection);
};

} // namespace tokencache
