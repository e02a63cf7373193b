#include "app/commands/RefreshCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/TokenCache.h"
#include "core/common/Humanize.h"

namespace tokencache {

QString RefreshCommand::synopsis() const
{
    return QStringLiteral("refresh PROFILE               force a new token; prints the new entry's ttl");
}

void RefreshCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    if (!parser.accept(context, arguments, 1))
        return;
    auto profile = context.profile(parser.positionalArguments().first());
    if (!profile)
        return context.fail(profile.error());
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    (*cache)->refresh(*profile, &context, [&context](const Result<CacheEntry>& entry) {
        if (!entry)
            return context.fail(entry.error());
        for (const QString& warning : entry->warnings)
            context.warn(warning);
        if (context.json())
            context.printJson(EntryPrinter::toJson(*entry, EntryPrinter::Token::Omitted));
        else if (entry->stored)
            context.out() << "refreshed " << entry->key << ": ttl " << Humanize::duration(entry->ttlMs)
                          << '\n';
        else
            context.out() << "fetched a new token for " << entry->profile << " but did not cache it\n";
        context.finish();
    });
}

} // namespace tokencache
