#include "app/HeadlessRunner.h"

#include "app/CommandLine.h"
#include "app/LaunchOptions.h"

#include "app/commands/AuditCommand.h"
#include "app/commands/ConnectionsCommand.h"
#include "app/commands/CurlCommand.h"
#include "app/commands/EvictCommand.h"
#include "app/commands/ExportCommand.h"
#include "app/commands/GetCommand.h"
#include "app/commands/ImportCommand.h"
#include "app/commands/IntrospectCommand.h"
#include "app/commands/ListCommand.h"
#include "app/commands/ProfilesCommand.h"
#include "app/commands/RefreshCommand.h"
#include "app/commands/SecretsCommand.h"
#include "app/commands/ShowCommand.h"
#include "app/commands/VerifyCommand.h"
#include "app/commands/WatchCommand.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/config/SecretPrefetch.h"

namespace tokencache {

HeadlessRunner::HeadlessRunner(QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent), m_out(out), m_err(err)
{
    m_commands.push_back(std::make_unique<ConnectionsCommand>());
    m_commands.push_back(std::make_unique<ExportCommand>());
    m_commands.push_back(std::make_unique<ImportCommand>());
    m_commands.push_back(std::make_unique<ProfilesCommand>());
    m_commands.push_back(std::make_unique<ListCommand>());
    m_commands.push_back(std::make_unique<GetCommand>(GetCommand::Print::Token));
    m_commands.push_back(std::make_unique<GetCommand>(GetCommand::Print::Header));
    m_commands.push_back(std::make_unique<ShowCommand>());
    m_commands.push_back(std::make_unique<VerifyCommand>());
    m_commands.push_back(std::make_unique<IntrospectCommand>());
    m_commands.push_back(std::make_unique<WatchCommand>());
    m_commands.push_back(std::make_unique<AuditCommand>());
    m_commands.push_back(std::make_unique<RefreshCommand>());
    m_commands.push_back(std::make_unique<EvictCommand>());
    m_commands.push_back(std::make_unique<CurlCommand>());
    m_commands.push_back(std::make_unique<SecretsCommand>());
}

HeadlessRunner::~HeadlessRunner() = default;

QString HeadlessRunner::usage() const
{
    QString text =
        QStringLiteral("Usage: tokencache [global options] COMMAND [options] ...\n"
                       "       tokencache [--config FILE] [--redis URL] [--connection NAME]   (the window)\n"
                       "\n"
                       "Administers the OAuth2 access tokens services cache in Redis.\n"
                       "\n"
                       "Commands:\n");
    for (const auto& command : m_commands)
        text += QStringLiteral("  ") + command->synopsis() + QLatin1Char('\n');
    text +=
        QStringLiteral(
            "\n"
            "Global options (before or after the command; COMMAND --help for its own):\n"
            "  --config FILE   configuration file (also $TOKENCACHE_CONFIG; default %1)\n"
            "  --redis URL     redis://[[user]:password@]host[:port][/db], rediss://... (TLS),\n"
            "                  unix:///path/redis.sock[?db=N],\n"
            "                  redis-sentinel://host:port[,host:port...]/MASTER[/db] or\n"
            "                  rediss-sentinel://... (TLS to sentinels and primary);\n"
            "                  also $TOKENCACHE_REDIS_URL; default: the connection's URL, else\n"
            "                  redis://127.0.0.1:6379/0\n"
            "  --connection NAME, -C NAME\n"
            "                  the configured connection to work on (also $TOKENCACHE_CONNECTION;\n"
            "                  default: the config's default connection, see `connections list`)\n"
            "  --output table|json|jsonl\n"
            "                  table for people (the default); json: one document (an array for\n"
            "                  list); jsonl: one object per line\n"
            "  --json          --output json\n"
            "  --tls-ca FILE, --tls-cert FILE, --tls-key FILE, --tls-server-name NAME\n"
            "                  TLS for rediss:// and rediss-sentinel:// URLs: CA, client certificate and\n"
            "                  key (mutual TLS), name to verify; --tls-insecure turns verification off\n"
            "                  (never the default)\n"
            "  --headless      accepted for old scripts: a command runs headless anyway\n"
            "  --help, --version\n"
            "\n"
            "Secrets are references: env:NAME, file:/path, keychain:NAME (the system keychain, see\n"
            "`secrets`); literal only with --store-secret-in-config.\n"
            "KEY arguments and listed key names escape bytes that are not UTF-8 and control\n"
            "characters as \\xHH, a backslash as \\\\.\n"
            "\n"
            "Exit codes:\n"
            "  0  ok\n"
            "  1  the output could not be written (disk full); a closed pipe ends quietly\n"
            "  2  usage or configuration error\n"
            "  3  Redis unreachable or Redis error\n"
            "  4  token endpoint (provider) error\n"
            "  5  not found (no such key, profile, connection or keychain entry)\n"
            "  6  refused: the connection is read-only (nothing was written)\n"
            "  7  the token is not shown valid: verify (a check failed, or it cannot be checked\n"
            "     here: unsigned, HMAC-signed or opaque), introspect (not active)\n"
            "  8  audit: problems found\n"
            "  9  the command tokencache ran failed (curl; stderr says its status)\n")
            .arg(ConfigStore::defaultPath());
    return text;
}

void HeadlessRunner::run(const QStringList& arguments)
{
    const auto line = CommandLine::split(arguments.mid(1));
    if (!line)
        return finishEarly(ExitCode::Usage, line.error().message + QStringLiteral("; see tokencache --help"));
    const auto isSet = [&line](const char* option) { return line->isSet(QLatin1String(option)); };
    if (isSet("version")) {
        m_out << "tokencache " << TOKENCACHE_VERSION << '\n';
        return finishEarly(ExitCode::Ok);
    }
    if (line->command().isEmpty()) {
        if (isSet("help")) {
            m_out << usage();
            return finishEarly(ExitCode::Ok);
        }
        if (!line->commandArguments().isEmpty())
            return finishEarly(ExitCode::Usage, QStringLiteral("unknown option %1; see tokencache --help")
                                                    .arg(line->commandArguments().first()));
        // main() runs a window's command line here only when there is no display to open it on.
        if (line->opensWindow() && !isSet("headless")) {
            m_err << "tokencache: no display (DISPLAY and WAYLAND_DISPLAY are unset), so no window; give a "
                     "command.\n\n"
                  << usage();
            return finishEarly(ExitCode::Usage);
        }
        return finishEarly(ExitCode::Usage, QStringLiteral("no command given; see tokencache --help"));
    }

    Command* command = nullptr;
    for (const auto& candidate : m_commands) {
        if (candidate->name() == line->command())
            command = candidate.get();
    }
    if (!command)
        return finishEarly(
            ExitCode::Usage,
            QStringLiteral("unknown command \"%1\"; see tokencache --help").arg(line->command()));

    auto format = outputFormat(*line);
    if (!format)
        return finishEarly(ExitCode::Usage, format.error().message);
    // A command's help needs no configuration: it is there even when the file is broken.
    if (isSet("help")) {
        m_context = std::make_unique<CommandContext>(m_out, m_err, *format, ConfigStore(QString()),
                                                     AppConfig{}, QLatin1String(Connection::kDefaultName));
        m_context->setHelpAsked(true);
        connect(m_context.get(), &CommandContext::finished, this, &HeadlessRunner::finished);
        return command->execute(line->commandArguments(), *m_context);
    }

    for (const char* option : {"config", "redis", "connection", "audit-log"}) {
        if (line->value(QLatin1String(option)) == QString())
            return finishEarly(ExitCode::Usage, QStringLiteral("--%1 is empty").arg(QLatin1String(option)));
    }
    const LaunchOptions launch =
        LaunchOptions::resolve(line->value(QStringLiteral("config")), line->value(QStringLiteral("redis")),
                               line->value(QStringLiteral("connection")));
    ConfigStore store(launch.configPath);
    auto loaded = store.load();
    if (!loaded)
        return finishEarly(ExitCode::Usage, loaded.error().message);
    AppConfig appConfig = *loaded;
    auto selected = appConfig.select(launch.connectionName);
    // Connections are managed whatever $TOKENCACHE_CONNECTION names: it may name one yet to be added
    // (or imported). Export and import say themselves which connection is missing.
    const bool wholeConfig =
        command->name() == QLatin1String("export") || command->name() == QLatin1String("import");
    if (!selected && (command->name() == QLatin1String("connections") || wholeConfig))
        selected = appConfig.select(QString());
    if (!selected)
        return finishEarly(exitCodeFor(selected.error().kind), selected.error().message);
    Connection& connection = *appConfig.connection((*selected)->name);
    if (!launch.redisUrlOverride.isEmpty()) {
        // Only the URL changes: the connection's read-only flag and profiles stay, so say which it is
        // wherever connections were set up (one plain default connection leaves nothing to mistake).
        connection.redis.url = launch.redisUrlOverride;
        if (appConfig.connections.size() > 1 || !connection.fitsLegacyFormat())
            m_err << "tokencache: connection \"" << connection.name << '"'
                  << (connection.readOnly ? " (read-only)" : "") << " with the Redis URL from "
                  << (line->value(QStringLiteral("redis")) ? "--redis" : "TOKENCACHE_REDIS_URL") << Qt::endl;
    }

    TlsOptions& tls = connection.redis.tls;
    tls.caFile = line->value(QStringLiteral("tls-ca")).value_or(tls.caFile);
    tls.certFile = line->value(QStringLiteral("tls-cert")).value_or(tls.certFile);
    tls.keyFile = line->value(QStringLiteral("tls-key")).value_or(tls.keyFile);
    tls.serverName = line->value(QStringLiteral("tls-server-name")).value_or(tls.serverName);
    if (isSet("tls-insecure"))
        tls.insecure = true;
    // TLS options on a plain URL would be ignored: the password would cross the network in clear.
    const bool tlsAsked = isSet("tls-ca") || isSet("tls-cert") || isSet("tls-key") ||
                          isSet("tls-server-name") || isSet("tls-insecure");
    if (tlsAsked && !connection.redis.url.startsWith(QLatin1String("rediss")))
        return finishEarly(
            ExitCode::Usage,
            QStringLiteral("--tls-* options need a rediss:// or rediss-sentinel:// URL; %1 is plain")
                .arg(Humanize::urlWithoutCredentials(connection.redis.url)));

    m_context =
        std::make_unique<CommandContext>(m_out, m_err, *format, store, appConfig, connection.name,
                                         line->value(QStringLiteral("audit-log")).value_or(QString()));
    m_context->setConnectionFlag(line->value(QStringLiteral("connection")).value_or(QString()));
    connect(m_context.get(), &CommandContext::finished, this, &HeadlessRunner::finished);
    // Keychain (issue 17): a keychain: Redis password is read before the command creates its session;
    // a failure is kept and reported by the command that needs the password. `secrets`, export and
    // import need none: they never connect.
    const QStringList redisSecrets = command->name() == QLatin1String("secrets") || wholeConfig
                                         ? QStringList()
                                         : QStringList{connection.redis.passwordRef};
    SecretPrefetch::run(redisSecrets, m_context.get(), [this, command, arguments = line->commandArguments()] {
        command->execute(arguments, *m_context);
    });
}

Result<OutputFormat> HeadlessRunner::outputFormat(const CommandLine& line)
{
    const std::optional<QString> output = line.value(QStringLiteral("output"));
    const bool json = line.isSet(QStringLiteral("json"));
    if (!output)
        return json ? OutputFormat::Json : OutputFormat::Table;
    static const QHash<QString, OutputFormat> formats{
        {QStringLiteral("table"), OutputFormat::Table},
        {QStringLiteral("json"), OutputFormat::Json},
        {QStringLiteral("jsonl"), OutputFormat::Jsonl},
        {QStringLiteral("prometheus"), OutputFormat::Prometheus}};
    const auto format = formats.constFind(*output);
    if (format == formats.cend())
        return Error::usage(
            QStringLiteral("--output %1: expected table, json or jsonl (prometheus for audit)").arg(*output));
    if (*format == OutputFormat::Prometheus && line.command() != QLatin1String("audit"))
        return Error::usage(QStringLiteral("--output prometheus: only audit prints metrics"));
    if (json && *format != OutputFormat::Json)
        return Error::usage(
            QStringLiteral("--json is --output json; it contradicts --output %1").arg(*output));
    return *format;
}

void HeadlessRunner::finishEarly(ExitCode code, const QString& errorLine)
{
    if (!errorLine.isEmpty())
        m_err << "tokencache: " << Escape::text(errorLine) << Qt::endl;
    m_out.flush();
    if (m_out.status() != QTextStream::Ok) {
        if (!outputReaderGone(m_out)) // a closed pipe ends the command quietly
            m_err << "tokencache: cannot write the output" << Qt::endl;
        code = ExitCode::Output;
    }
    emit finished(int(code));
}

} // namespace tokencache
