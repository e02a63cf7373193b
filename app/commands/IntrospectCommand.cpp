#include "app/commands/IntrospectCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/cache/TokenCache.h"
#include "core/common/Escape.h"
#include "core/oauth/TokenClient.h"

#include <QDateTime>
#include <QJsonDocument>

namespace tokencache {

namespace {

/** A claim as one line shows it: times also as UTC, objects and lists as compact JSON. */
QString shownClaim(const QString& name, const QJsonValue& value)
{
    static const QStringList times{QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("nbf")};
    if (value.isString())
        return value.toString();
    if (value.isDouble() && times.contains(name))
        return QStringLiteral("%1 (%2)").arg(
            QString::number(qint64(value.toDouble())),
            QDateTime::fromSecsSinceEpoch(qint64(value.toDouble()), Qt::UTC).toString(Qt::ISODate));
    if (value.isObject() || value.isArray())
        return QString::fromUtf8(
            QJsonDocument::fromVariant(value.toVariant()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

/** The provider's answer: `active`, then every claim, escaped as everything a server sent. */
void printAnswer(CommandContext& context, const QString& key, const QJsonObject& answer)
{
    const bool active = answer.value(QStringLiteral("active")).toBool();
    if (context.json()) {
        QJsonObject shown = answer;
        shown.insert(QStringLiteral("key"), key);
        return context.printJson(shown);
    }
    context.out() << "active    " << (active ? "true" : "false") << '\n';
    for (auto it = answer.constBegin(); it != answer.constEnd(); ++it) {
        if (it.key() != QLatin1String("active"))
            context.out() << Escape::text(it.key()).leftJustified(10) << ' '
                          << Escape::text(shownClaim(it.key(), it.value())) << '\n';
    }
    context.out() << Escape::text(key) << ": " << (active ? "active" : "inactive") << '\n';
}

} // namespace

QString IntrospectCommand::synopsis() const
{
    return QStringLiteral(
        "introspect KEY [--profile NAME]   is the cached token active at its provider (RFC\n"
        "                                  7662)? exit 7 when it is not");
}

void IntrospectCommand::execute(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(name(), synopsis());
    parser.addOption({QStringLiteral("profile"),
                      QStringLiteral("the profile whose client asks (default: the key's owner)"),
                      QStringLiteral("NAME")});
    if (!parser.accept(context, arguments, 1) || !context.auditable())
        return;
    const QString key = Escape::canonical(parser.positionalArguments().first());
    const auto owner = context.keyOwner(key, parser.value(QStringLiteral("profile")));
    if (!owner)
        return context.fail(owner.error());
    const ProviderProfile profile = *owner;
    context.readToken(
        key, profile, QStringLiteral("introspect"), [&context, key, profile](const TokenResponse& token) {
            // The command's own: it lives as long as the command, never ended from inside its own reply.
            auto* client = new TokenClient(&context);
            client->introspect(profile, token.accessToken.toUtf8(), &context,
                               [&context, key, profile,
                                fingerprint = token.fingerprint()](const Result<QJsonObject>& answer) {
                                   const bool active =
                                       answer && answer->value(QStringLiteral("active")).toBool();
                                   context.record({QStringLiteral("introspect"),
                                                   key,
                                                   profile.name,
                                                   fingerprint,
                                                   answer ? (active ? QString() : QStringLiteral("inactive"))
                                                          : answer.error().message,
                                                   {}});
                                   if (!answer)
                                       return context.fail(answer.error());
                                   printAnswer(context, key, *answer);
                                   context.finish(active ? ExitCode::Ok : ExitCode::NotValid);
                               });
        });
}

} // namespace tokencache
