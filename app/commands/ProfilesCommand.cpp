#include "app/commands/ProfilesCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/config/HeaderValue.h"
#include "core/config/SecretRef.h"
#include "core/oauth/ClientAuthentication.h"
#include "core/oauth/ProviderMetadata.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace tokencache {

namespace {

const QString kAddOptions = QStringLiteral(
    "(--token-url URL | --issuer URL) --client-id ID [--client-secret REF]\n"
    "                    [--auth basic|post|private_key_jwt|client_secret_jwt|tls_client_auth|\n"
    "                            self_signed_tls_client_auth]\n"
    "                    [--private-key REF] [--key-id KID] [--signing-alg ALG]\n"
    "                    [--assertion-audience token-endpoint|issuer|URL]\n"
    "                    [--provider-cert FILE --provider-key REF] [--provider-ca FILE]\n"
    "                    [--scope S]... [--audience A] [--resource R] [--issuer URL]\n"
    "                    [--param NAME=VALUE]... [--key KEY] [--default-ttl SECONDS]\n"
    "                    [--refresh-margin SECONDS] [--attempts N] [--timeout SECONDS]\n"
    "                    [--store-secret-in-config] [--allow-insecure-http]\n"
    "                    [--request-format form|json] [--header NAME=REF|plain:TEXT]...\n"
    "                    [--token-field POINTER] [--expires-field POINTER]\n"
    "                    [--expires-at-field POINTER] [--token-type-field POINTER]");

// Text that is no reference may be a secret pasted without its prefix: never printed.
QString shownSecret(const QString& reference)
{
    const auto secret = SecretRef::parse(reference);
    return secret ? secret->shown() : QStringLiteral("(not a secret reference)");
}

// A header's value as listings show it: plain text as is, a secret as its reference, never itself.
QString shownHeader(const QString& value)
{
    const auto header = HeaderValue::parse(value);
    return header ? header->shown() : QStringLiteral("(not a secret reference)");
}

QJsonObject profileJson(const ProviderProfile& profile)
{
    QJsonObject json = profile.toJson();
    // Members this version does not know may be secrets it cannot tell apart: kept, never printed.
    for (const QString& unknown : profile.unknownMembers.keys())
        json.remove(unknown);
    json.insert(QStringLiteral("clientSecret"), shownSecret(profile.clientSecretRef));
    if (!profile.privateKeyRef.isEmpty())
        json.insert(QStringLiteral("privateKey"), shownSecret(profile.privateKeyRef));
    if (!profile.providerKeyRef.isEmpty())
        json.insert(QStringLiteral("providerKey"), shownSecret(profile.providerKeyRef));
    if (!profile.headers.isEmpty()) {
        QJsonObject headers;
        for (auto it = profile.headers.cbegin(); it != profile.headers.cend(); ++it)
            headers.insert(it.key(), shownHeader(it.value()));
        json.insert(QStringLiteral("headers"), headers);
    }
    json.insert(QStringLiteral("key"), profile.cacheKey());
    json.insert(QStringLiteral("tokenUrl"), Humanize::urlWithoutCredentials(profile.tokenUrl));
    if (!profile.issuer.isEmpty())
        json.insert(QStringLiteral("issuer"), profile.issuer);
    return json;
}

// A hand-edited file is text from elsewhere: its control characters never reach the terminal.
void printProfile(QTextStream& out, const ProviderProfile& profile, bool everything)
{
    const auto field = [&out](const char* name, const QString& value) {
        out << "  " << QString::fromLatin1(name).leftJustified(19) << Escape::text(value) << '\n';
    };
    out << Escape::text(profile.name) << '\n';
    field("token url:", profile.discoversTokenUrl() ? QStringLiteral("from the issuer's metadata")
                                                    : Humanize::urlWithoutCredentials(profile.tokenUrl));
    if (!profile.issuer.isEmpty())
        field("issuer:", profile.issuer);
    field("client id:", profile.clientId);
    if (profile.usesClientSecret())
        field("secret:", shownSecret(profile.clientSecretRef));
    field("auth:", ProviderProfile::authMethodName(profile.authMethod));
    if (profile.authMethod == ProviderProfile::AuthMethod::PrivateKeyJwt) {
        field("private key:", shownSecret(profile.privateKeyRef));
        if (!profile.keyId.isEmpty())
            field("key id:", profile.keyId);
        field("signing alg:",
              profile.signingAlgorithm.isEmpty() ? QStringLiteral("from the key") : profile.signingAlgorithm);
    }
    if (!profile.assertionAudience.isEmpty())
        field("assertion aud:", profile.assertionAudience);
    if (profile.usesMutualTls()) {
        field("client cert:", profile.providerCert);
        field("client key:", shownSecret(profile.providerKeyRef));
    }
    if (!profile.providerCa.isEmpty())
        field("provider ca:", profile.providerCa);
    field("key:", profile.cacheKey());
    if (!profile.scopes.isEmpty())
        field("scopes:", profile.scopes.join(QLatin1Char(' ')));
    if (!everything)
        return;
    if (!profile.audience.isEmpty())
        field("audience:", profile.audience);
    if (!profile.resource.isEmpty())
        field("resource:", profile.resource);
    for (auto it = profile.extraParameters.cbegin(); it != profile.extraParameters.cend(); ++it)
        field("param:", it.key() + QLatin1Char('=') + it.value());
    field("request:", ProviderProfile::requestFormatName(profile.requestFormat) +
                          (profile.requestFormat == ProviderProfile::RequestFormat::Json
                               ? QStringLiteral(" (application/json)")
                               : QStringLiteral(" (application/x-www-form-urlencoded)")));
    for (auto it = profile.headers.cbegin(); it != profile.headers.cend(); ++it)
        field("header:", it.key() + QStringLiteral(": ") + shownHeader(it.value()));
    for (const ResponseMapping::Pointer& pointer : ResponseMapping::pointers()) {
        const QString& where = profile.response.*pointer.field;
        field((QLatin1String(pointer.role) + QStringLiteral(" field:")).toLatin1().constData(),
              where.isEmpty() ? QStringLiteral("none") : where);
    }
    field("refresh margin:", Humanize::duration(qint64(profile.refreshMarginSeconds) * 1000));
    field("attempts:", QString::number(profile.maxAttempts));
    field("timeout:", Humanize::duration(profile.requestTimeoutMs));
    field("default ttl:", profile.defaultTtlSeconds == 0
                              ? QStringLiteral("none (a response without expires_in is not cached)")
                              : Humanize::duration(qint64(profile.defaultTtlSeconds) * 1000));
    if (profile.allowInsecureHttp)
        field("plain http:", QStringLiteral("allowed to a host that is not loopback"));
}

/** The options of `profiles add` and `profiles edit`; edit applies only those given. */
void addProfileOptions(ArgumentParser& parser)
{
    parser.addOptions({
        {QStringLiteral("token-url"), QStringLiteral("token endpoint"), QStringLiteral("URL")},
        {QStringLiteral("client-id"), QStringLiteral("client id"), QStringLiteral("ID")},
        {QStringLiteral("client-secret"),
         QStringLiteral("secret reference: env:NAME, file:/path, keychain:NAME"), QStringLiteral("REF")},
        {QStringLiteral("auth"),
         QStringLiteral(
             "client authentication: basic (the default), post, private_key_jwt, client_secret_jwt, "
             "tls_client_auth or self_signed_tls_client_auth"),
         QStringLiteral("METHOD")},
        {QStringLiteral("private-key"),
         QStringLiteral("private_key_jwt: the PEM private key, a secret reference"), QStringLiteral("REF")},
        {QStringLiteral("key-id"), QStringLiteral("private_key_jwt: the key's kid at the provider"),
         QStringLiteral("KID")},
        {QStringLiteral("signing-alg"),
         QStringLiteral("private_key_jwt: RS256, PS256, ES256... (default: RS256 for RSA, ES* for EC)"),
         QStringLiteral("ALG")},
        {QStringLiteral("assertion-audience"),
         QStringLiteral("a client assertion's aud: token-endpoint (the default), issuer or a URL"),
         QStringLiteral("AUD")},
        {QStringLiteral("provider-cert"),
         QStringLiteral("tls_client_auth: the client certificate (PEM file)"), QStringLiteral("FILE")},
        {QStringLiteral("provider-key"),
         QStringLiteral("tls_client_auth: its private key, a secret reference"), QStringLiteral("REF")},
        {QStringLiteral("provider-ca"), QStringLiteral("CA certificates (PEM file) for the provider's TLS"),
         QStringLiteral("FILE")},
        {QStringLiteral("scope"), QStringLiteral("scope, repeatable"), QStringLiteral("S")},
        {QStringLiteral("audience"), QStringLiteral("audience"), QStringLiteral("A")},
        {QStringLiteral("issuer"),
         QStringLiteral("the provider's issuer: its metadata names the endpoints (a token URL when none is "
                        "given), its keys check tokens (verify)"),
         QStringLiteral("URL")},
        {QStringLiteral("resource"), QStringLiteral("resource"), QStringLiteral("R")},
        {QStringLiteral("param"), QStringLiteral("extra form field, repeatable"),
         QStringLiteral("NAME=VALUE")},
        {QStringLiteral("key"), QStringLiteral("cache key (default oauth2token:NAME)"),
         QStringLiteral("KEY")},
        {QStringLiteral("default-ttl"), QStringLiteral("TTL without expires_in (default 0: not cached)"),
         QStringLiteral("SECONDS")},
        {QStringLiteral("refresh-margin"), QStringLiteral("seconds before expiry to refresh (default 60)"),
         QStringLiteral("SECONDS")},
        {QStringLiteral("attempts"), QStringLiteral("tries per fetch (default 3)"), QStringLiteral("N")},
        {QStringLiteral("timeout"), QStringLiteral("request timeout (default 10)"),
         QStringLiteral("SECONDS")},
        {QStringLiteral("store-secret-in-config"),
         QStringLiteral("store a literal secret in the config file")},
        {QStringLiteral("allow-insecure-http"),
         QStringLiteral("allow a plain-http token URL to a host that is not loopback")},
        {QStringLiteral("request-format"), QStringLiteral("token request body: form (the default) or json"),
         QStringLiteral("FORMAT")},
        {QStringLiteral("header"),
         QStringLiteral("extra request header, repeatable; VALUE is env:NAME, file:/path or plain:TEXT; "
                        "NAME= removes it"),
         QStringLiteral("NAME=VALUE")},
    });
    for (const ResponseMapping::Pointer& pointer : ResponseMapping::pointers())
        parser.addOption({QLatin1String(pointer.option),
                          QStringLiteral("JSON pointer to the response's %1 (default %2)")
                              .arg(QLatin1String(pointer.role), (ResponseMapping().*pointer.field).isEmpty()
                                                                    ? QStringLiteral("none")
                                                                    : ResponseMapping().*pointer.field),
                          QStringLiteral("POINTER")});
}

/** `--header NAME=VALUE` sets one header (an empty VALUE removes it); its value is never echoed. */
Result<Done> applyHeader(const QString& option, bool storeLiteral, ProviderProfile& profile)
{
    const qsizetype equals = option.indexOf(QLatin1Char('='));
    if (equals <= 0)
        return Error::usage(QStringLiteral("--header: expected NAME=VALUE, e.g. X-Api-Key=env:ACME_API_KEY"));
    const QString name = option.left(equals).trimmed();
    const QString text = option.mid(equals + 1);
    // Names are case-insensitive: the one given replaces the one stored, whatever its case.
    const qsizetype removed = profile.headers.removeIf(
        [&name](const auto& header) { return header.key().compare(name, Qt::CaseInsensitive) == 0; });
    if (text.isEmpty()) {
        if (removed == 0)
            return Error::usage(QStringLiteral("--header %1=: profile \"%2\" has no header %1 to remove")
                                    .arg(Escape::text(name), profile.name));
        return Done{};
    }
    const auto header = HeaderValue::parse(text);
    if (!header || (header->secret().kind() == SecretRef::Kind::Literal && !storeLiteral))
        return Error::usage(
            QStringLiteral(
                "--header %1: the value must be a secret reference (env:NAME or file:/path) or "
                "plain:TEXT for a value that is not secret; to store a secret itself in the config "
                "file, give literal:VALUE and --store-secret-in-config")
                .arg(Escape::text(name)));
    profile.headers.insert(name, text);
    return Done{};
}

/** Sets on @p profile what the options given say; a usage Error for a bad value. */
Result<Done> applyProfileOptions(const ArgumentParser& parser, ProviderProfile& profile)
{
    const auto given = [&parser](const char* option) { return parser.isSet(QLatin1String(option)); };
    const auto value = [&parser](const char* option) { return parser.value(QLatin1String(option)); };
    if (given("token-url"))
        profile.tokenUrl = value("token-url");
    if (given("client-id"))
        profile.clientId = value("client-id");
    if (given("auth")) {
        auto method = ProviderProfile::authMethodFromName(value("auth"));
        if (!method)
            return method.error();
        profile.authMethod = *method;
    }
    if (given("scope"))
        profile.scopes = parser.values(QStringLiteral("scope"));
    if (given("audience"))
        profile.audience = value("audience");
    if (given("issuer"))
        profile.issuer = value("issuer");
    if (given("resource"))
        profile.resource = value("resource");
    if (given("key"))
        profile.key = value("key");
    if (given("param")) {
        profile.extraParameters.clear();
        for (const QString& parameter : parser.values(QStringLiteral("param"))) {
            const qsizetype equals = parameter.indexOf(QLatin1Char('='));
            if (equals <= 0)
                return Error::usage(QStringLiteral("--param %1: expected NAME=VALUE").arg(parameter));
            profile.extraParameters.insert(parameter.left(equals), parameter.mid(equals + 1));
        }
    }
    // Range-checked before any arithmetic: --timeout 4294968 must not wrap to 704 ms.
    const auto number = [&](const char* option, int min, int max, int& target, int scale) -> Result<Done> {
        if (!given(option))
            return Done{};
        bool ok = false;
        const int parsed = value(option).toInt(&ok);
        if (!ok || parsed < min || parsed > max)
            return Error::usage(QStringLiteral("--%1: expected a whole number from %2 to %3")
                                    .arg(QLatin1String(option))
                                    .arg(min)
                                    .arg(max));
        target = parsed * scale;
        return Done{};
    };
    for (const Result<Done>& checked :
         {number("default-ttl", 0, ProviderProfile::kMaxSeconds, profile.defaultTtlSeconds, 1),
          number("refresh-margin", 0, ProviderProfile::kMaxSeconds, profile.refreshMarginSeconds, 1),
          number("attempts", 1, ProviderProfile::kMaxAttempts, profile.maxAttempts, 1),
          number("timeout", 1, ProviderProfile::kMaxTimeoutSeconds, profile.requestTimeoutMs, 1000)}) {
        if (!checked)
            return checked.error();
    }
    if (given("allow-insecure-http"))
        profile.allowInsecureHttp = true;
    if (given("request-format")) {
        auto format = ProviderProfile::requestFormatFromName(value("request-format"));
        if (!format)
            return Error::usage(QStringLiteral("--request-format: ") + format.error().message);
        profile.requestFormat = *format;
    }
    for (const QString& header : parser.values(QStringLiteral("header"))) {
        if (auto applied = applyHeader(header, given("store-secret-in-config"), profile); !applied)
            return applied;
    }
    for (const ResponseMapping::Pointer& pointer : ResponseMapping::pointers()) {
        if (given(pointer.option))
            profile.response.*pointer.field = value(pointer.option);
    }
    for (const auto& [option, text] : {std::pair{"key-id", &profile.keyId},
                                       {"signing-alg", &profile.signingAlgorithm},
                                       {"assertion-audience", &profile.assertionAudience},
                                       {"provider-cert", &profile.providerCert},
                                       {"provider-ca", &profile.providerCa}}) {
        if (given(option))
            *text = value(option);
    }
    for (const auto& [option, reference] : {std::pair{"client-secret", &profile.clientSecretRef},
                                            {"private-key", &profile.privateKeyRef},
                                            {"provider-key", &profile.providerKeyRef}}) {
        if (!given(option))
            continue;
        // A secret given itself (not a reference) is stored only when asked for.
        auto secret = SecretRef::parse(value(option));
        if (!secret || secret->kind() == SecretRef::Kind::Literal) {
            if (!given("store-secret-in-config"))
                return Error::usage(QStringLiteral("--%1 must be a reference (env:NAME, file:/path or "
                                                   "keychain:NAME); to store the secret "
                                                   "itself in the config file, add --store-secret-in-config")
                                        .arg(QLatin1String(option)));
            if (!secret)
                secret = SecretRef(SecretRef::Kind::Literal, value(option));
        }
        *reference = secret->format();
    }
    if (const QString problem = profile.validate(); !problem.isEmpty())
        return Error::usage(problem);
    return Done{};
}

} // namespace

