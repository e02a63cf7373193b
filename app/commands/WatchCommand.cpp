#include "app/commands/WatchCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/CacheSession.h"
#include "core/cache/ChangeFeed.h"
#include "core/common/Escape.h"
#include "core/redis/RedisClient.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>

namespace tokencache {

namespace {

constexpr int kDefaultIntervalSeconds = 5;
constexpr int kMaxIntervalSeconds = 3600;

void printChange(CommandContext& context, const QString& event, const QString& key,
                 const std::optional<CacheEntry>& entry)
{
    const QString time = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs);
    const bool token = entry && entry->token;
    const QString fingerprint = token ? entry->token->fingerprint() : QString();
    if (context.json()) {
        QJsonObject line{{QStringLiteral("time"), time},
                         {QStringLiteral("event"), event},
                         {QStringLiteral("key"), key},
                         {QStringLiteral("profile"),
                          entry && !entry->profile.isEmpty() ? QJsonValue(entry->profile) : QJsonValue()},
                         {QStringLiteral("ttl_ms"), entry ? QJsonValue(entry->ttlMs) : QJsonValue()},
                         {QStringLiteral("fingerprint"), token ? QJsonValue(fingerprint) : QJsonValue()},
                         {QStringLiteral("status"),
                          entry ? QJsonValue(CacheEntry::statusName(entry->status)) : QJsonValue()}};
        if (entry && !entry->reason.isEmpty())
            line.insert(QStringLiteral("reason"), entry->reason);
        EntryPrinter::addKeyBytes(line, key);
        context.out() << QJsonDocument(line).toJson(QJsonDocument::Compact) << '\n';
    } else {
        const QString ttl = entry ? EntryPrinter::ttlText(*entry) : QStringLiteral("-");
        // Key and profile come from Redis and the config: escaped, as everything shown.
        context.out() << time << "  " << event.leftJustified(11) << ' ' << Escape::text(key) << "  "
                      << Escape::text(entry && !entry->profile.isEmpty() ? entry->profile
                                                                         : QStringLiteral("-"))
                      << "  " << ttl << "  " << (token ? fingerprint : QStringLiteral("-")) << "  "
                      << (entry ? EntryPrinter::statusText(*entry) : QStringLiteral("gone")) << '\n';
    }
    context.out().flush();
}

} // namespace

QString WatchCommand::synopsis() const
{
    return QStringLiteral(
        "watch [--pattern GLOB] [--interval SECONDS]\n"
        "                              one line per change (time, event, key, profile, ttl,\n"
        "                              fingerprint, status; never the token) until\n"
        "                              interrupted");
}

void WatchCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOption({QStringLiteral("pattern"),
                      QStringLiteral("keys to watch (default: the cache's and every profile's)"),
                      QStringLiteral("GLOB")});
    parser.addOption({QStringLiteral("interval"),
                      QStringLiteral("seconds between scans when the server publishes no keyspace events "
                                     "(default %1)")
                          .arg(kDefaultIntervalSeconds),
                      QStringLiteral("SECONDS")});
    if (!parser.accept(context, arguments, 0))
        return;
    const auto interval =
        parser.number(QStringLiteral("interval"), 1, kMaxIntervalSeconds, kDefaultIntervalSeconds);
    if (!interval)
        return context.fail(interval.error());
    auto session = context.session();
    if (!session)
        return context.fail(session.error());
    // The command's own: it lives as long as the command.
    auto* feed =
        new ChangeFeed((*session)->redis(), (*session)->cache(), context.connection().profiles, &context);
    QObject::connect(
        feed, &ChangeFeed::changed, &context,
        [&context](const QString& event, const QString& key, const std::optional<CacheEntry>& entry) {
            printChange(context, event, key, entry);
            // Nobody reads any more (`watch | head -3`) or the disk is full: stop.
            if (context.outputFailed())
                context.finish(ExitCode::Output);
        });
    QObject::connect(
        feed, &ChangeFeed::polling, &context, [&context, seconds = *interval](const QString& reason) {
            context.warn(QStringLiteral("live updates off: %1; polling every %2 s").arg(reason).arg(seconds));
        });
    QObject::connect(feed, &ChangeFeed::gap, &context,
                     [&context](const QString& reason) { context.warn(reason); });
    QObject::connect(feed, &ChangeFeed::note, &context,
                     [&context](const QString& message) { context.warn(message); });
    // A Redis that cannot be reached at the start is an error (exit 3); later it is waited for.
    (*session)->redis().command({"PING"}, feed,
                                [&context, feed, pattern = parser.value(QStringLiteral("pattern")),
                                 pollMs = *interval * 1000](const Result<RedisReply>& reply) {
                                    if (!reply)
                                        return context.fail(reply.error());
                                    feed->start(pattern, pollMs, context.connection().subscribeAnyway);
                                });
}

} // namespace tokencache
