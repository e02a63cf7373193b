// The real main window on a large keyspace, measured from inside: time to the first rows and
// to the full table, the longest event-loop stall (a 5 ms watchdog timer) while loading,
// sorting, filtering and syncing, peak memory, and CPU use while idle.
// Usage: QT_QPA_PLATFORM=offscreen bench_gui REDIS_URL [IDLE_SECONDS]
#include "ui/MainWindow.h"
#include "ui/model/TokenTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <sys/resource.h>

using namespace tokencache;

namespace {

qint64 cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

qint64 peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

/** Remembers the longest gap between ticks of a 5 ms timer: how long the event loop was blocked. */
class Watchdog : public QObject
{
public:
    Watchdog()
    {
        m_clock.start();
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] { m_worst = qMax(m_worst, m_clock.restart() - 5); });
        m_timer.start(5);
    }
    void stop() { m_timer.stop(); }
    qint64 takeWorst()
    {
        const qint64 worst = m_worst;
        m_worst = 0;
        return worst;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    qint64 m_worst = 0;
};

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    QTemporaryDir directory;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory.path());
    const QStringList arguments = QCoreApplication::arguments();
    const int idleSeconds = arguments.value(2, QStringLiteral("10")).toInt();
    QTextStream out(stdout);

    QElapsedTimer clock;
    clock.start();
    Watchdog watchdog;
    MainWindow window(directory.filePath(QStringLiteral("config.json")), arguments.value(1));
    window.setPreferences({5000, 30000});
    window.show();
    TokenTableModel& model = window.model();
    auto* table = window.findChild<QTableView*>(QStringLiteral("tokenTable"));
    auto* filter = window.findChild<QLineEdit*>(QStringLiteral("filterEdit"));

    qint64 firstRowsMs = -1;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &app, [&] {
        if (firstRowsMs < 0)
            firstRowsMs = clock.elapsed();
    });
    auto step = std::make_shared<int>(0);
    qint64 idleCpuStart = 0;
    QTimer poll;
    poll.start(20);
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        switch (*step) {
        case 0: // loading
            if (window.sync().state() != CacheSync::State::Connected)
                return;
            out << "first rows after " << firstRowsMs << " ms; full table (" << model.rowCount()
                << " rows) after " << clock.elapsed() << " ms; longest stall while loading "
                << watchdog.takeWorst() << " ms" << Qt::endl;
            *step = 1;
            return;
        case 1: // sorting
            table->sortByColumn(TokenTableModel::Key, Qt::AscendingOrder);
            QCoreApplication::processEvents();
            table->sortByColumn(TokenTableModel::ExpiresIn, Qt::AscendingOrder);
            QCoreApplication::processEvents();
            out << "longest stall sorting twice: " << watchdog.takeWorst() << " ms" << Qt::endl;
            *step = 2;
            return;
        case 2: // filtering
            filter->setText(QStringLiteral("tenant"));
            QCoreApplication::processEvents();
            filter->setText(QStringLiteral("bench:4"));
            QCoreApplication::processEvents();
            filter->clear();
            QCoreApplication::processEvents();
            out << "longest stall filtering three times: " << watchdog.takeWorst() << " ms" << Qt::endl;
            clock.restart();
            *step = 3;
            return;
        case 3: // periodic syncs
            if (clock.elapsed() < 12000)
                return;
            out << "longest stall over 12 s of periodic syncs: " << watchdog.takeWorst()
                << " ms; peak memory " << peakRssMiB() << " MiB" << Qt::endl;
            watchdog.stop(); // its own 200 wake-ups a second are not the window's idle cost
            idleCpuStart = cpuMs();
            clock.restart();
            *step = 4;
            return;
        default: // idle (syncs included)
            if (clock.elapsed() < idleSeconds * 1000)
                return;
            out << "CPU while idle for " << idleSeconds << " s: "
                << QString::number(100.0 * double(cpuMs() - idleCpuStart) / double(clock.elapsed()), 'f', 1)
                << " % of one core" << Qt::endl;
            QCoreApplication::exit(0);
        }
    });
    return QApplication::exec();
}