QString ProfilesCommand::synopsis() const
{
    return QStringLiteral(
               "profiles list [--names]\n"
               "  profiles show NAME            one profile, every setting (secrets as references)\n"
               "  profiles add NAME %1\n"
               "  profiles edit NAME [the options of add]   changes only the options given\n"
               "  profiles remove NAME")
        .arg(kAddOptions);
}

void ProfilesCommand::execute(const QStringList& arguments, CommandContext& context)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == QLatin1String("list")) {
        ArgumentParser parser(QStringLiteral("profiles list"), QStringLiteral("profiles list [--names]"));
        parser.addOption(
            {QStringLiteral("names"), QStringLiteral("only the names, one per line (for scripts)")});
        if (parser.accept(context, rest, 0))
            list(context, parser.isSet(QStringLiteral("names")));
        return;
    }
    if (action == QLatin1String("show"))
        return show(rest, context);
    if (action == QLatin1String("add") || action == QLatin1String("edit"))
        return addOrEdit(action, rest, context);
    if (action == QLatin1String("remove"))
        return remove(rest, context);
    if (action.isEmpty() && context.helpAsked()) {
        ArgumentParser(name(), synopsis()).accept(context, {}, 0);
        return;
    }
    context.fail(Error::usage(
        QStringLiteral("profiles: expected list, show NAME, add NAME ..., edit NAME ... or remove NAME (see "
                       "tokencache profiles --help)")));
}

