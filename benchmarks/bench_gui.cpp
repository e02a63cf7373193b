// The real main window on a large keyspace, measured from inside: start-up, time to the first
// rows and to the full table, event-loop stalls (worst and 99th percentile of a 5 ms watchdog
// timer's delays) while loading, sorting, filtering and syncing, peak memory, CPU use while idle.
// Usage: QT_QPA_PLATFORM=offscreen bench_gui REDIS_URL [IDLE_SECONDS]
#include "ui/MainWindow.h"
#include "ui/model/TokenTableModel.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QLineEdit>
#include <QSettings>
#include <QTableView>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <vector>

#include <sys/resource.h>
#include <unistd.h>

using namespace tokencache;

namespace {

qint64 cpuMs()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return qint64(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1000 +
           (usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1000;
}

/** CPU time (ms) used so far by each thread, summed by thread name (Linux: /proc/self/task). */
QMap<QString, qint64> cpuMsByThread()
{
    QMap<QString, qint64> byName;
    const long ticksPerSecond = sysconf(_SC_CLK_TCK);
    for (const QString& task :
         QDir(QStringLiteral("/proc/self/task")).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile file(QStringLiteral("/proc/self/task/%1/stat").arg(task));
        if (!file.open(QIODevice::ReadOnly))
            continue;
        const QByteArray stat = file.readAll();
        // "pid (comm) state ...": the name may hold spaces, so fields count from the last ')'.
        const qsizetype open = stat.indexOf('('), close = stat.lastIndexOf(')');
        const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
        if (open < 0 || close < open || fields.size() < 13)
            continue;
        const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong(); // utime, stime
        byName[QString::fromUtf8(stat.mid(open + 1, close - open - 1))] += ticks * 1000 / ticksPerSecond;
    }
    return byName;
}

QString formatCpu(const QMap<QString, qint64>& byThread)
{
    QStringList parts;
    for (auto it = byThread.cbegin(); it != byThread.cend(); ++it)
        parts << QStringLiteral("%1 %2 s").arg(it.key()).arg(double(it.value()) / 1000, 0, 'f', 1);
    return parts.join(QStringLiteral(", "));
}

qint64 peakRssMiB()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024;
}

/**
 * Measures how long the event loop was blocked: the delay of each tick of a 5 ms timer beyond its
 * interval. A phase reports the worst delay and the 99th percentile of all of them.
 */
class Watchdog : public QObject
{
public:
    struct Stalls
    {
        double worstMs = 0;
        double p99Ms = 0;
    };

    Watchdog()
    {
        m_clock.start();
        m_timer.setTimerType(Qt::PreciseTimer);
        connect(&m_timer, &QTimer::timeout, this, [this] {
            m_delaysMs.push_back(qMax(0.0, double(m_clock.nsecsElapsed()) / 1e6 - 5));
            m_clock.restart();
        });
        m_timer.start(5);
    }
    void stop() { m_timer.stop(); }
    Stalls take()
    {
        Stalls stalls;
        if (!m_delaysMs.empty()) {
            std::sort(m_delaysMs.begin(), m_delaysMs.end());
            stalls.worstMs = m_delaysMs.back();
            stalls.p99Ms = m_delaysMs[size_t(double(m_delaysMs.size() - 1) * 0.99)];
        }
        m_delaysMs.clear();
        return stalls;
    }

private:
    QTimer m_timer;
    QElapsedTimer m_clock;
    std::vector<double> m_delaysMs;
};

QString format(const Watchdog::Stalls& stalls)
{
    return QStringLiteral("worst stall %1 ms, p99 %2 ms")
        .arg(stalls.worstMs, 0, 'f', 0)
        .arg(stalls.p99Ms, 0, 'f', 1);
}

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

    // Start-up (building the window and its first paint) is measured apart from loading.
    QElapsedTimer clock;
    clock.start();
    MainWindow window(directory.filePath(QStringLiteral("config.json")), arguments.value(1));
    window.setPreferences({5000, 30000});
    window.show();
    QCoreApplication::processEvents();
    out << "start-up (window built and painted): " << clock.elapsed() << " ms" << Qt::endl;
    Watchdog watchdog;
    TokenTableModel& model = window.model();
    auto* table = window.findChild<QTableView*>(QStringLiteral("tokenTable"));
    auto* filter = window.findChild<QLineEdit*>(QStringLiteral("filterEdit"));

    qint64 firstRowsMs = -1;
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, &app, [&] {
        if (firstRowsMs < 0)
            firstRowsMs = clock.elapsed();
    });
    // Each step starts an action; the next one waits until the model shows its result.
    const QList<std::function<void()>> sorts{
        [&] { table->sortByColumn(TokenTableModel::Key, Qt::AscendingOrder); },
        [&] { table->sortByColumn(TokenTableModel::ExpiresIn, Qt::AscendingOrder); }};
    const QList<std::function<void()>> filters{[&] { filter->setText(QStringLiteral("tenant")); },
                                               [&] { filter->setText(QStringLiteral("bench:4")); },
                                               [&] { filter->clear(); }};
    int step = 0;
    int action = 0;
    qint64 idleCpuStart = 0;
    QTimer poll;
    poll.start(20);
    QObject::connect(&poll, &QTimer::timeout, &app, [&] {
        switch (step) {
        case 0: // loading
            if (window.sync().state() != CacheSync::State::Connected)
                return;
            out << "first rows after " << firstRowsMs << " ms; full table (" << model.rowCount()
                << " rows) after " << clock.elapsed() << " ms; loading: " << format(watchdog.take())
                << Qt::endl;
            out << "CPU while loading, per thread: " << formatCpu(cpuMsByThread()) << Qt::endl;
            clock.restart();
            step = 1;
            return;
        case 1: // sorting, then filtering: one action at a time, each waited for
        case 2: {
            const auto& actions = step == 1 ? sorts : filters;
            if (model.isArranging())
                return;
            if (action < actions.size()) {
                actions.at(action++)();
                return;
            }
            out << (step == 1 ? "sorting twice: " : "filtering three times: ") << clock.elapsed() << " ms, "
                << format(watchdog.take()) << Qt::endl;
            action = 0;
            clock.restart();
            ++step;
            return;
        }
        case 3: // periodic syncs
            if (clock.elapsed() < 12000)
                return;
            out << "12 s of periodic syncs: " << format(watchdog.take()) << "; peak memory " << peakRssMiB()
                << " MiB" << Qt::endl;
            watchdog.stop(); // its own 200 wake-ups a second are not the window's idle cost
            idleCpuStart = cpuMs();
            clock.restart();
            step = 4;
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
