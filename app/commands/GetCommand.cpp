#include "app/commands/GetCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/TokenCache.h"

namespace tokencache {

QString GetCommand::synopsis() const
{
    return m_print == Print::Header
               ? QStringLiteral(
                     "header PROFILE                as get; prints `Authorization: <type> <token>`")
               : QStringLiteral("get PROFILE                   get-or-fetch; prints the access token alone "
                                "(--json: the entry)");
}

void GetCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    if (!parser.accept(context, arguments, 1))
        return;
    if (context.config().audit.logHits && !context.auditable())
        return;
    getOrFetch(context, parser.positionalArguments().first(), [this, &context](const CacheEntry& entry) {
        // A fetch is in the log already (the cache records it); a hit only when asked for.
        if (!entry.fetched && context.config().audit.logHits)
            context.record({name(), entry.key, entry.profile, entry.token->fingerprint(), {}});
        if (context.json())
            context.printJson(EntryPrinter::toJson(entry, EntryPrinter::Token::Revealed));
        else if (m_print == Print::Header)
            context.out() << entry.token->authorizationHeader() << '\n';
        else
            context.out() << entry.token->accessToken << '\n';
        context.out().flush();
        finishWhenIdle(context, ExitCode::Ok);
    });
}

void GetCommand::getOrFetch(CommandContext& context, const QString& profileName,
                            const std::function<void(const CacheEntry&)>& use)
{
    auto profile = context.profile(profileName);
    if (!profile)
        return context.fail(profile.error());
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());
    TokenCache* tokens = *cache;
    QObject::connect(tokens, &TokenCache::backgroundRefreshFailed, &context, [&context](const Error& error) {
        context.warn(QStringLiteral("refreshing ahead failed, the cached token stays: ") + error.message);
    });
    QObject::connect(tokens, &TokenCache::refreshAheadRefused, &context, [&context](const QString& name) {
        context.warn(QStringLiteral("profile %1's token is inside its refresh margin and was not refreshed: "
                                    "connection '%2' is read-only")
                         .arg(name, context.connection().name));
    });
    tokens->get(*profile, &context, [&context, use](const Result<CacheEntry>& entry) {
        if (!entry)
            return context.fail(entry.error());
        for (const QString& warning : entry->warnings)
            context.warn(warning);
        use(*entry);
    });
}

void GetCommand::finishWhenIdle(CommandContext& context, ExitCode code)
{
    // The token is out at once; the process stays until its refresh-ahead has landed.
    auto cache = context.cache();
    if (!cache || !(*cache)->busy())
        return context.finish(code);
    QObject::connect(*cache, &TokenCache::idle, &context, [&context, code] { context.finish(code); });
}

} // namespace tokencache
