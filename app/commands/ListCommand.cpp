#include "app/commands/ListCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/EntryFilter.h"
#include "core/cache/TokenCache.h"

#include <QJsonDocument>

#include <algorithm>
#include <memory>

namespace tokencache {

namespace {

using Status = CacheEntry::Status;

/** What `--status` names, and the statuses each takes in (`lock` includes stale ones). */
const QList<std::pair<QString, QList<Status>>>& statusChoices()
{
    static const QList<std::pair<QString, QList<Status>>> choices{
        {QStringLiteral("valid"), {Status::Valid}},
        {QStringLiteral("expiring"), {Status::Expiring}},
        {QStringLiteral("expired"), {Status::Expired}},
        {QStringLiteral("unreadable"), {Status::Unreadable}},
        {QStringLiteral("lock"), {Status::Locked, Status::StaleLock}},
        {QStringLiteral("stale-lock"), {Status::StaleLock}},
    };
    return choices;
}

const QStringList kSortKeys{QStringLiteral("key"), QStringLiteral("ttl"), QStringLiteral("profile"),
                            QStringLiteral("status"), QStringLiteral("size")};

/** One listed entry, kept as its output (text cells or a JSON line) plus what it sorts by. */
struct ListedRow
{
    QString key;
    QString profile;
    qint64 ttlMs;
    Status status;
    qint64 sizeBytes;
    QStringList cells;
    QByteArray json;
};

/** Time left ascending; a key without TTL never expires, so it comes last. */
qint64 timeLeftOrder(qint64 ttlMs)
{
    return ttlMs < 0 ? std::numeric_limits<qint64>::max() : ttlMs;
}

void sortRows(QList<ListedRow>& rows, const QString& by)
{
    const auto order = [&by](const ListedRow& row) {
        if (by == QLatin1String("profile"))
            return std::tuple(row.profile.isEmpty(), row.profile, qint64(0));
        if (by == QLatin1String("status"))
            return std::tuple(false, QString(), qint64(row.status));
        if (by == QLatin1String("size"))
            return std::tuple(false, QString(), row.sizeBytes);
        if (by == QLatin1String("key"))
            return std::tuple(false, QString(), qint64(0));
        return std::tuple(false, QString(), timeLeftOrder(row.ttlMs));
    };
    // The key last: equal rows keep one order from run to run.
    std::stable_sort(rows.begin(), rows.end(), [&order](const ListedRow& a, const ListedRow& b) {
        return std::tuple_cat(order(a), std::tuple(a.key)) < std::tuple_cat(order(b), std::tuple(b.key));
    });
}

} // namespace

QString ListCommand::synopsis() const
{
    return QStringLiteral(
        "list [--pattern GLOB] [--filter TERMS] [--status STATUS]... [--sort FIELD]\n"
        "                              cached entries: key, profile, ttl, status (never tokens);\n"
        "                              the table sorts by time left, json and jsonl stream in scan\n"
        "                              order unless --sort key|ttl|profile|status|size is given;\n"
        "                              --status valid|expiring|expired|unreadable|lock|stale-lock;\n"
        "                              --filter takes the window's search terms, e.g.\n"
        "                              \"profile:acme status:expiring\" (AND with the others)");
}

void ListCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOptions({
        {QStringLiteral("pattern"), QStringLiteral("SCAN glob, e.g. 'oauth2token:*'"),
         QStringLiteral("GLOB")},
        {QStringLiteral("filter"), QStringLiteral("the window's search terms"), QStringLiteral("TERMS")},
        {QStringLiteral("status"), QStringLiteral("only entries with this status (repeatable)"),
         QStringLiteral("STATUS")},
        {QStringLiteral("sort"), QStringLiteral("key, ttl, profile, status or size"),
         QStringLiteral("FIELD")},
    });
    if (!parser.accept(context, arguments, 0))
        return;
    auto filter = EntryFilter::parse(parser.value(QStringLiteral("filter")));
    if (!filter)
        return context.fail(filter.error());
    QList<Status> statuses;
    for (const QString& wanted : parser.values(QStringLiteral("status"))) {
        const auto& choices = statusChoices();
        const auto found = std::find_if(choices.cbegin(), choices.cend(),
                                        [&wanted](const auto& choice) { return choice.first == wanted; });
        if (found == choices.cend())
            return context.fail(Error::usage(
                QStringLiteral("list: --status %1: expected valid, expiring, expired, unreadable, "
                               "lock or stale-lock")
                    .arg(wanted)));
        statuses += found->second;
    }
    const bool sortGiven = parser.isSet(QStringLiteral("sort"));
    const QString sortBy = sortGiven ? parser.value(QStringLiteral("sort")) : QStringLiteral("ttl");
    if (!kSortKeys.contains(sortBy))
        return context.fail(Error::usage(
            QStringLiteral("list: --sort %1: expected key, ttl, profile, status or size").arg(sortBy)));
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    // JSON streams batch by batch, so memory stays flat on large caches and lines come at once;
    // the table (for its widths) and any --sort need every row first.
    const bool streaming = context.json() && !sortGiven;
    const OutputFormat format = context.format();
    auto rows = std::make_shared<QList<ListedRow>>();
    auto printed = std::make_shared<qsizetype>(0);
    // A JSON array opens with its first element: a listing that fails before prints nothing.
    const auto printJsonLine = [&context, format, printed](const QByteArray& line) {
        if (format == OutputFormat::Json)
            context.out() << (*printed == 0 ? "[\n" : ",\n") << line;
        else
            context.out() << line << '\n';
        ++*printed;
    };
    const ListQuery query{parser.value(QStringLiteral("pattern")), context.config().profiles};
    (*cache)->list(
        query, &context,
        [&context, rows, streaming, statuses, printJsonLine,
         filter = *filter](const QList<CacheEntry>& batch) {
            for (const CacheEntry& entry : batch) {
                if (!filter.matches(entry) || (!statuses.isEmpty() && !statuses.contains(entry.status)))
                    continue;
                ListedRow row{entry.key, entry.profile, entry.ttlMs, entry.status, entry.sizeBytes, {}, {}};
                if (context.json())
                    row.json = QJsonDocument(EntryPrinter::toJson(entry, EntryPrinter::Token::Omitted))
                                   .toJson(QJsonDocument::Compact);
                else
                    row.cells = EntryPrinter::tableRow(entry);
                if (streaming)
                    printJsonLine(row.json);
                else
                    rows->append(std::move(row));
            }
            // Nobody reads any more (`list | head -1`) or the disk is full: stop scanning.
            if (context.outputFailed())
                context.finish(ExitCode::Output);
        },
        [&context, rows, printed, format, sortBy, printJsonLine](const Result<qsizetype>& result) {
            if (context.outputFailed())
                return context.finish(ExitCode::Output);
            // A scan that fails midway: jsonl lines already out stay valid, a json array stays open.
            if (!result)
                return context.fail(result.error());
            sortRows(*rows, sortBy);
            if (format == OutputFormat::Table) {
                QList<QStringList> table{EntryPrinter::tableHeader()};
                for (const ListedRow& row : std::as_const(*rows))
                    table.append(row.cells);
                EntryPrinter::printTable(context.out(), table);
            } else {
                for (const ListedRow& row : std::as_const(*rows))
                    printJsonLine(row.json);
                if (format == OutputFormat::Json)
                    context.out() << (*printed == 0 ? "[]\n" : "\n]\n");
            }
            context.finish();
        });
}

} // namespace tokencache
