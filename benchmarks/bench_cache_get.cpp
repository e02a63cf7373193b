// Cache hits through the core on one connection, one after another (no overlap), for a fixed
// time: prints "gets_per_second N". Usage: bench_cache_get REDIS_URL KEY [SECONDS]
#include "core/cache/CacheSession.h"
#include "core/cache/TokenCache.h"
#include "core/config/SecretRef.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTextStream>
#include <QTimer>

#include <functional>

using namespace tokencache;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = QCoreApplication::arguments();
    QTextStream out(stdout);
    if (arguments.size() < 3) {
        QTextStream(stderr) << "usage: bench_cache_get REDIS_URL KEY [SECONDS]\n";
        return 2;
    }
    const qint64 durationMs = qint64(arguments.value(3, QStringLiteral("3")).toDouble() * 1000);
    auto session = CacheSession::create(RedisSettings{arguments.at(1)});
    if (!session) {
        QTextStream(stderr) << session.error().message << '\n';
        return 3;
    }
    ProviderProfile profile;
    profile.name = QStringLiteral("bench");
    profile.key = arguments.at(2);
    profile.tokenUrl = QStringLiteral("http://127.0.0.1:9/never-called");
    profile.clientId = QStringLiteral("bench");
    profile.clientSecretRef = SecretRef(SecretRef::Kind::Literal, QStringLiteral("unused")).format();

    QElapsedTimer clock;
    qint64 gets = 0;
    int exitCode = 0;
    std::function<void()> next = [&] {
        (*session)->cache().get(profile, &app, [&](const Result<CacheEntry>& entry) {
            if (!entry || !entry->stored) {
                QTextStream(stderr) << "not a hit: "
                                    << (entry ? QStringLiteral("uncached") : entry.error().message) << '\n';
                exitCode = 1;
                return QCoreApplication::exit(1);
            }
            ++gets;
            if (clock.elapsed() < durationMs)
                return next();
            out << "gets_per_second " << qint64(gets * 1000.0 / clock.elapsed()) << Qt::endl;
            QCoreApplication::exit(0);
        });
    };
    QTimer::singleShot(0, &app, [&] {
        clock.start();
        next();
    });
    const int code = QCoreApplication::exec();
    return exitCode ? exitCode : code;
}
