#include "app/commands/EvictCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/cache/LockInfo.h"
#include "core/cache/TokenCache.h"
#include "core/common/Escape.h"

#include <QJsonObject>

namespace tokencache {

QString EvictCommand::synopsis() const
{
    return QStringLiteral(
        "evict PROFILE | --key KEY [--lock [--force]] [--missing-ok]\n"
        "                                delete the cached entry (--lock: its stale single-flight lock)\n"
        "  evict PROFILE --revoke [--ignore-revoke-failure]\n"
        "                                revoke the token at the provider (RFC 7009), then delete it");
}

void EvictCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOption({QStringLiteral("key"), QStringLiteral("the key to delete"), QStringLiteral("KEY")});
    parser.addOption(
        {QStringLiteral("lock"), QStringLiteral("delete the entry's single-flight lock if it is stale")});
    parser.addOption(
        {QStringLiteral("force"), QStringLiteral("with --lock: delete it even if it is not stale")});
    parser.addOption(
        {QStringLiteral("missing-ok"), QStringLiteral("exit 0 when there is nothing to delete")});
    parser.addOption(
        {QStringLiteral("revoke"),
         QStringLiteral("revoke the token at the provider first; the entry stays if that fails")});
    parser.addOption({QStringLiteral("ignore-revoke-failure"),
                      QStringLiteral("with --revoke: delete the entry even when revocation fails (exit 4)")});
    if (!parser.accept(context, arguments, -1))
        return;
    const bool byKey = parser.isSet(QStringLiteral("key"));
    if (parser.positionalArguments().size() != (byKey ? 0 : 1))
        return context.fail(
            Error::usage(byKey || parser.positionalArguments().size() > 1
                             ? QStringLiteral("evict: give one PROFILE or --key KEY, not both")
                             : QStringLiteral("evict: give a PROFILE or --key KEY")));
    if (parser.isSet(QStringLiteral("force")) && !parser.isSet(QStringLiteral("lock")))
        return context.fail(Error::usage(
            QStringLiteral("evict: --force applies to --lock (an entry is deleted without it)")));

    const bool revoke = parser.isSet(QStringLiteral("revoke"));
    if (parser.isSet(QStringLiteral("ignore-revoke-failure")) && !revoke)
        return context.fail(
            Error::usage(QStringLiteral("evict: --ignore-revoke-failure applies to --revoke")));
    if (revoke && (byKey || parser.isSet(QStringLiteral("lock"))))
        return context.fail(Error::usage(QStringLiteral(
            "evict: --revoke takes a PROFILE (whose client revokes the token), not --key or --lock")));

    QString key = Escape::canonical(parser.value(QStringLiteral("key")));
    if (!byKey) {
        auto profile = context.profile(parser.positionalArguments().first());
        if (!profile)
            return context.fail(profile.error());
        key = profile->cacheKey();
    }
    auto cache = context.cache();
    if (!cache)
        return context.fail(cache.error());

    const bool lock = parser.isSet(QStringLiteral("lock"));
    // --key with the lock's own name, as `list` shows it: its entry is what --lock starts from.
    if (lock && byKey && LockInfo::isLockKey(key))
        key = LockInfo::entryKeyOf(key);
    const QString evicted = lock ? LockInfo::keyFor(key) : key;
    const bool missingOk = parser.isSet(QStringLiteral("missing-ok"));
    const auto report = [&context, evicted, missingOk](const Result<Done>& done) {
        // --missing-ok: the goal (the key is gone) holds already, as `rm -f` treats a missing file.
        if (!done && missingOk && done.error().kind == Error::Kind::NotFound) {
            if (context.json())
                context.printJson({{QStringLiteral("key"), evicted}, {QStringLiteral("evicted"), false}});
            else
                context.out() << "nothing to evict: " << evicted << " does not exist\n";
            return context.finish();
        }
        if (!done)
            return context.fail(done.error());
        if (context.json())
            context.printJson({{QStringLiteral("key"), evicted}, {QStringLiteral("evicted"), true}});
        else
            context.out() << "evicted " << evicted << '\n';
        context.finish();
    };
    if (revoke)
        (*cache)->revokeAndEvict(*context.profile(parser.positionalArguments().first()),
                                 parser.isSet(QStringLiteral("ignore-revoke-failure"))
                                     ? TokenCache::OnRevokeFailure::EvictAnyway
                                     : TokenCache::OnRevokeFailure::KeepEntry,
                                 &context, report);
    else if (lock)
        (*cache)->evictLock(key, parser.isSet(QStringLiteral("force")), &context, report);
    else
        (*cache)->evict(key, &context, report);
}

} // namespace tokencache
