// The configuration's round trip: AppConfig::fromJson / toJson, and ConfigStore on a real file.
//
// Input: byte 0 chooses whether the ConfigStore part runs (odd: yes); the rest is the JSON text.
// Properties: no crash, no sanitizer report and, for any input that loads:
//  - fromJson(toJson(c)) loads and gives the same toJson (the saved form is a fixed point);
//  - ConfigStore::load() of the same text as a file gives the same configuration (or the same
//    verdict: both refuse it), an update() that changes nothing saves it, and loading the saved
//    file gives the same toJson again.
// The file lives in a temporary folder: in $TMPDIR if set, else in /dev/shm where there is one
// (QSaveFile syncs to disk: a disk would slow every input down).

#include "tests/fuzz/FuzzInput.h"

#include "core/config/AppConfig.h"
#include "core/config/ConfigStore.h"
#include "core/redis/RedisEndpoint.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTemporaryDir>

#include <memory>

using namespace tokencache;

namespace {

QByteArray text(const QJsonObject& json)
{
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

const QString& storePath()
{
    // $TMPDIR if set (scripts/fuzz.sh sets it to a folder it removes), else /dev/shm if there is one.
    static const std::unique_ptr<QTemporaryDir> dir = [] {
        const QString shm = QStringLiteral("/dev/shm");
        const bool inShm = qEnvironmentVariableIsEmpty("TMPDIR") && QDir(shm).exists();
        auto made = inShm ? std::make_unique<QTemporaryDir>(shm + QStringLiteral("/tokencache-fuzz-XXXXXX"))
                          : std::make_unique<QTemporaryDir>();
        if (!made->isValid())
            fuzzFail("cannot make a temporary folder");
        return made;
    }();
    static const QString path = dir->filePath(QStringLiteral("config.json"));
    return path;
}

void checkStore(const QByteArray& bytes, const Result<AppConfig>* direct)
{
    const QString path = storePath();
    {
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate) || file.write(bytes) != bytes.size())
            fuzzFail("cannot write the config file");
    }
    const ConfigStore store(path);
    const Result<AppConfig> loaded = store.load();
    if (!direct) {
        // Not a JSON object: the store must refuse it too (an empty file is a parse error as well).
        if (loaded)
            fuzzFail("ConfigStore loaded a file that is not a JSON object");
        return;
    }
    if (loaded.ok() != direct->ok())
        fuzzFail("ConfigStore::load and AppConfig::fromJson disagree");
    if (!loaded)
        return;
    const QByteArray expected = text(loaded->toJson());
    if (expected != text((*direct)->toJson()))
        fuzzFail("ConfigStore::load gives another configuration than AppConfig::fromJson");
    const Result<Done> saved = store.update([](AppConfig&) -> Result<Done> { return Done{}; });
    if (!saved)
        fuzzFail("ConfigStore::update refused to save a loaded configuration",
                 saved.error().message.toUtf8());
    const Result<AppConfig> reloaded = store.load();
    if (!reloaded)
        fuzzFail("a saved configuration does not load", reloaded.error().message.toUtf8());
    if (text(reloaded->toJson()) != expected)
        fuzzFail("a saved configuration loads differently",
                 expected + "\n  became " + text(reloaded->toJson()));
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    const bool throughStore = in.byte() & 1;
    const QByteArray bytes = in.rest();

    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject()) {
        if (throughStore)
            checkStore(bytes, nullptr);
        return 0;
    }
    const Result<AppConfig> config = AppConfig::fromJson(document.object());
    if (!config) {
        if (config.error().message.isEmpty())
            fuzzFail("a refused configuration without a message");
    } else {
        const QJsonObject saved = config->toJson();
        const Result<AppConfig> again = AppConfig::fromJson(saved);
        if (!again)
            fuzzFail("a saved configuration does not load",
                     text(saved) + "\n  " + again.error().message.toUtf8());
        if (text(again->toJson()) != text(saved))
            fuzzFail("a saved configuration loads differently",
                     text(saved) + "\n  became " + text(again->toJson()));
        // A configuration's own settings resolve or fail with a message, never crash (no secret is
        // read: only a URL with its own password, or none, is resolved here).
        for (const Connection& connection : config->connections) {
            if (connection.redis.passwordRef.isEmpty()) {
                const Result<RedisEndpoint> endpoint = connection.redis.endpoint();
                if (!endpoint && endpoint.error().message.isEmpty())
                    fuzzFail("an unusable Redis setting without a message");
            }
            const auto selected = config->select(connection.name);
            if (!selected || *selected != &connection)
                fuzzFail("a connection cannot be selected by its own name");
            for (const ProviderProfile& profile : connection.profiles) {
                volatile qsizetype sink = profile.cacheKey().size() + profile.insecureUrlProblem().size();
                (void)sink;
                if (connection.profileForKey(profile.cacheKey()) == nullptr ||
                    connection.profile(profile.name) != &profile)
                    fuzzFail("a profile cannot be found by its own name or key");
            }
        }
        if (!config->select(QString()))
            fuzzFail("a loaded configuration without a usable default connection");
    }
    if (throughStore)
        checkStore(bytes, &config);
    return 0;
}
