// The desktop front end as a module the tokencache executable loads only when it opens a
// window: headless runs then never load Qt's GUI libraries (they cost more than the whole
// Redis round trip of a `get`).
#include "MainWindow.h"
#include "config/ConfigStore.h"

#include <QApplication>

extern "C" Q_DECL_EXPORT int tokencache_gui_main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tokencache"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENCACHE_VERSION));
    MainWindow window(ConfigStore::resolvePath(), qEnvironmentVariable("TOKENCACHE_REDIS_URL"));
    window.show();
    return QApplication::exec();
}
