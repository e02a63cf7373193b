#include "app/commands/ListCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/EntryFilter.h"
#include "core/cache/TokenCache.h"

#include <QJsonDocument>

#include <memory>

namespace tokencache {

QString ListCommand::synopsis() const
{
    return QStringLiteral(
        "list [--pattern GLOB] [--filter TERMS]\n"
        "                              cached entries: key, profile, ttl, status (never tokens);\n"
        "                              --filter takes the window's search terms, e.g.\n"
        "                              \"profile:acme status:expiring\" (AND with --pattern)");
}

void ListCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser;
    parser.addOption({QStringLiteral("pattern"), QStringLiteral("SCAN glob"), QStringLiteral("GLOB")});
    parser.addOption({QStringLiteral("filter"), QStringLiteral("search terms"), QStringLiteral("TERMS")});
    if (auto parsed = parser.parseArguments(name(), arguments, 0); !parsed)
        return context.fail(parsed.error());
    auto filter = EntryFilter::parse(parser.value(QStringLiteral("filter")));
    if (!filter)
        return context.fail(filter.error());
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    ListQuery query{parser.value(QStringLiteral("pattern")), context.config().profiles};
    // JSON is streamed batch by batch so memory stays flat on large caches; the table needs all rows for
    // widths.
    auto rows = std::make_shared<QList<QStringList>>(QList<QStringList>{EntryPrinter::tableHeader()});
    auto firstJson = std::make_shared<bool>(true);
    if (context.json())
        context.out() << '[';
    (*cache)->list(
        query, &context,
        [&context, rows, firstJson, filter = *filter](const QList<CacheEntry>& batch) {
            for (const CacheEntry& entry : batch) {
                if (!filter.matches(entry))
                    continue;
                if (!context.json()) {
                    rows->append(EntryPrinter::tableRow(entry));
                } else {
                    context.out() << (*firstJson ? "\n" : ",\n")
                                  << QJsonDocument(EntryPrinter::toJson(entry, EntryPrinter::Token::Omitted))
                                         .toJson(QJsonDocument::Compact);
                    *firstJson = false;
                }
            }
            // Nobody reads any more (`list | head -1`) or the disk is full: stop scanning.
            if (context.outputFailed())
                context.finish(ExitCode::Output);
        },
        [&context, rows](const Result<qsizetype>& result) {
            if (context.outputFailed())
                return context.finish(ExitCode::Output);
            if (context.json())
                context.out() << "\n]\n";
            else if (result)
                EntryPrinter::printTable(context.out(), *rows);
            if (!result)
                return context.fail(result.error());
            context.finish();
        });
}

} // namespace tokencache
