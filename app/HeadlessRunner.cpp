#include "app/HeadlessRunner.h"

#include "app/LaunchOptions.h"

#include "app/commands/EvictCommand.h"
#include "app/commands/GetCommand.h"
#include "app/commands/ListCommand.h"
#include "app/commands/ProfilesCommand.h"
#include "app/commands/RefreshCommand.h"
#include "app/commands/ShowCommand.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"

#include <QCommandLineParser>

namespace tokencache {

HeadlessRunner::HeadlessRunner(QTextStream& out, QTextStream& err, QObject* parent)
    : QObject(parent), m_out(out), m_err(err)
{
    m_commands.push_back(std::make_unique<ProfilesCommand>());
    m_commands.push_back(std::make_unique<ListCommand>());
    m_commands.push_back(std::make_unique<GetCommand>(GetCommand::Print::Token));
    m_commands.push_back(std::make_unique<GetCommand>(GetCommand::Print::Header));
    m_commands.push_back(std::make_unique<ShowCommand>());
    m_commands.push_back(std::make_unique<RefreshCommand>());
    m_commands.push_back(std::make_unique<EvictCommand>());
}

HeadlessRunner::~HeadlessRunner() = default;

QString HeadlessRunner::usage() const
{
    QString text =
        QStringLiteral("Usage: tokencache --headless [--config FILE] [--redis URL] [--json] COMMAND ...\n"
                       "       tokencache            (the desktop window)\n"
                       "\n"
                       "Administers the OAuth2 access tokens services cache in Redis.\n"
                       "\n"
                       "Commands:\n");
    for (const auto& command : m_commands)
        text += QStringLiteral("  ") + command->synopsis() + QLatin1Char('\n');
    text +=
        QStringLiteral(
            "\n"
            "Options:\n"
            "  --config FILE   configuration file (also $TOKENCACHE_CONFIG; default %1)\n"
            "  --redis URL     redis://[[user]:password@]host[:port][/db], rediss://... (TLS),\n"
            "                  unix:///path/redis.sock[?db=N],\n"
            "                  redis-sentinel://host:port[,host:port...]/MASTER[/db] or\n"
            "                  rediss-sentinel://... (TLS to sentinels and primary);\n"
            "                  also $TOKENCACHE_REDIS_URL; default: the config's URL, else\n"
            "                  redis://127.0.0.1:6379/0\n"
            "  --json          machine-readable output: an array for list, one object otherwise\n"
            "  --tls-ca FILE, --tls-cert FILE, --tls-key FILE, --tls-server-name NAME\n"
            "                  TLS for rediss:// and rediss-sentinel:// URLs: CA, client certificate and\n"
            "                  key (mutual TLS), name to verify; --tls-insecure turns verification off\n"
            "                  (never the default)\n"
            "  --help, --version\n"
            "\n"
            "Secrets are references: env:NAME, file:/path; literal only with --store-secret-in-config.\n"
            "KEY arguments and listed key names escape bytes that are not UTF-8 and control\n"
            "characters as \\xHH, a backslash as \\\\.\n"
            "\n"
            "Exit codes:\n"
            "  0  ok\n"
            "  1  the output could not be written (disk full); a closed pipe ends quietly\n"
            "  2  usage or configuration error\n"
            "  3  Redis unreachable or Redis error\n"
            "  4  token endpoint (provider) error\n"
            "  5  not found (no such key or profile)\n")
            .arg(ConfigStore::defaultPath());
    return text;
}

void HeadlessRunner::run(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setOptionsAfterPositionalArgumentsMode(QCommandLineParser::ParseAsPositionalArguments);
    const QCommandLineOption headless(QStringLiteral("headless"));
    const QCommandLineOption config(QStringLiteral("config"), QStringLiteral("configuration file"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption redis(QStringLiteral("redis"), QStringLiteral("Redis URL"),
                                   QStringLiteral("URL"));
    const QCommandLineOption json(QStringLiteral("json"));
    const QCommandLineOption tlsCa(QStringLiteral("tls-ca"), QStringLiteral("CA file"),
                                   QStringLiteral("FILE"));
    const QCommandLineOption tlsCert(QStringLiteral("tls-cert"), QStringLiteral("client certificate"),
                                     QStringLiteral("FILE"));
    const QCommandLineOption tlsKey(QStringLiteral("tls-key"), QStringLiteral("client key"),
                                    QStringLiteral("FILE"));
    const QCommandLineOption tlsServerName(QStringLiteral("tls-server-name"),
                                           QStringLiteral("name to verify"), QStringLiteral("NAME"));
    const QCommandLineOption tlsInsecure(QStringLiteral("tls-insecure"));
    const QCommandLineOption help(QStringList{QStringLiteral("h"), QStringLiteral("help")});
    const QCommandLineOption version(QStringList{QStringLiteral("v"), QStringLiteral("version")});
    parser.addOptions(
        {headless, config, redis, json, help, version, tlsCa, tlsCert, tlsKey, tlsServerName, tlsInsecure});

    if (!parser.parse(arguments))
        return finishEarly(ExitCode::Usage, parser.errorText() + QStringLiteral("; see --help"));
    if (parser.isSet(help)) {
        m_out << usage();
        return finishEarly(ExitCode::Ok);
    }
    if (parser.isSet(version)) {
        m_out << "tokencache " << TOKENCACHE_VERSION << '\n';
        return finishEarly(ExitCode::Ok);
    }
    const QStringList positional = parser.positionalArguments();
    if (positional.isEmpty())
        return finishEarly(ExitCode::Usage, QStringLiteral("no command given; see --help"));

    Command* command = nullptr;
    for (const auto& candidate : m_commands) {
        if (candidate->name() == positional.first())
            command = candidate.get();
    }
    if (!command)
        return finishEarly(ExitCode::Usage,
                           QStringLiteral("unknown command \"%1\"; see --help").arg(positional.first()));

    const auto given = [&parser](const QCommandLineOption& option) {
        return parser.isSet(option) ? std::optional(parser.value(option)) : std::nullopt;
    };
    for (const QCommandLineOption* option : {&config, &redis}) {
        if (parser.isSet(*option) && parser.value(*option).isEmpty())
            return finishEarly(ExitCode::Usage, QStringLiteral("--%1 is empty").arg(option->names().first()));
    }
    const LaunchOptions launch = LaunchOptions::resolve(given(config), given(redis));
    ConfigStore store(launch.configPath);
    auto loaded = store.load();
    if (!loaded)
        return finishEarly(ExitCode::Usage, loaded.error().message);
    AppConfig appConfig = *loaded;
    if (!launch.redisUrlOverride.isEmpty())
        appConfig.redis.url = launch.redisUrlOverride;

    TlsOptions& tls = appConfig.redis.tls;
    if (parser.isSet(tlsCa))
        tls.caFile = parser.value(tlsCa);
    if (parser.isSet(tlsCert))
        tls.certFile = parser.value(tlsCert);
    if (parser.isSet(tlsKey))
        tls.keyFile = parser.value(tlsKey);
    if (parser.isSet(tlsServerName))
        tls.serverName = parser.value(tlsServerName);
    if (parser.isSet(tlsInsecure))
        tls.insecure = true;
    // TLS options on a plain URL would be ignored: the password would cross the network in clear.
    const bool tlsAsked = parser.isSet(tlsCa) || parser.isSet(tlsCert) || parser.isSet(tlsKey) ||
                          parser.isSet(tlsServerName) || parser.isSet(tlsInsecure);
    if (tlsAsked && !appConfig.redis.url.startsWith(QLatin1String("rediss")))
        return finishEarly(
            ExitCode::Usage,
            QStringLiteral("--tls-* options need a rediss:// or rediss-sentinel:// URL; %1 is plain")
                .arg(Humanize::urlWithoutCredentials(appConfig.redis.url)));

    m_context = std::make_unique<CommandContext>(m_out, m_err, parser.isSet(json), store, appConfig);
    connect(m_context.get(), &CommandContext::finished, this, &HeadlessRunner::finished);
    command->execute(positional.mid(1), *m_context);
}

void HeadlessRunner::finishEarly(ExitCode code, const QString& errorLine)
{
    if (!errorLine.isEmpty())
        m_err << "tokencache: " << Escape::text(errorLine) << Qt::endl;
    m_out.flush();
    if (m_out.status() != QTextStream::Ok) {
        m_err << "tokencache: cannot write the output" << Qt::endl;
        code = ExitCode::Output;
    }
    emit finished(int(code));
}

} // namespace tokencache
