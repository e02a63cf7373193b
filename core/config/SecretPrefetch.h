#pragma once

#include "core/common/Result.h"

#include <QObject>
#include <QStringList>

#include <functional>
#include <optional>

namespace tokencache {

/**
 * The asynchronous step before SecretRef::resolve(): the keychain references among a list are read
 * from the keychain (anew each time, so a rotated secret is seen), and kept in memory only, where
 * resolve() finds them. A failure is kept as well, so that resolve() reports which reference failed
 * and why. References of other kinds are left alone, and a list without a keychain reference
 * finishes without loading the keychain.
 */
class SecretPrefetch
{
public:
    /** @p references as the configuration holds them (`keychain:NAME`, `env:...`, header values). */
    static void run(const QStringList& references, QObject* context, std::function<void()> done);

    /** What the last run read for @p name; nullopt when none did. */
    static std::optional<Result<QString>> fetched(const QString& name);
    /** Forgets what was read for @p name (after it was changed or removed). */
    static void forget(const QString& name);
};

} // namespace tokencache
