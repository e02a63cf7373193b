#pragma once

#include "core/common/Result.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>

namespace tokencache {

/**
 * What the keychain module (libtokencache-keychain.so, QtKeychain and QtDBus inside) implements.
 * The core reaches it only through Keychain, which loads the module on first use and calls it on
 * the main thread; every handler runs once, in @p context's thread, unless @p context is gone.
 */
class KeychainBackend
{
public:
    using DoneHandler = std::function<void(const Result<Done>&)>;
    using SecretHandler = std::function<void(const Result<QString>&)>;
    using NamesHandler = std::function<void(const Result<QStringList>&)>;

    virtual ~KeychainBackend() = default;

    /** Whether a keychain answers (a D-Bus session bus with a Secret Service on it). */
    virtual void probe(QObject* context, DoneHandler handler) = 0;
    virtual void read(const QString& name, QObject* context, SecretHandler handler) = 0;
    virtual void write(const QString& name, const QString& secret, QObject* context, DoneHandler handler) = 0;
    /** Fails with Error::Kind::NotFound when there is no such entry. */
    virtual void remove(const QString& name, QObject* context, DoneHandler handler) = 0;
    /** The names stored under the service, sorted. */
    virtual void list(QObject* context, NamesHandler handler) = 0;
};

} // namespace tokencache

/** The module's one entry point: a backend that lives as long as the process. */
#define TOKENCACHE_KEYCHAIN_ENTRY "tokencache_keychain_backend"