void ProfilesCommand::list(CommandContext& context, bool namesOnly)
{
    const QList<ProviderProfile>& profiles = context.connection().profiles;
    if (namesOnly) {
        for (const ProviderProfile& profile : profiles)
            context.out() << Escape::text(profile.name) << '\n';
        return context.finish();
    }
    if (context.format() == OutputFormat::Json) {
        QJsonArray array;
        for (const ProviderProfile& profile : profiles)
            array.append(profileJson(profile));
        context.out() << QJsonDocument(array).toJson();
        return context.finish();
    }
    for (const ProviderProfile& profile : profiles) {
        if (context.json())
            context.printJson(profileJson(profile));
        else
            printProfile(context.out(), profile, false);
    }
    if (profiles.isEmpty())
        context.err() << "tokencache: no profiles in " << context.store().path()
                      << "; add one with `profiles add`\n";
    context.finish();
}

void ProfilesCommand::show(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(QStringLiteral("profiles show"), QStringLiteral("profiles show NAME"));
    if (!parser.accept(context, arguments, 1))
        return;
    auto profile = context.profile(parser.positionalArguments().first());
    if (!profile)
        return context.fail(profile.error());
    if (context.json())
        context.printJson(profileJson(*profile));
    else
        printProfile(context.out(), *profile, true);
    context.finish();
}

