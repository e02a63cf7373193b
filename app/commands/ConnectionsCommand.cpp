#include "app/commands/ConnectionsCommand.h"

#include "app/ArgumentParser.h"
#include "app/CommandContext.h"
#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/config/SecretRef.h"
#include "core/redis/RedisEndpoint.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace tokencache {

namespace {

const QString kAddUsage =
    QStringLiteral("connections add NAME --url URL [--user U] [--password REF] [--tag TAG]\n"
                   "                    [--color #RRGGBB] [--read-only] [--keyspace-events auto|subscribe]\n"
                   "                    [--redis-ca FILE] [--redis-cert FILE]\n"
                   "                    [--redis-key FILE] [--redis-server-name NAME] [--redis-insecure]");

QStringList profileNames(const Connection& connection)
{
    QStringList names;
    for (const ProviderProfile& profile : connection.profiles)
        names.append(profile.name);
    return names;
}

QJsonObject connectionJson(const Connection& connection, bool isDefault)
{
    return {{QStringLiteral("name"), connection.name},
            {QStringLiteral("tag"), connection.tag},
            {QStringLiteral("color"), connection.color},
            {QStringLiteral("readOnly"), connection.readOnly},
            {QStringLiteral("keyspaceEvents"),
             connection.subscribeAnyway ? QStringLiteral("subscribe") : QStringLiteral("auto")},
            {QStringLiteral("default"), isDefault},
            {QStringLiteral("url"), Humanize::urlWithoutCredentials(connection.redis.url)},
            {QStringLiteral("profiles"), QJsonArray::fromStringList(profileNames(connection))}};
}

Result<Connection> connectionFrom(const ArgumentParser& parser, const QString& name)
{
    const auto value = [&parser](const char* option) { return parser.value(QLatin1String(option)); };
    const auto given = [&parser](const char* option) { return parser.isSet(QLatin1String(option)); };
    Connection connection;
    connection.name = name;
    connection.tag = value("tag").trimmed();
    connection.color = value("color").toLower();
    connection.readOnly = given("read-only");
    if (given("keyspace-events")) {
        const QString events = value("keyspace-events");
        if (events != QLatin1String("auto") && events != QLatin1String("subscribe"))
            return Error::usage(
                QStringLiteral("connections add: --keyspace-events: expected auto or subscribe"));
        connection.subscribeAnyway = events == QLatin1String("subscribe");
    }
    for (const QString& problem :
         {Connection::nameProblem(name), Connection::labelProblem(connection.tag, connection.color)}) {
        if (!problem.isEmpty())
            return Error::usage(QStringLiteral("connections add: ") + problem);
    }
    if (!given("url"))
        return Error::usage(QStringLiteral("connections add: --url is required"));
    connection.redis.url = value("url");
    if (const auto endpoint = RedisEndpoint::fromUrl(connection.redis.url); !endpoint)
        return Error::usage(QStringLiteral("connections add: --url: ") + endpoint.error().message);
    connection.redis.user = value("user");
    if (given("password")) {
        // Never the password itself: the file is no keychain.
        const auto secret = SecretRef::parse(value("password"));
        if (!secret || secret->kind() == SecretRef::Kind::Literal || secret->kind() == SecretRef::Kind::None)
            return Error::usage(QStringLiteral(
                "connections add: --password must be a reference: env:NAME, file:/path or keychain:NAME"));
        if (const QString problem = secret->problem(); !problem.isEmpty())
            return Error::usage(QStringLiteral("connections add: --password: ") + problem);
        connection.redis.passwordRef = secret->format();
    }
    TlsOptions& tls = connection.redis.tls;
    tls.caFile = value("redis-ca");
    tls.certFile = value("redis-cert");
    tls.keyFile = value("redis-key");
    tls.serverName = value("redis-server-name");
    tls.insecure = given("redis-insecure");
    const bool tlsAsked = given("redis-ca") || given("redis-cert") || given("redis-key") ||
                          given("redis-server-name") || tls.insecure;
    if (tlsAsked && !connection.redis.url.startsWith(QLatin1String("rediss")))
        return Error::usage(QStringLiteral("connections add: --redis-* TLS options need a rediss:// or "
                                           "rediss-sentinel:// URL"));
    return connection;
}

} // namespace

