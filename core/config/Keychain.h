#pragma once

#include "core/common/Result.h"

#include <QLatin1String>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace tokencache {

/**
 * The system keychain: QtKeychain (the Secret Service on Linux) under the service name
 * `tokencache`, an entry per name. QtKeychain, QtDBus and libsecret live in a module that is
 * loaded the first time one of these is called, so runs that need no keychain never load them.
 * Calls may come from any thread with an event loop; the keychain itself is driven from the main
 * thread, and each handler runs once in @p context's thread (never after @p context is gone).
 * Errors are Error::Kind::Config (no keychain running, access denied, no such entry) and say why;
 * remove() of an absent entry is Error::Kind::NotFound. No secret is ever part of a message.
 */
class Keychain
{
public:
    static constexpr QLatin1String kService{"tokencache"};

    static void read(const QString& name, QObject* context,
                     std::function<void(const Result<QString>&)> handler);
    static void write(const QString& name, const QString& secret, QObject* context,
                      std::function<void(const Result<Done>&)> handler);
    static void remove(const QString& name, QObject* context,
                       std::function<void(const Result<Done>&)> handler);
    /** The names stored under `tokencache`, sorted (asked of the Secret Service over D-Bus). */
    static void list(QObject* context, std::function<void(const Result<QStringList>&)> handler);
    /** Succeeds when a keychain answers: what the dialogs ask before they offer it. */
    static void probe(QObject* context, std::function<void(const Result<Done>&)> handler);

    /** Why @p name cannot name an entry (empty, too long, spaces or control characters); empty if it can. */
    static QString nameProblem(const QString& name);
    /** Whether the module has been loaded in this process. */
    static bool moduleLoaded();
    /** A directory searched first for libtokencache-keychain.so (tests; the executable's own otherwise). */
    static void setModuleDirectory(const QString& directory);
};

} // namespace tokencache
