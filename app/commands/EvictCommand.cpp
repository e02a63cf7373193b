#include "commands/EvictCommand.h"

#include "ArgumentParser.h"
#include "CommandContext.h"
#include "cache/TokenCache.h"

#include <QJsonDocument>
#include <QJsonObject>

QString EvictCommand::synopsis() const
{
    return QStringLiteral("evict PROFILE | --key KEY     delete the cached entry");
}

void EvictCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser;
    parser.addOption({QStringLiteral("key"), QStringLiteral("the key to delete"), QStringLiteral("KEY")});
    if (auto parsed = parser.parseArguments(name(), arguments, -1); !parsed)
        return context.fail(parsed.error());
    const bool byKey = parser.isSet(QStringLiteral("key"));
    if (parser.positionalArguments().size() != (byKey ? 0 : 1))
        return context.fail(Error::usage(QStringLiteral("evict: give a PROFILE or --key KEY, not both")));

    QString key = parser.value(QStringLiteral("key"));
    if (!byKey) {
        auto profile = context.profile(parser.positionalArguments().first());
        if (!profile)
            return context.fail(profile.error());
        key = profile->cacheKey();
    }
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    (*cache)->evict(key, &context, [&context, key](const Result<Done>& done) {
        if (!done)
            return context.fail(done.error());
        if (context.json())
            context.out() << QJsonDocument(
                                 QJsonObject{{QStringLiteral("key"), key}, {QStringLiteral("evicted"), true}})
                                 .toJson(QJsonDocument::Compact)
                          << '\n';
        else
            context.out() << "evicted " << key << '\n';
        context.finish();
    });
}