QString ConnectionsCommand::synopsis() const
{
    return QStringLiteral("connections list               name, tag, read-only, URL (no password), profiles\n"
                          "  %1\n"
                          "  connections remove NAME\n"
                          "  connections default NAME       the connection used without --connection")
        .arg(kAddUsage);
}

void ConnectionsCommand::execute(const QStringList& arguments, CommandContext& context)
{
    const QString action = arguments.value(0);
    const QStringList rest = arguments.mid(1);
    if (action == QLatin1String("list")) {
        ArgumentParser parser(QStringLiteral("connections list"), QStringLiteral("connections list"));
        if (parser.accept(context, rest, 0))
            list(context);
        return;
    }
    if (action == QLatin1String("add"))
        return add(rest, context);
    if (action == QLatin1String("remove"))
        return remove(rest, context);
    if (action == QLatin1String("default"))
        return makeDefault(rest, context);
    if (action.isEmpty() && context.helpAsked()) {
        ArgumentParser(name(), synopsis()).accept(context, {}, 0);
        return;
    }
    context.fail(Error::usage(QStringLiteral("connections: expected list, add NAME ..., remove NAME or "
                                             "default NAME (see tokencache connections --help)")));
}

void ConnectionsCommand::list(CommandContext& context)
{
    // The file's connections as saved: --redis changes only what this run connects to.
    auto config = context.store().load();
    if (!config)
        return context.fail(config.error());
    if (context.format() == OutputFormat::Json) {
        QJsonArray array;
        for (const Connection& connection : config->connections)
            array.append(connectionJson(connection, connection.name == config->defaultConnection));
        context.out() << QJsonDocument(array).toJson();
        return context.finish();
    }
    if (context.json()) {
        for (const Connection& connection : config->connections)
            context.printJson(connectionJson(connection, connection.name == config->defaultConnection));
        return context.finish();
    }
    qsizetype nameWidth = 4, tagWidth = 3, urlWidth = 3;
    for (const Connection& connection : config->connections) {
        nameWidth = qMax(nameWidth, connection.name.size());
        tagWidth = qMax(tagWidth, Escape::text(connection.tag).size());
        urlWidth = qMax(urlWidth, Escape::text(Humanize::urlWithoutCredentials(connection.redis.url)).size());
    }
    const auto row = [&](const QString& name, const QString& tag, const QString& access, const QString& url,
                         const QString& profiles) {
        context.out() << name.leftJustified(nameWidth + 3) << tag.leftJustified(tagWidth + 2)
                      << access.leftJustified(12) << url.leftJustified(urlWidth + 2) << profiles << '\n';
    };
    row(QStringLiteral("NAME"), QStringLiteral("TAG"), QStringLiteral("ACCESS"), QStringLiteral("URL"),
        QStringLiteral("PROFILES"));
    for (const Connection& connection : config->connections) {
        const bool isDefault = connection.name == config->defaultConnection;
        row((isDefault ? QStringLiteral("* ") : QStringLiteral("  ")) + connection.name,
            connection.tag.isEmpty() ? QStringLiteral("-") : Escape::text(connection.tag),
            connection.readOnly ? QStringLiteral("read-only") : QStringLiteral("read-write"),
            Escape::text(Humanize::urlWithoutCredentials(connection.redis.url)),
            connection.profiles.isEmpty()
                ? QStringLiteral("-")
                : Escape::text(profileNames(connection).join(QStringLiteral(", "))));
    }
    context.finish();
}