void ProfilesCommand::addOrEdit(const QString& action, const QStringList& arguments, CommandContext& context)
{
    const bool edit = action == QLatin1String("edit");
    const QString command = QStringLiteral("profiles ") + action;
    // Shared: the issuer's metadata may be read before the options are applied.
    const auto parser = std::make_shared<ArgumentParser>(
        command, edit ? QStringLiteral("profiles edit NAME [the options of add]")
                      : QStringLiteral("profiles add NAME ") + kAddOptions);
    addProfileOptions(*parser);
    if (!parser->accept(context, arguments, 1))
        return;
    if (edit && parser->optionNames().isEmpty())
        return context.fail(
            Error::usage(QStringLiteral("profiles edit: no option given, nothing changed (see tokencache "
                                        "profiles edit --help)")));
    const QString name = parser->positionalArguments().first();
    if (!context.auditable())
        return;
    // The issuer's metadata is read before anything is saved: a token URL it was to name must be there.
    ProviderProfile candidate;
    if (auto existing = context.profile(name))
        candidate = *existing;
    candidate.name = name;
    if (!parser->isSet(QStringLiteral("issuer")) || !applyProfileOptions(*parser, candidate) ||
        candidate.issuer.isEmpty())
        return save(edit, *parser, context, {});
    auto authorities = ClientAuthentication::extraAuthorities(candidate);
    if (!authorities)
        return context.fail(authorities.error());
    // The command's own: it lives as long as the command, never ended from inside its own reply.
    auto* issuers = new ProviderMetadataClient(ProviderMetadataClient::defaultCacheDirectory(),
                                               Clock::system(), &context);
    issuers->setExtraCaCertificates(*authorities);
    issuers->discover(
        candidate.issuer, &context,
        [edit, candidate, parser, &context](const Result<ProviderMetadata>& found) {
            if (!found && candidate.discoversTokenUrl())
                return context.fail(Error::provider(
                    QStringLiteral("nothing saved: the token URL was to come from the issuer's "
                                   "metadata, which cannot be read: %1")
                        .arg(found.error().message)));
            if (!found)
                context.warn(
                    QStringLiteral("the issuer's metadata cannot be read: %1").arg(found.error().message));
            save(edit, *parser, context, found ? std::optional(*found) : std::nullopt);
        });
}

