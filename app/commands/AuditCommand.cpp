#include "app/commands/AuditCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/CacheProblems.h"
#include "core/cache/CacheSession.h"
#include "core/cache/ChangeFeed.h"
#include "core/cache/ListQuery.h"
#include "core/cache/TokenCache.h"
#include "core/common/Escape.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QMap>
#include <QTimer>

namespace tokencache {

namespace {

constexpr int kMaxObserveSeconds = 3600;
constexpr int kPollMs = 1000; ///< fingerprints compared every second when no keyspace events come

/** What one pass found, and what --for adds. */
struct Findings
{
    qsizetype entries = 0;
    QMap<QString, qsizetype> byStatus;
    QMap<QString, qint64> earliestExpiryMs; ///< per profile
    QHash<QString, qint64> lifetimes;       ///< seconds, per key, for rewrite storms
    QHash<QString, QString> fingerprints;   ///< per key, the value last seen: a write must change it
    QList<CacheProblem> problems;
    RewriteCounter rewrites;
    QString missed; ///< why changes may have been missed while observing; empty: none were
};

/** Prometheus label values: backslash, double quote and newline escaped (text format 0.0.4). */
QString label(const QString& value)
{
    QString escaped = value;
    escaped.replace(QLatin1Char('\\'), QStringLiteral("\\\\"))
        .replace(QLatin1Char('"'), QStringLiteral("\\\""))
        .replace(QLatin1Char('\n'), QStringLiteral("\\n"));
    return escaped;
}

void printMetrics(CommandContext& context, const Findings& found)
{
    QTextStream& out = context.out();
    const QString connection = label(context.connection().name);
    out << "# HELP tokencache_entries Cached entries and locks by status.\n"
        << "# TYPE tokencache_entries gauge\n";
    for (const QString& status :
         {QStringLiteral("valid"), QStringLiteral("expiring"), QStringLiteral("expired"),
          QStringLiteral("unreadable"), QStringLiteral("lock"), QStringLiteral("stale lock")})
        out << "tokencache_entries{connection=\"" << connection << "\",status=\""
            << QString(status).replace(QLatin1Char(' '), QLatin1Char('_')) << "\"} "
            << found.byStatus.value(status) << '\n';
    out << "# HELP tokencache_problems Problems found by kind.\n"
        << "# TYPE tokencache_problems gauge\n";
    for (const CacheProblem::Kind kind : CacheProblem::kinds()) {
        const auto count =
            std::count_if(found.problems.cbegin(), found.problems.cend(),
                          [kind](const CacheProblem& problem) { return problem.kind == kind; });
        out << "tokencache_problems{connection=\"" << connection << "\",kind=\""
            << CacheProblem::kindName(kind) << "\"} " << count << '\n';
    }
    out << "# HELP tokencache_earliest_expiry_seconds Seconds until a profile's earliest cached token "
           "expires.\n"
        << "# TYPE tokencache_earliest_expiry_seconds gauge\n";
    for (auto it = found.earliestExpiryMs.cbegin(); it != found.earliestExpiryMs.cend(); ++it)
        out << "tokencache_earliest_expiry_seconds{connection=\"" << connection << "\",profile=\""
            << label(it.key()) << "\"} " << QString::number(double(it.value()) / 1000.0, 'f', 3) << '\n';
}

void report(CommandContext& context, const Findings& found)
{
    if (context.format() == OutputFormat::Prometheus) {
        printMetrics(context, found);
    } else if (context.json()) {
        QJsonArray problems;
        for (const CacheProblem& problem : found.problems) {
            QJsonObject json{{QStringLiteral("kind"), CacheProblem::kindName(problem.kind)},
                             {QStringLiteral("key"), problem.key},
                             {QStringLiteral("profile"),
                              problem.profile.isEmpty() ? QJsonValue() : QJsonValue(problem.profile)},
                             {QStringLiteral("detail"), problem.detail}};
            EntryPrinter::addKeyBytes(json, problem.key);
            problems.append(json);
        }
        if (context.format() == OutputFormat::Jsonl) {
            for (const QJsonValue& problem : problems)
                context.printJson(problem.toObject());
        } else {
            context.printJson(
                {{QStringLiteral("entries"), found.entries}, {QStringLiteral("problems"), problems}});
        }
    } else {
        // Keys and details come from Redis: escaped, as everything shown.
        for (const CacheProblem& problem : found.problems)
            context.out() << CacheProblem::kindName(problem.kind).leftJustified(19)
                          << Escape::text(problem.key) << "  " << Escape::text(problem.detail) << '\n';
        context.out() << found.problems.size()
                      << (found.problems.size() == 1 ? " problem in " : " problems in ") << found.entries
                      << (found.entries == 1 ? " entry\n" : " entries\n");
    }
    // Blind for a while: no storm found says nothing, whatever else was found.
    if (!found.missed.isEmpty())
        return context.fail(
            Error::redis(QStringLiteral("rewrite storms may have been missed: %1").arg(found.missed)));
    context.finish(found.problems.isEmpty() ? ExitCode::Ok : ExitCode::Problems);
}

} // namespace

QString AuditCommand::synopsis() const
{
    return QStringLiteral(
        "audit [--pattern GLOB] [--for SECONDS]\n"
        "                              the cache's problems (no TTL, TTL past the token's exp,\n"
        "                              short lifetimes, unreadable values, stale locks; rewrite\n"
        "                              storms seen within --for); exit 8 when there are any;\n"
        "                              --output prometheus prints metrics");
}

void AuditCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOption({QStringLiteral("pattern"),
                      QStringLiteral("keys to look at (default: the cache's and every profile's)"),
                      QStringLiteral("GLOB")});
    parser.addOption({QStringLiteral("for"),
                      QStringLiteral("then watch this long for keys rewritten more often than their lifetime "
                                     "justifies"),
                      QStringLiteral("SECONDS")});
    if (!parser.accept(context, arguments, 0))
        return;
    const auto observe = parser.number(QStringLiteral("for"), 1, kMaxObserveSeconds, 0);
    if (!observe)
        return context.fail(observe.error());
    const int observeSeconds = *observe;
    auto session = context.session();
    if (!session)
        return context.fail(session.error());
    const QList<ProviderProfile> profiles = context.connection().profiles;
    const QString pattern = parser.value(QStringLiteral("pattern"));
    auto found = std::make_shared<Findings>();
    (*session)->cache().list(
        ListQuery{pattern, profiles}, &context,
        [found, &context](const QList<CacheEntry>& batch) {
            for (const CacheEntry& entry : batch) {
                ++found->entries;
                ++found->byStatus[CacheEntry::statusName(entry.status)];
                found->fingerprints.insert(entry.key, ChangeFeed::fingerprintOf(entry));
                found->problems += CacheProblem::of(entry, context.connection().profileForKey(entry.key));
                if (entry.token && entry.token->expiresIn)
                    found->lifetimes.insert(entry.key, *entry.token->expiresIn);
                if (entry.token && !entry.profile.isEmpty() && entry.ttlMs >= 0 &&
                    (!found->earliestExpiryMs.contains(entry.profile) ||
                     entry.ttlMs < found->earliestExpiryMs.value(entry.profile)))
                    found->earliestExpiryMs.insert(entry.profile, entry.ttlMs);
            }
        },
        [found, &context, session = *session, profiles, pattern,
         observeSeconds](const Result<qsizetype>& done) {
            if (!done)
                return context.fail(done.error());
            if (observeSeconds == 0)
                return report(context, *found);
            // Rewrites counted from set events, else from fingerprints compared every second.
            auto* feed = new ChangeFeed(session->redis(), session->cache(), profiles, &context);
            QObject::connect(feed, &ChangeFeed::changed, &context,
                             [found, feed](const QString& event, const QString& key,
                                           const std::optional<CacheEntry>& entry) {
                                 // A write replaces the value: a "set" that changed nothing (a
                                 // forged event, the same token written again) is not one.
                                 if (event != QLatin1String("set") || !entry)
                                     return;
                                 const QString fingerprint = ChangeFeed::fingerprintOf(*entry);
                                 if (std::exchange(found->fingerprints[key], fingerprint) == fingerprint)
                                     return;
                                 const qint64 lifetime = entry->token && entry->token->expiresIn
                                                             ? *entry->token->expiresIn
                                                             : found->lifetimes.value(key);
                                 found->rewrites.record(key, entry->profile, QDateTime::currentDateTimeUtc(),
                                                        lifetime,
                                                        feed->live() ? RewriteCounter::Seen::Each
                                                                     : RewriteCounter::Seen::Sampled);
                             });
            QObject::connect(feed, &ChangeFeed::polling, &context, [&context](const QString& reason) {
                context.warn(
                    QStringLiteral("live updates off: %1; comparing fingerprints every second").arg(reason));
            });
            QObject::connect(feed, &ChangeFeed::gap, &context, [&context, found](const QString& reason) {
                if (found->missed.isEmpty())
                    found->missed = reason;
                context.warn(reason);
            });
            QObject::connect(feed, &ChangeFeed::note, &context,
                             [&context](const QString& message) { context.warn(message); });
            feed->start(pattern, kPollMs, context.connection().subscribeAnyway);
            QTimer::singleShot(observeSeconds * 1000, &context, [found, &context] {
                found->problems += found->rewrites.storms(QDateTime::currentDateTimeUtc());
                report(context, *found);
            });
        });
}

} // namespace tokencache
