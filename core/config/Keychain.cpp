#include "core/config/Keychain.h"

#include "core/config/KeychainBackend.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QLibrary>
#include <QMutex>
#include <QRegularExpression>
#include <QThread>

#include <memory>
#include <optional>

namespace tokencache {

namespace {

constexpr qsizetype kMaxNameLength = 128;

QMutex g_moduleMutex;
QString g_moduleDirectory;
bool g_moduleLoaded = false;

/** Carries one result from the main thread, where the keychain runs, to the caller's context. */
class KeychainRelay final : public QObject
{
    Q_OBJECT

signals:
    void finished();
};

QStringList moduleCandidates()
{
    const QString file = QStringLiteral("/libtokencache-keychain.so");
    QStringList candidates;
    {
        const QMutexLocker lock(&g_moduleMutex);
        if (!g_moduleDirectory.isEmpty())
            candidates.append(g_moduleDirectory + file);
    }
    // Next to the executable in a build tree; where the install rules put it once installed.
    const QString executable = QFile::symLinkTarget(QStringLiteral("/proc/self/exe"));
    const QString directory =
        QFileInfo(executable.isEmpty() ? QCoreApplication::applicationFilePath() : executable).absolutePath();
    candidates.append(directory + file);
    candidates.append(directory + QStringLiteral("/" TOKENCACHE_MODULE_FROM_BIN) + file);
    return candidates;
}

// Main thread only. Loaded once and never unloaded: the backend lives as long as the process.
Result<KeychainBackend*> backend()
{
    static KeychainBackend* loaded = nullptr;
    static QString failure;
    if (loaded)
        return loaded;
    if (!failure.isEmpty())
        return Error::config(failure);
    QStringList tried;
    for (const QString& candidate : moduleCandidates()) {
        if (!QFileInfo::exists(candidate)) {
            tried.append(candidate + QStringLiteral(": no such file"));
            continue;
        }
        QLibrary module(candidate);
        using Entry = KeychainBackend* (*)();
        if (auto entry = reinterpret_cast<Entry>(module.resolve(TOKENCACHE_KEYCHAIN_ENTRY))) {
            loaded = entry();
            const QMutexLocker lock(&g_moduleMutex);
            g_moduleLoaded = true;
            return loaded;
        }
        tried.append(module.errorString());
    }
    failure = QStringLiteral("the system keychain cannot be used: its module did not load (%1)")
                  .arg(tried.join(QStringLiteral("; ")));
    return Error::config(failure);
}

// Runs @p operation on the main thread with the backend, and its result in @p context's thread.
template <typename T>
void onMainThread(
    QObject* context, std::function<void(const Result<T>&)> handler,
    std::function<void(KeychainBackend&, QObject*, std::function<void(const Result<T>&)>)> operation)
{
    auto* relay = new KeychainRelay;
    auto outcome = std::make_shared<std::optional<Result<T>>>();
    QObject::connect(relay, &KeychainRelay::finished, context, [outcome, handler = std::move(handler)] {
        if (*outcome)
            handler(**outcome);
    });
    QCoreApplication* application = QCoreApplication::instance();
    if (!application) {
        *outcome =
            Result<T>(Error::config(QStringLiteral("the system keychain needs an application object")));
        QMetaObject::invokeMethod(relay, &KeychainRelay::finished, Qt::QueuedConnection);
        relay->deleteLater();
        return;
    }
    relay->moveToThread(application->thread());
    QMetaObject::invokeMethod(
        relay,
        [relay, outcome, operation = std::move(operation)] {
            const auto deliver = [relay, outcome](const Result<T>& result) {
                *outcome = result;
                emit relay->finished();
                relay->deleteLater();
            };
            auto keychain = backend();
            if (!keychain)
                return deliver(keychain.error());
            operation(**keychain, relay, deliver);
        },
        Qt::QueuedConnection);
}

} // namespace

void Keychain::read(const QString& name, QObject* context,
                    std::function<void(const Result<QString>&)> handler)
{
    if (const QString problem = nameProblem(name); !problem.isEmpty())
        return handler(Error::config(problem));
    onMainThread<QString>(
        context, std::move(handler),
        [name](KeychainBackend& keychain, QObject* relay, auto done) { keychain.read(name, relay, done); });
}

void Keychain::write(const QString& name, const QString& secret, QObject* context,
                     std::function<void(const Result<Done>&)> handler)
{
    if (const QString problem = nameProblem(name); !problem.isEmpty())
        return handler(Error::config(problem));
    onMainThread<Done>(context, std::move(handler),
                       [name, secret](KeychainBackend& keychain, QObject* relay, auto done) {
                           keychain.write(name, secret, relay, done);
                       });
}

void Keychain::remove(const QString& name, QObject* context, std::function<void(const Result<Done>&)> handler)
{
    if (const QString problem = nameProblem(name); !problem.isEmpty())
        return handler(Error::config(problem));
    onMainThread<Done>(
        context, std::move(handler),
        [name](KeychainBackend& keychain, QObject* relay, auto done) { keychain.remove(name, relay, done); });
}

void Keychain::list(QObject* context, std::function<void(const Result<QStringList>&)> handler)
{
    onMainThread<QStringList>(
        context, std::move(handler),
        [](KeychainBackend& keychain, QObject* relay, auto done) { keychain.list(relay, done); });
}

void Keychain::probe(QObject* context, std::function<void(const Result<Done>&)> handler)
{
    onMainThread<Done>(context, std::move(handler), [](KeychainBackend& keychain, QObject* relay, auto done) {
        keychain.probe(relay, done);
    });
}

QString Keychain::nameProblem(const QString& name)
{
    if (name.isEmpty())
        return QStringLiteral("a keychain entry needs a name (keychain:NAME)");
    if (name.size() > kMaxNameLength)
        return QStringLiteral("a keychain entry's name has at most %1 characters").arg(kMaxNameLength);
    static const QRegularExpression allowed(QStringLiteral("^[A-Za-z0-9._@+:/-]+$"));
    if (!allowed.match(name).hasMatch())
        return QStringLiteral("keychain entry names use letters, digits and . _ @ + : / - only");
    return {};
}

bool Keychain::moduleLoaded()
{
    const QMutexLocker lock(&g_moduleMutex);
    return g_moduleLoaded;
}

void Keychain::setModuleDirectory(const QString& directory)
{
    const QMutexLocker lock(&g_moduleMutex);
    g_moduleDirectory = directory;
}

} // namespace tokencache

#include "Keychain.moc"
