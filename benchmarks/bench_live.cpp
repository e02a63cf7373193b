// The delay from a change in Redis to the user seeing it, with keyspace notifications on: each
// sample writes through a connection of its own and times until the change shows, either as the
// main window's row or as `tokencache --headless watch`'s line. Per key: a new token (SET ... EX),
// a rewrite with another token, a DEL. Prints the median, 95th percentile and worst per kind.
// Usage: QT_QPA_PLATFORM=offscreen bench_live REDIS_URL window|watch [TOKENCACHE] [KEYS]
#include "core/redis/RedisClient.h"
#include "ui/MainWindow.h"
#include "ui/model/TokenTableModel.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSettings>
#include <QTemporaryDir>
#include <QTextStream>
#include <QTimer>

#include <algorithm>
#include <functional>
#include <memory>
#include <vector>

using namespace tokencache;

namespace {

const QString kKeyPrefix = QStringLiteral("oauth2token:live-bench:");

enum class Step
{
    New,
    Rewrite,
    Delete
};

QString stepName(Step step)
{
    switch (step) {
    case Step::New:
        return QStringLiteral("new token (SET EX)");
    case Step::Rewrite:
        return QStringLiteral("rewritten token (SET EX)");
    case Step::Delete:
        return QStringLiteral("deleted key (DEL)");
    }
    return {};
}

/** Where the change shows: asked again whenever something there may have changed. */
class Observer
{
public:
    virtual ~Observer() = default;
    /** Whether @p key shows @p step done. */
    virtual bool shows(const QString& key, Step step) = 0;
    std::function<void()> changed; ///< set by the runner: called on anything that may be the awaited change
};

/** The main window's table: the row appears, takes the rewritten token's fingerprint, goes. */
class WindowObserver final : public Observer
{
public:
    WindowObserver(const QString& configPath, const QString& redisUrl) : m_window(configPath, redisUrl)
    {
        m_window.setPreferences({5000, 30000});
        m_window.show();
        TokenTableModel& model = m_window.model();
        const auto notify = [this] {
            if (changed)
                changed();
        };
        QObject::connect(&model, &QAbstractItemModel::rowsInserted, &m_window, notify);
        QObject::connect(&model, &QAbstractItemModel::rowsRemoved, &m_window, notify);
        QObject::connect(&model, &QAbstractItemModel::dataChanged, &m_window, notify);
        QObject::connect(&model, &QAbstractItemModel::modelReset, &m_window, notify);
        QObject::connect(&model, &QAbstractItemModel::layoutChanged, &m_window, notify);
    }
    bool ready()
    {
        return m_window.sync().state() == CacheSync::State::Connected &&
               m_window.sync().live() == KeyspaceWatcher::Live::On;
    }
    int rows() { return m_window.model().rowCount(); }
    bool shows(const QString& key, Step step) override
    {
        const TokenRow* row = m_window.model().rowForKey(key);
        switch (step) {
        case Step::New:
            if (row)
                m_fingerprint = row->fingerprint;
            return row;
        case Step::Rewrite:
            return row && row->fingerprint != m_fingerprint;
        case Step::Delete:
            return !row;
        }
        return false;
    }

private:
    MainWindow m_window;
    QString m_fingerprint;
};

/** `watch --output jsonl`'s lines: a "set" line for a new and a rewritten token, a "del" line. */
class WatchObserver final : public Observer
{
public:
    WatchObserver(const QString& tokencache, const QString& configPath, const QString& redisUrl)
    {
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(QStringLiteral("TOKENCACHE_CONFIG"), configPath);
        environment.insert(QStringLiteral("TOKENCACHE_REDIS_URL"), redisUrl);
        m_process.setProcessEnvironment(environment);
        m_process.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        QObject::connect(&m_process, &QProcess::readyReadStandardOutput, &m_process, [this] {
            while (m_process.canReadLine()) {
                const QJsonObject line = QJsonDocument::fromJson(m_process.readLine()).object();
                m_lines[line.value(QStringLiteral("key")).toString()].append(
                    line.value(QStringLiteral("event")).toString());
            }
            if (changed)
                changed();
        });
        m_process.start(tokencache, {QStringLiteral("--headless"), QStringLiteral("watch"),
                                     QStringLiteral("--output"), QStringLiteral("jsonl"),
                                     QStringLiteral("--pattern"), kKeyPrefix + QLatin1Char('*')});
    }
    ~WatchObserver() override
    {
        m_process.kill();
        m_process.waitForFinished();
    }
    bool shows(const QString& key, Step step) override
    {
        const QStringList& events = m_lines[key];
        switch (step) {
        case Step::New:
            return events.count(QStringLiteral("set")) >= 1;
        case Step::Rewrite:
            return events.count(QStringLiteral("set")) >= 2;
        case Step::Delete:
            return events.contains(QStringLiteral("del"));
        }
        return false;
    }

private:
    QProcess m_process;
    QHash<QString, QStringList> m_lines;
};

/** Writes each step and times it until the observer shows it; one step at a time. */
class Sampler
{
public:
    Sampler(RedisClient& redis, Observer& observer, int keys)
        : m_redis(redis), m_observer(observer), m_keys(keys)
    {
        m_observer.changed = [this] { check(); };
        m_timeout.setSingleShot(true);
        QObject::connect(&m_timeout, &QTimer::timeout, &m_context, [this] {
            QTextStream(stderr) << "bench_live: " << m_key << " did not show " << stepName(m_step)
                                << " within 10 s\n";
            QCoreApplication::exit(1);
        });
    }

