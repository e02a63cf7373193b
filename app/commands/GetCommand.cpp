#include "app/commands/GetCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/TokenCache.h"

#include <QJsonDocument>

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
    ArgumentParser parser;
    if (auto parsed = parser.parseArguments(name(), arguments, 1); !parsed)
        return context.fail(parsed.error());
    auto profile = context.profile(parser.positionalArguments().first());
    if (!profile)
        return context.fail(profile.error());
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    TokenCache* tokens = *cache;
    QObject::connect(tokens, &TokenCache::backgroundRefreshFailed, &context, [&context](const Error& error) {
        context.warn(QStringLiteral("refreshing ahead failed, the cached token stays: ") + error.message);
    });
    tokens->get(*profile, &context, [this, &context, tokens](const Result<CacheEntry>& entry) {
        if (!entry)
            return context.fail(entry.error());
        for (const QString& warning : entry->warnings)
            context.warn(warning);
        if (context.json())
            context.out()
                << QJsonDocument(EntryPrinter::toJson(*entry, EntryPrinter::Token::Revealed)).toJson();
        else if (m_print == Print::Header)
            context.out() << entry->token->authorizationHeader() << '\n';
        else
            context.out() << entry->token->accessToken << '\n';
        context.out().flush();
        // The token is printed at once; the process stays until its refresh-ahead has landed.
        if (!tokens->busy())
            return context.finish();
        QObject::connect(tokens, &TokenCache::idle, &context, [&context] { context.finish(); });
    });
}

} // namespace tokencache