void ProfilesCommand::save(bool edit, const ArgumentParser& parser, CommandContext& context,
                           const std::optional<ProviderMetadata>& metadata)
{
    const QString name = parser.positionalArguments().first();
    // Changed under the config file's lock, on the profile as the file has it now: an edit keeps
    // what another process changed meanwhile.
    ProviderProfile profile;
    auto saved = context.updateConnection([&](Connection& connection) -> Result<Done> {
        const auto found = std::find_if(connection.profiles.begin(), connection.profiles.end(),
                                        [&name](const ProviderProfile& p) { return p.name == name; });
        const bool exists = found != connection.profiles.end();
        if (!edit && exists)
            return Error::usage(
                QStringLiteral("profile \"%1\" exists already; change it with `profiles edit %1`").arg(name));
        if (edit && !exists)
            return Error::notFound(
                QStringLiteral("no profile named \"%1\" in %2").arg(name, context.store().path()));
        profile = edit ? *found : ProviderProfile{};
        profile.name = name;
        if (auto applied = applyProfileOptions(parser, profile); !applied)
            return applied.error();
        if (edit)
            *found = profile;
        else
            connection.profiles.append(profile);
        return Done{};
    });
    if (!saved)
        return context.fail(saved.error());
    context.record({edit ? QStringLiteral("profile-edit") : QStringLiteral("profile-add"),
                    profile.cacheKey(),
                    profile.name,
                    {},
                    {}});
    // Saved (the URL may be meant for later), but fetching will refuse it: say so now.
    if (const QString problem = profile.insecureUrlProblem(); !problem.isEmpty())
        context.warn(problem + QStringLiteral("; fetching will refuse it"));
    const QString method = ProviderProfile::authMethodName(profile.authMethod);
    if (metadata && !metadata->authMethods.isEmpty() && !metadata->authMethods.contains(method))
        context.warn(
            QStringLiteral("issuer %1 does not list %2 among the methods its token endpoint takes (%3)")
                .arg(profile.issuer, method, metadata->authMethods.join(QStringLiteral(", "))));
    context.out() << (edit ? "changed profile " : "added profile ") << profile.name << " (key "
                  << profile.cacheKey() << ")\n";
    if (metadata) {
        const QString alias =
            metadata->mtlsEndpointAliases.value(QStringLiteral("token_endpoint")).toString();
        const QString discovered =
            profile.usesMutualTls() && !alias.isEmpty() ? alias : metadata->tokenEndpoint;
        context.out() << "  token endpoint: "
                      << (profile.discoversTokenUrl()
                              ? Escape::text(discovered) + QStringLiteral(" (from the issuer)")
                              : Humanize::urlWithoutCredentials(profile.tokenUrl))
                      << '\n';
        for (const auto& [label, endpoint] :
             {std::pair{"  introspection:  ", metadata->introspectionEndpoint},
              {"  revocation:     ", metadata->revocationEndpoint}}) {
            if (!endpoint.isEmpty())
                context.out() << label << Escape::text(endpoint) << '\n';
        }
    }
    context.finish();
}

void ProfilesCommand::remove(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(QStringLiteral("profiles remove"), QStringLiteral("profiles remove NAME"));
    if (!parser.accept(context, arguments, 1))
        return;
    const QString name = parser.positionalArguments().first();
    if (!context.auditable())
        return;
    auto saved = context.updateConnection([&name, &context](Connection& connection) -> Result<Done> {
        const qsizetype removed =
            connection.profiles.removeIf([&name](const ProviderProfile& p) { return p.name == name; });
        if (removed == 0)
            return Error::notFound(
                QStringLiteral("no profile named \"%1\" in %2").arg(name, context.store().path()));
        return Done{};
    });
    if (!saved)
        return context.fail(saved.error());
    context.record({QStringLiteral("profile-remove"), {}, name, {}, {}});
    context.out() << "removed profile " << name << '\n';
    context.finish();
}

} // namespace tokencache
