#include "app/CommandLine.h"
#include "app/HeadlessRunner.h"

#include "core/common/ProcessHardening.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>
#include <QTimer>

#include <csignal>
#include <cstdio>

using namespace tokencache;

namespace {

bool hasDisplay()
{
    // QT_QPA_PLATFORM set by hand (offscreen, vnc) is a display the user chose.
    for (const char* variable : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}) {
        if (!qEnvironmentVariableIsEmpty(variable))
            return true;
    }
    return false;
}

// Decided before any application object exists: a command word, --headless, --help or --version
// runs headless; so does a window that has no display to open on (the runner prints the usage).
bool wantsHeadless(int argc, char** argv)
{
    QStringList arguments;
    for (int i = 1; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    const auto line = CommandLine::split(arguments);
    return !line || !line->opensWindow() || !hasDisplay();
}

// Errors are one line on stderr: Qt's own diagnostics stay out of a headless run unless
// TOKENCACHE_DEBUG=1; tokencache's warnings (e.g. a secret file others can read) are printed as such.
void headlessMessage(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    static const bool debug = qEnvironmentVariable("TOKENCACHE_DEBUG") == QLatin1String("1");
    const bool ours = context.category && QByteArray(context.category).startsWith("tokencache");
    if (ours && type >= QtWarningMsg)
        std::fprintf(stderr, "tokencache: warning: %s\n", qUtf8Printable(message));
    else if (debug)
        std::fprintf(stderr, "tokencache: debug: [%s] %s\n", context.category ? context.category : "qt",
                     qUtf8Printable(message));
}

int runHeadless(int argc, char** argv)
{
    // A closed pipe is a failed write (exit 1, quietly), the same for every command, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    qInstallMessageHandler(headlessMessage);
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

// The GUI module sits next to the executable in a build; once installed, where the install rules put it.
int runGui(int argc, char** argv)
{
    const QString executable = QFile::symLinkTarget(QStringLiteral("/proc/self/exe"));
    const QString directory =
        QFileInfo(executable.isEmpty() ? QString::fromLocal8Bit(argv[0]) : executable).absolutePath();
    QStringList tried;
    for (const QString& candidate :
         {directory + QStringLiteral("/libtokencache-gui.so"),
          directory + QStringLiteral("/" TOKENCACHE_GUI_MODULE_FROM_BIN "/libtokencache-gui.so")}) {
        QLibrary module(candidate);
        using GuiMain = int (*)(int, char**);
        if (auto guiMain = reinterpret_cast<GuiMain>(module.resolve("tokencache_gui_main")))
            return guiMain(argc, argv);
        tried.append(module.errorString());
    }
    std::fprintf(stderr,
                 "tokencache: cannot load the GUI module (%s); the commands work: tokencache --help\n",
                 qPrintable(tried.join(QStringLiteral("; "))));
    return 2;
}

} // namespace

int main(int argc, char** argv)
{
    ProcessHardening::disableCoreDumps();
    return wantsHeadless(argc, argv) ? runHeadless(argc, argv) : runGui(argc, argv);
}
