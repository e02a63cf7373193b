#include "HeadlessRunner.h"
#include "MainWindow.h"
#include "config/ConfigStore.h"

#include <QApplication>
#include <QCoreApplication>
#include <QTimer>

#include <cstdio>

namespace {

// Decided before any application object exists: headless runs must never need a display.
bool wantsHeadless(int argc, char** argv)
{
    for (int i = 1; i < argc; ++i) {
        const QByteArray argument(argv[i]);
        if (argument == "--headless" || argument == "--help" || argument == "-h" || argument == "--version" ||
            argument == "-v")
            return true;
    }
    return false;
}

int runHeadless(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("tokencache"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TOKENCACHE_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);
    HeadlessRunner runner(out, err);
    QObject::connect(
        &runner, &HeadlessRunner::finished, &app, [](int code) { QCoreApplication::exit(code); },
        Qt::QueuedConnection);
    // Started from the event loop so that a command finishing at once still reaches exit().
    QTimer::singleShot(0, &runner, [&runner] { runner.run(QCoreApplication::arguments()); });
    return QCoreApplication::exec();
}

int runGui(int argc, char** argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("tokencache"));
    QApplication::setApplicationVersion(QStringLiteral(TOKENCACHE_VERSION));
    MainWindow window(ConfigStore::resolvePath(), qEnvironmentVariable("TOKENCACHE_REDIS_URL"));
    window.show();
    return QApplication::exec();
}

} // namespace

int main(int argc, char** argv)
{
    return wantsHeadless(argc, argv) ? runHeadless(argc, argv) : runGui(argc, argv);
}
