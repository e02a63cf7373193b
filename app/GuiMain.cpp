// The desktop front end as a module the tokencache executable loads only when it opens a
// window: headless runs then never load Qt's GUI libraries (they cost more than the whole
// Redis round trip of a `get`).
#include "app/CommandLine.h"
#include "app/LaunchOptions.h"
#include "ui/MainWindow.h"

#include <QApplication>

#include <cstdio>
#include <unistd.h>

using namespace tokencache;

namespace {

QtMessageHandler g_qtHandler = nullptr;

// A DISPLAY nothing answers on (ssh, sudo) makes Qt's platform plugin fail with a qFatal, which
// aborts: say what happened and exit 2, as without any display, instead of dumping core.
void noWindowWithoutPlatform(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtFatalMsg)
        return g_qtHandler(type, context, message);
    std::fprintf(stderr,
                 "tokencache: cannot open a window (%s)\nGive a command instead, e.g. tokencache list; "
                 "see tokencache --help\n",
                 qUtf8Printable(message.section(QLatin1Char('\n'), 0, 0)));
    _exit(2);
}

} // namespace

extern "C" Q_DECL_EXPORT int tokencache_gui_main(int argc, char** argv)
{
    g_qtHandler = qInstallMessageHandler(noWindowWithoutPlatform);
    QApplication app(argc, argv);
    qInstallMessageHandler(g_qtHandler);
    QApplication::setApplicationName(QStringLiteral("tokencache"));
    // Window settings under ~/.config/tokencache/; the config file's path does not depend on it.
    QApplication::setOrganizationName(QStringLiteral("tokencache"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENCACHE_VERSION));
    // main() opens the window only for a command line that CommandLine splits: --config, --redis,
    // --connection.
    const auto line = CommandLine::split(QApplication::arguments().mid(1));
    const LaunchOptions launch = line ? LaunchOptions::resolve(line->value(QStringLiteral("config")),
                                                               line->value(QStringLiteral("redis")),
                                                               line->value(QStringLiteral("connection")))
                                      : LaunchOptions::resolve();
    MainWindow window(launch.configPath, launch.redisUrlOverride, launch.connectionName);
    if (launch.redisIsPrivate)
        window.markRedisPrivate();
    window.show();
    return QApplication::exec();
}