    void start(std::function<void()> done)
    {
        m_done = std::move(done);
        next(0, Step::New);
    }
    const std::vector<double>& delaysMs(Step step) const { return m_delaysMs[int(step)]; }

private:
    void next(int index, Step step)
    {
        if (index == m_keys)
            return m_done();
        m_index = index;
        m_step = step;
        m_key = kKeyPrefix + QString::number(index);
        m_waiting = true;
        const QByteArray token =
            QByteArray::number(index) + (step == Step::Rewrite ? "-rewritten" : "-first");
        const RedisCommand command = step == Step::Delete
                                         ? RedisCommand{"DEL", m_key.toUtf8()}
                                         : RedisCommand{"SET", m_key.toUtf8(),
                                                        R"({"access_token":")" + token +
                                                            R"(","token_type":"Bearer","expires_in":3600})",
                                                        "EX", "3600"};
        m_timeout.start(10'000);
        m_clock.start(); // before the write: the delay is all the user would wait
        m_redis.command(command, &m_context, [](const Result<RedisReply>& reply) {
            if (!reply)
                QTextStream(stderr) << "bench_live: " << reply.error().message << '\n';
        });
    }

    void check()
    {
        if (!m_waiting || !m_observer.shows(m_key, m_step))
            return;
        m_waiting = false;
        m_timeout.stop();
        m_delaysMs[int(m_step)].push_back(double(m_clock.nsecsElapsed()) / 1e6);
        const int index = m_step == Step::Delete ? m_index + 1 : m_index;
        const Step step = m_step == Step::New       ? Step::Rewrite
                          : m_step == Step::Rewrite ? Step::Delete
                                                    : Step::New;
        // A short pause, so one sample's leftover events (the EX's "expire") are not the next one's wait.
        QTimer::singleShot(20, &m_context, [this, index, step] { next(index, step); });
    }

    RedisClient& m_redis;
    Observer& m_observer;
    const int m_keys;
    QObject m_context;
    QTimer m_timeout;
    QElapsedTimer m_clock;
    std::function<void()> m_done;
    std::vector<double> m_delaysMs[3];
    QString m_key;
    int m_index = 0;
    Step m_step = Step::New;
    bool m_waiting = false;
};

QString summary(std::vector<double> delays)
{
    std::sort(delays.begin(), delays.end());
    const auto at = [&delays](double quantile) {
        return delays[size_t(double(delays.size() - 1) * quantile)];
    };
    return QStringLiteral("median %1 ms, p95 %2 ms, worst %3 ms (%4 samples)")
        .arg(at(0.5), 0, 'f', 1)
        .arg(at(0.95), 0, 'f', 1)
        .arg(delays.back(), 0, 'f', 1)
        .arg(delays.size());
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    if (arguments.size() < 3 || (arguments.at(2) == QLatin1String("watch") && arguments.size() < 4)) {
        QTextStream(stderr) << "usage: bench_live REDIS_URL window|watch [TOKENCACHE] [KEYS]\n";
        return 2;
    }
    const QString redisUrl = arguments.at(1);
    const bool window = arguments.at(2) == QLatin1String("window");
    const int keys = arguments.value(window ? 3 : 4, QStringLiteral("100")).toInt();
    auto endpoint = RedisEndpoint::fromUrl(redisUrl);
    if (!endpoint) {
        QTextStream(stderr) << endpoint.error().message << '\n';
        return 2;
    }
    QTemporaryDir directory;
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, directory.path());
    const QString configPath = directory.filePath(QStringLiteral("config.json"));

    RedisClient redis(*endpoint);
    redis.open();
    std::unique_ptr<Observer> observer;
    std::function<bool()> ready;
    if (window) {
        auto* windowObserver = new WindowObserver(configPath, redisUrl);
        observer.reset(windowObserver);
        ready = [windowObserver] { return windowObserver->ready(); };
    } else {
        observer = std::make_unique<WatchObserver>(arguments.at(3), configPath, redisUrl);
        // watch says nothing when subscribed: a first key written until its line comes shows it is.
        auto probe = std::make_shared<int>(0);
        ready = [&redis, observer = observer.get(), probe] {
            const QString key = kKeyPrefix + QStringLiteral("ready");
            if (observer->shows(key, Step::New))
                return true;
            if ((*probe)++ % 25 == 0) // every half second
                redis.command(
                    {"SET", key.toUtf8(), R"({"access_token":"ready","expires_in":60})", "EX", "60"}, &redis,
                    [](const Result<RedisReply>&) {});
            return false;
        };
    }
    Sampler sampler(redis, *observer, keys);
    QTextStream out(stdout);
    QTimer waitForReady;
    QObject::connect(&waitForReady, &QTimer::timeout, &app, [&] {
        if (redis.state() != RedisClient::State::Ready || !ready())
            return;
        waitForReady.stop();
        if (window)
            out << "window loaded (" << static_cast<WindowObserver*>(observer.get())->rows()
                << " rows) and live; " << Qt::endl;
        sampler.start([&] {
            for (Step step : {Step::New, Step::Rewrite, Step::Delete})
                out << stepName(step) << ": " << summary(sampler.delaysMs(step)) << Qt::endl;
            QCoreApplication::exit(0);
        });
    });
    waitForReady.start(20);
    return QApplication::exec();
}
