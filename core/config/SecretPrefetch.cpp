#include "core/config/SecretPrefetch.h"

#include "core/config/Keychain.h"
#include "core/config/SecretRef.h"

#include <QHash>
#include <QMutex>

#include <memory>

namespace tokencache {

namespace {

// Process memory only, never a file: what the last prefetch read, or why it could not.
QMutex g_mutex;
QHash<QString, Result<QString>>& fetchedSecrets()
{
    static QHash<QString, Result<QString>> secrets;
    return secrets;
}

} // namespace

void SecretPrefetch::run(const QStringList& references, QObject* context, std::function<void()> done)
{
    QStringList names;
    for (const QString& text : references) {
        const auto reference = SecretRef::parse(text);
        if (reference && reference->kind() == SecretRef::Kind::Keychain &&
            !names.contains(reference->value()))
            names.append(reference->value());
    }
    if (names.isEmpty())
        return done();
    auto pending = std::make_shared<qsizetype>(names.size());
    for (const QString& name : names) {
        Keychain::read(name, context, [name, pending, done](const Result<QString>& secret) {
            {
                const QMutexLocker lock(&g_mutex);
                fetchedSecrets().insert(name, secret);
            }
            if (--*pending == 0)
                done();
        });
    }
}

std::optional<Result<QString>> SecretPrefetch::fetched(const QString& name)
{
    const QMutexLocker lock(&g_mutex);
    const auto found = fetchedSecrets().constFind(name);
    if (found == fetchedSecrets().cend())
        return std::nullopt;
    return *found;
}

void SecretPrefetch::forget(const QString& name)
{
    const QMutexLocker lock(&g_mutex);
    fetchedSecrets().remove(name);
}

} // namespace tokencache
