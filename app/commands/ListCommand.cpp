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

using RowOrder = bool (*)(const ListedRow&, const ListedRow&);

/** By @p field, then by key: equal rows keep one order from run to run. */
template <typename Field> bool byThenKey(const ListedRow& a, const ListedRow& b, Field field)
{
    const auto left = field(a);
    const auto right = field(b);
    return left != right ? left < right : a.key < b.key;
}

/** What `--sort` names, each ascending; the first is the table's default. */
const std::pair<QLatin1String, RowOrder> kSortOrders[] = {
    // Time left; a key without TTL never expires, so it comes last.
    {QLatin1String("ttl"),
     [](const ListedRow& a, const ListedRow& b) {
         return byThenKey(a, b, [](const ListedRow& row) {
             return row.ttlMs < 0 ? std::numeric_limits<qint64>::max() : row.ttlMs;
         });
     }},
    {QLatin1String("key"), [](const ListedRow& a, const ListedRow& b) { return a.key < b.key; }},
    // Rows no profile owns last.
    {QLatin1String("profile"),
     [](const ListedRow& a, const ListedRow& b) {
         return byThenKey(a, b,
                          [](const ListedRow& row) { return std::pair(row.profile.isEmpty(), row.profile); });
     }},
    {QLatin1String("status"),
     [](const ListedRow& a, const ListedRow& b) {
         return byThenKey(a, b, [](const ListedRow& row) { return int(row.status); });
     }},
    {QLatin1String("size"),
     [](const ListedRow& a, const ListedRow& b) {
         return byThenKey(a, b, [](const ListedRow& row) { return row.sizeBytes; });
     }},
};

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
    // --status takes the status words of the filter's `status:` terms; `lock` takes in stale ones too.
    QList<EntryFilter> statuses;
    for (const QString& wanted : parser.values(QStringLiteral("status"))) {
        if (!EntryFilter::statusNames().contains(wanted))
            return context.fail(
                Error::usage(QStringLiteral("list: --status %1: expected one of: %2")
                                 .arg(wanted, EntryFilter::statusNames().join(QStringLiteral(", ")))));
        statuses.append(EntryFilter(QStringLiteral("status:") + wanted));
        if (wanted == QLatin1String("lock"))
            statuses.append(EntryFilter(QStringLiteral("status:stale-lock")));
    }
    const bool sortGiven = parser.isSet(QStringLiteral("sort"));
    const QString sortBy = sortGiven ? parser.value(QStringLiteral("sort")) : QString(kSortOrders[0].first);
    const auto order = std::find_if(std::cbegin(kSortOrders), std::cend(kSortOrders),
                                    [&sortBy](const auto& named) { return named.first == sortBy; });
    if (order == std::cend(kSortOrders))
        return context.fail(Error::usage(
            QStringLiteral("list: --sort %1: expected key, ttl, profile, status or size").arg(sortBy)));
    const RowOrder rowOrder = order->second;
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
    const ListQuery query{parser.value(QStringLiteral("pattern")), context.connection().profiles};
    (*cache)->list(
        query, &context,
        [&context, rows, streaming, statuses, printJsonLine,
         filter = *filter](const QList<CacheEntry>& batch) {
            for (const CacheEntry& entry : batch) {
                const auto statusMatches = [&entry](const EntryFilter& status) {
                    return status.matches(entry);
                };
                if (!filter.matches(entry, context.connection().profileForKey(entry.key)) ||
                    (!statuses.isEmpty() && std::none_of(statuses.cbegin(), statuses.cend(), statusMatches)))
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
        [&context, rows, printed, format, rowOrder, printJsonLine](const Result<qsizetype>& result) {
            if (context.outputFailed())
                return context.finish(ExitCode::Output);
            // A scan that fails midway: jsonl lines already out stay valid, a json array stays open.
            if (!result)
                return context.fail(result.error());
            std::sort(rows->begin(), rows->end(), rowOrder);
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
