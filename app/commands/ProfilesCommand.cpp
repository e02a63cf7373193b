#include "app/commands/ProfilesCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/config/SecretRef.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tokencache {

namespace {

// Text that is no reference may be a secret pasted without its prefix: never printed.
QString shownSecret(const QString& reference)
{
    const auto secret = SecretRef::parse(reference);
    return secret ? secret->shown() : QStringLiteral("(not a secret reference)");
}

} // namespace

QString ProfilesCommand::synopsis() const
{
    return QStringLiteral(
        "profiles list\n"
        "  profiles add NAME --token-url URL --client-id ID --client-secret REF\n"
        "                    [--auth basic|post] [--scope S]... [--audience A] [--resource R]\n"
        "                    [--param NAME=VALUE]... [--key KEY] [--default-ttl SECONDS]\n"
        "                    [--refresh-margin SECONDS] [--attempts N] [--timeout SECONDS]\n"
        "                    [--store-secret-in-config] [--allow-insecure-http]\n"
        "  profiles remove NAME");
}

void ProfilesCommand::execute(const QStringList& arguments, CommandContext& context)
{
    const QString action = arguments.value(0);
    if (action == QLatin1String("list") && arguments.size() == 1)
        return list(context);
    if (action == QLatin1String("add"))
        return add(arguments.mid(1), context);
    if (action == QLatin1String("remove"))
        return remove(arguments.mid(1), context);
    context.fail(
        Error::usage(QStringLiteral("profiles: expected list, add NAME ... or remove NAME; see --help")));
}

void ProfilesCommand::list(CommandContext& context)
{
    const QList<ProviderProfile>& profiles = context.config().profiles;
    if (context.json()) {
        QJsonArray array;
        for (const ProviderProfile& profile : profiles) {
            QJsonObject json = profile.toJson();
            json.insert(QStringLiteral("clientSecret"), shownSecret(profile.clientSecretRef));
            json.insert(QStringLiteral("key"), profile.cacheKey());
            json.insert(QStringLiteral("tokenUrl"), Humanize::urlWithoutCredentials(profile.tokenUrl));
            array.append(json);
        }
        context.out() << QJsonDocument(array).toJson();
        return context.finish();
    }
    // A hand-edited file is text from elsewhere: its control characters never reach the terminal.
    for (const ProviderProfile& profile : profiles) {
        context.out() << Escape::text(profile.name) << '\n'
                      << "  token url:   " << Escape::text(Humanize::urlWithoutCredentials(profile.tokenUrl))
                      << '\n'
                      << "  client id:   " << Escape::text(profile.clientId) << '\n'
                      << "  secret:      " << Escape::text(shownSecret(profile.clientSecretRef)) << '\n'
                      << "  auth:        " << ProviderProfile::authMethodName(profile.authMethod) << '\n'
                      << "  key:         " << Escape::text(profile.cacheKey()) << '\n';
        if (!profile.scopes.isEmpty())
            context.out() << "  scopes:      " << Escape::text(profile.scopes.join(QLatin1Char(' '))) << '\n';
    }
    if (profiles.isEmpty())
        context.err() << "tokencache: no profiles in " << context.store().path()
                      << "; add one with `profiles add`\n";
    context.finish();
}

