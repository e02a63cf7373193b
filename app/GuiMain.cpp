// The desktop front end as a module the tokencache executable loads only when it opens a
// window: headless runs then never load Qt's GUI libraries (they cost more than the whole
// Redis round trip of a `get`).
#include "app/CommandLine.h"
#include "app/LaunchOptions.h"
#include "ui/MainWindow.h"

#include <QApplication>

using namespace tokencache;

extern "C" Q_DECL_EXPORT int tokencache_gui_main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tokencache"));
    // Window settings under ~/.config/tokencache/; the config file's path does not depend on it.
    QApplication::setOrganizationName(QStringLiteral("tokencache"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENCACHE_VERSION));
    // main() opens the window only for a command line that CommandLine splits: --config, --redis.
    const auto line = CommandLine::split(QApplication::arguments().mid(1));
    const LaunchOptions launch = line ? LaunchOptions::resolve(line->value(QStringLiteral("config")),
                                                               line->value(QStringLiteral("redis")))
                                      : LaunchOptions::resolve();
    MainWindow window(launch.configPath, launch.redisUrlOverride);
    if (launch.redisIsPrivate)
        window.markRedisPrivate();
    window.show();
    return QApplication::exec();
}
