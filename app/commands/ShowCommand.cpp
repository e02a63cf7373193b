#include "app/commands/ShowCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "app/EntryPrinter.h"
#include "core/cache/TokenCache.h"
#include "core/common/Escape.h"

namespace tokencache {

QString ShowCommand::synopsis() const
{
    return QStringLiteral(
        "show KEY [--reveal]           one entry: fields, ttl, decoded JWT; token masked unless --reveal");
}

void ShowCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOption({QStringLiteral("reveal"), QStringLiteral("print the token itself")});
    if (!parser.accept(context, arguments, 1))
        return;
    const bool reveal = parser.isSet(QStringLiteral("reveal"));
    if (reveal && !context.auditable())
        return;
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    const QString key = Escape::canonical(parser.positionalArguments().first());
    const auto visibility = reveal ? EntryPrinter::Token::Revealed : EntryPrinter::Token::Masked;
    (*cache)->read(key, context.connection().profileForKey(key), &context,
                   [&context, visibility](const Result<CacheEntry>& result) {
                       if (!result)
                           return context.fail(result.error());
                       if (visibility == EntryPrinter::Token::Revealed && result->token)
                           context.record({QStringLiteral("reveal"),
                                           result->key,
                                           result->profile,
                                           result->token->fingerprint(),
                                           {}});
                       if (context.json())
                           context.printJson(EntryPrinter::toDetailedJson(*result, visibility));
                       else
                           EntryPrinter::printDetails(context.out(), *result, visibility);
                       context.finish();
                   });
}

} // namespace tokencache