void ConnectionsCommand::add(const QStringList& arguments, CommandContext& context)
{
    ArgumentParser parser(QStringLiteral("connections add"), kAddUsage);
    parser.addOptions({
        {QStringLiteral("url"), QStringLiteral("redis://, rediss://, unix://, redis-sentinel:// URL"),
         QStringLiteral("URL")},
        {QStringLiteral("user"), QStringLiteral("ACL user"), QStringLiteral("U")},
        {QStringLiteral("password"), QStringLiteral("secret reference: env:NAME, file:/path, keychain:NAME"),
         QStringLiteral("REF")},
        {QStringLiteral("tag"), QStringLiteral("development, staging, production or any label"),
         QStringLiteral("TAG")},
        {QStringLiteral("color"), QStringLiteral("the tab's colour, #RRGGBB"), QStringLiteral("COLOR")},
        {QStringLiteral("read-only"), QStringLiteral("never write: refresh, evict and fetching are refused")},
        {QStringLiteral("keyspace-events"),
         QStringLiteral(
             "live updates: auto (the default: subscribe when the server says it publishes keyspace "
             "events) or subscribe (also where CONFIG GET is refused)"),
         QStringLiteral("auto|subscribe")},
        {QStringLiteral("redis-ca"), QStringLiteral("CA file for rediss://"), QStringLiteral("FILE")},
        {QStringLiteral("redis-cert"), QStringLiteral("client certificate (mutual TLS)"),
         QStringLiteral("FILE")},
        {QStringLiteral("redis-key"), QStringLiteral("client key (mutual TLS)"), QStringLiteral("FILE")},
        {QStringLiteral("redis-server-name"), QStringLiteral("name to verify"), QStringLiteral("NAME")},
        {QStringLiteral("redis-insecure"), QStringLiteral("turn certificate verification off")},
    });
    if (!parser.accept(context, arguments, 1))
        return;
    auto connection = connectionFrom(parser, parser.positionalArguments().first());
    if (!connection)
        return context.fail(connection.error());
    if (!context.auditable())
        return;
    bool replacedDefault = false;
    auto saved = context.store().update([&](AppConfig& config) -> Result<Done> {
        const auto added = config.addConnection(*connection);
        if (!added)
            return added.error();
        replacedDefault = *added;
        return Done{};
    });
    if (!saved)
        return context.fail(saved.error());
    context.record({QStringLiteral("connection-add"), {}, {}, {}, {}, connection->name});
    if (!RedisEndpoint::fromUrl(connection->redis.url)->password.isEmpty())
        context.warn(QStringLiteral("the URL holds a password, stored in plain text in %1; --password "
                                    "env:NAME, file:/path or keychain:NAME keeps it out")
                         .arg(context.store().path()));
    QStringList labels;
    if (!connection->tag.isEmpty())
        labels.append(connection->tag);
    if (connection->readOnly)
        labels.append(QStringLiteral("read-only"));
    if (replacedDefault)
        labels.append(QStringLiteral("the default"));
    context.out() << "added connection " << connection->name
                  << (labels.isEmpty() ? QString()
                                       : QStringLiteral(" (%1)").arg(labels.join(QStringLiteral(", "))))
                  << ": " << Escape::text(Humanize::urlWithoutCredentials(connection->redis.url)) << '\n';
    context.finish();
}

void ConnectionsCommand::remove(const QStringList& arguments, CommandContext& context)
{
    changeNamed(QStringLiteral("remove"), arguments, context,
                [](AppConfig& config, const QString& name) -> Result<Done> {
                    if (config.connections.size() == 1)
                        return Error::usage(
                            QStringLiteral("connection \"%1\" is the only one; add another first").arg(name));
                    if (config.defaultConnection == name)
                        return Error::usage(
                            QStringLiteral("connection \"%1\" is the default; make another the default first "
                                           "(connections default NAME)")
                                .arg(name));
                    config.connections.removeIf(
                        [&name](const Connection& connection) { return connection.name == name; });
                    return Done{};
                });
}

void ConnectionsCommand::makeDefault(const QStringList& arguments, CommandContext& context)
{
    changeNamed(QStringLiteral("default"), arguments, context,
                [](AppConfig& config, const QString& name) -> Result<Done> {
                    config.defaultConnection = name;
                    return Done{};
                });
}

void ConnectionsCommand::changeNamed(const QString& action, const QStringList& arguments,
                                     CommandContext& context,
                                     const std::function<Result<Done>(AppConfig&, const QString&)>& change)
{
    const QString command = QStringLiteral("connections ") + action;
    ArgumentParser parser(command, command + QStringLiteral(" NAME"));
    if (!parser.accept(context, arguments, 1) || !context.auditable())
        return;
    const QString name = parser.positionalArguments().first();
    auto saved = context.store().update([&name, &change](AppConfig& config) -> Result<Done> {
        if (!config.connection(name))
            return config.select(name).error();
        return change(config, name);
    });
    if (!saved)
        return context.fail(saved.error());
    context.record({QStringLiteral("connection-") + action, {}, {}, {}, {}, name});
    context.out() << (action == QLatin1String("remove")
                          ? QStringLiteral("removed connection %1 and its profiles\n")
                          : QStringLiteral("default connection: %1\n"))
                         .arg(name);
    context.finish();
}

} // namespace tokencache