void ProfilesCommand::add(const QStringList& arguments, CommandContext& context)
{
    // The option defaults are a new profile's: ProviderProfile holds them.
    const ProviderProfile defaults;
    const auto number = [](int value) { return QString::number(value); };
    ArgumentParser parser;
    parser.addOptions({
        {QStringLiteral("token-url"), QStringLiteral("token endpoint"), QStringLiteral("URL")},
        {QStringLiteral("client-id"), QStringLiteral("client id"), QStringLiteral("ID")},
        {QStringLiteral("client-secret"), QStringLiteral("secret reference"), QStringLiteral("REF")},
        {QStringLiteral("auth"), QStringLiteral("basic or post"), QStringLiteral("METHOD"),
         ProviderProfile::authMethodName(defaults.authMethod)},
        {QStringLiteral("scope"), QStringLiteral("scope, repeatable"), QStringLiteral("S")},
        {QStringLiteral("audience"), QStringLiteral("audience"), QStringLiteral("A")},
        {QStringLiteral("resource"), QStringLiteral("resource"), QStringLiteral("R")},
        {QStringLiteral("param"), QStringLiteral("extra form field"), QStringLiteral("NAME=VALUE")},
        {QStringLiteral("key"), QStringLiteral("cache key"), QStringLiteral("KEY")},
        {QStringLiteral("default-ttl"), QStringLiteral("TTL without expires_in"), QStringLiteral("SECONDS"),
         number(defaults.defaultTtlSeconds)},
        {QStringLiteral("refresh-margin"), QStringLiteral("seconds before expiry to refresh"),
         QStringLiteral("SECONDS"), number(defaults.refreshMarginSeconds)},
        {QStringLiteral("attempts"), QStringLiteral("tries per fetch"), QStringLiteral("N"),
         number(defaults.maxAttempts)},
        {QStringLiteral("timeout"), QStringLiteral("request timeout"), QStringLiteral("SECONDS"),
         number(defaults.requestTimeoutMs / 1000)},
        {QStringLiteral("store-secret-in-config"), QStringLiteral("store a literal secret")},
        {QStringLiteral("allow-insecure-http"),
         QStringLiteral("allow a plain-http token URL to a host that is not loopback")},
    });
    if (auto parsed = parser.parseArguments(QStringLiteral("profiles add"), arguments, 1); !parsed)
        return context.fail(parsed.error());

    ProviderProfile profile;
    profile.name = parser.positionalArguments().first();
    profile.tokenUrl = parser.value(QStringLiteral("token-url"));
    profile.clientId = parser.value(QStringLiteral("client-id"));
    auto method = ProviderProfile::authMethodFromName(parser.value(QStringLiteral("auth")));
    if (!method)
        return context.fail(method.error());
    profile.authMethod = *method;
    profile.scopes = parser.values(QStringLiteral("scope"));
    profile.audience = parser.value(QStringLiteral("audience"));
    profile.resource = parser.value(QStringLiteral("resource"));
    profile.key = parser.value(QStringLiteral("key"));
    for (const QString& parameter : parser.values(QStringLiteral("param"))) {
        const qsizetype equals = parameter.indexOf(QLatin1Char('='));
        if (equals <= 0)
            return context.fail(
                Error::usage(QStringLiteral("--param %1: expected NAME=VALUE").arg(parameter)));
        profile.extraParameters.insert(parameter.left(equals), parameter.mid(equals + 1));
    }
    // Range-checked before any arithmetic: --timeout 4294968 must not wrap to 704 ms.
    const auto rangeChecked = [&parser](const QString& option, int min, int max) -> Result<int> {
        bool ok = false;
        const int value = parser.value(option).toInt(&ok);
        if (!ok || value < min || value > max)
            return Error::usage(
                QStringLiteral("--%1: expected a whole number from %2 to %3").arg(option).arg(min).arg(max));
        return value;
    };
    const auto defaultTtl = rangeChecked(QStringLiteral("default-ttl"), 0, ProviderProfile::kMaxSeconds);
    const auto margin = rangeChecked(QStringLiteral("refresh-margin"), 0, ProviderProfile::kMaxSeconds);
    const auto attempts = rangeChecked(QStringLiteral("attempts"), 1, ProviderProfile::kMaxAttempts);
    const auto timeout = rangeChecked(QStringLiteral("timeout"), 1, ProviderProfile::kMaxTimeoutSeconds);
    for (const Result<int>* value : {&defaultTtl, &margin, &attempts, &timeout}) {
        if (!*value)
            return context.fail(value->error());
    }
    profile.defaultTtlSeconds = *defaultTtl;
    profile.refreshMarginSeconds = *margin;
    profile.maxAttempts = *attempts;
    profile.requestTimeoutMs = *timeout * 1000;
    profile.allowInsecureHttp = parser.isSet(QStringLiteral("allow-insecure-http"));

    // A secret given itself (not a reference) is stored only when asked for.
    auto secret = SecretRef::parse(parser.value(QStringLiteral("client-secret")));
    if (!secret || secret->kind() == SecretRef::Kind::Literal) {
        if (!parser.isSet(QStringLiteral("store-secret-in-config")))
            return context.fail(Error::usage(QStringLiteral(
                "--client-secret must be a reference (env:NAME or file:/path); to store the secret "
                "itself in the config file, add --store-secret-in-config")));
        if (!secret)
            secret = SecretRef(SecretRef::Kind::Literal, parser.value(QStringLiteral("client-secret")));
    }
    profile.clientSecretRef = secret->format();
    if (const QString problem = profile.validate(); !problem.isEmpty())
        return context.fail(Error::usage(problem));

    auto saved = context.store().update([&profile](AppConfig& config) -> Result<Done> {
        if (config.profile(profile.name))
            return Error::usage(QStringLiteral("profile \"%1\" exists already; remove it first to replace it")
                                    .arg(profile.name));
        config.profiles.append(profile);
        return Done{};
    });
    if (!saved)
        return context.fail(saved.error());
    // Added (the URL may be meant for later), but fetching will refuse it: say so now.
    if (const QString problem = profile.insecureUrlProblem(); !problem.isEmpty())
        context.warn(problem + QStringLiteral("; fetching will refuse it"));
    context.out() << "added profile " << profile.name << " (key " << profile.cacheKey() << ")\n";
    context.finish();
}

void ProfilesCommand::remove(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser;
    if (auto parsed = parser.parseArguments(QStringLiteral("profiles remove"), arguments, 1); !parsed)
        return context.fail(parsed.error());
    const QString name = parser.positionalArguments().first();
    auto saved = context.store().update([&name, &context](AppConfig& config) -> Result<Done> {
        const qsizetype removed =
            config.profiles.removeIf([&name](const ProviderProfile& p) { return p.name == name; });
        if (removed == 0)
            return Error::notFound(
                QStringLiteral("no profile named \"%1\" in %2").arg(name, context.store().path()));
        return Done{};
    });
    if (!saved)
        return context.fail(saved.error());
    context.out() << "removed profile " << name << '\n';
    context.finish();
}

} // namespace tokencache
