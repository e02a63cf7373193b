// The system keychain for the core (see core/config/KeychainBackend.h): QtKeychain for the
// secrets, and the Secret Service's D-Bus API for what QtKeychain 0.13 cannot do (say whether a
// keychain runs at all, and list the names stored).

#include "core/config/KeychainBackend.h"

#include <QDBusArgument>
#include <QDBusConnection>
#include <QDBusConnectionInterface>
#include <QDBusMetaType>
#include <QDBusObjectPath>
#include <QDBusPendingCallWatcher>
#include <QDBusPendingReply>
#include <QDBusVariant>
#include <QMap>
#include <QPointer>

#include <qt6keychain/keychain.h>

#include <memory>

namespace tokencache {

namespace {

using Attributes = QMap<QString, QString>;

const QString kService = QStringLiteral(TOKENCACHE_KEYCHAIN_SERVICE);
const QString kSecretService = QStringLiteral("org.freedesktop.secrets");
const QString kServicePath = QStringLiteral("/org/freedesktop/secrets");
const QString kStartOne = QStringLiteral(
    "start one: gnome-keyring-daemon (a GNOME session starts it), or KeePassXC with its Secret Service "
    "integration on");

QString entryName(const QString& name)
{
    return QStringLiteral("\"%1\"").arg(name);
}

// What QtKeychain reported, said as what the user can do about it.
Error jobError(const QKeychain::Job& job, const QString& name)
{
    const QString detail = job.errorString();
    switch (job.error()) {
    case QKeychain::EntryNotFound:
        return Error::config(QStringLiteral("no entry %1 in the system keychain (service %2); add it with "
                                            "`tokencache secrets set %3`")
                                 .arg(entryName(name), kService, name));
    case QKeychain::AccessDenied:
    case QKeychain::AccessDeniedByUser:
        return Error::config(
            QStringLiteral("access to the system keychain was denied (%1); unlock the keyring "
                           "(e.g. log in to the desktop) and try again")
                .arg(detail));
    case QKeychain::NoBackendAvailable:
        return Error::config(QStringLiteral("no keychain running (%1); %2").arg(detail, kStartOne));
    default:
        return Error::config(
            QStringLiteral("the system keychain failed on entry %1: %2").arg(entryName(name), detail));
    }
}

class SecretServiceBackend final : public KeychainBackend
{
public:
    SecretServiceBackend() { qDBusRegisterMetaType<Attributes>(); }

    void probe(QObject* context, DoneHandler handler) override { whenRunning(context, std::move(handler)); }

    void read(const QString& name, QObject* context, SecretHandler handler) override
    {
        whenRunning(context, [name, context, handler](const Result<Done>& running) {
            if (!running)
                return handler(running.error());
            auto* job = new QKeychain::ReadPasswordJob(kService);
            job->setKey(name);
            QObject::connect(
                job, &QKeychain::Job::finished, context, [name, context, handler](QKeychain::Job* finished) {
                    if (finished->error() == QKeychain::EntryNotFound)
                        return explainNotFound(name, jobError(*finished, name), context, handler);
                    if (finished->error() != QKeychain::NoError)
                        return handler(jobError(*finished, name));
                    handler(static_cast<QKeychain::ReadPasswordJob*>(finished)->textData());
                });
            job->start();
        });
    }

    void write(const QString& name, const QString& secret, QObject* context, DoneHandler handler) override
    {
        whenRunning(context, [name, secret, context, handler](const Result<Done>& running) {
            if (!running)
                return handler(running.error());
            auto* job = new QKeychain::WritePasswordJob(kService);
            job->setKey(name);
            job->setTextData(secret);
            QObject::connect(job, &QKeychain::Job::finished, context,
                             [name, handler](QKeychain::Job* finished) {
                                 if (finished->error() != QKeychain::NoError)
                                     return handler(jobError(*finished, name));
                                 handler(Done{});
                             });
            job->start();
        });
    }

    void remove(const QString& name, QObject* context, DoneHandler handler) override
    {
        // QtKeychain reports success for an entry that is not there: the list says whether it is.
        list(context, [name, context, handler](const Result<QStringList>& names) {
            if (!names)
                return handler(names.error());
            if (!names->contains(name))
                return handler(
                    Error::notFound(QStringLiteral("no entry %1 in the system keychain (service %2)")
                                        .arg(entryName(name), kService)));
            auto* job = new QKeychain::DeletePasswordJob(kService);
            job->setKey(name);
            QObject::connect(job, &QKeychain::Job::finished, context,
                             [name, handler](QKeychain::Job* finished) {
                                 if (finished->error() != QKeychain::NoError)
                                     return handler(jobError(*finished, name));
                                 handler(Done{});
                             });
            job->start();
        });
    }

    void list(QObject* context, NamesHandler handler) override
    {
        whenRunning(context, [context, handler](const Result<Done>& running) {
            if (!running)
                return handler(running.error());
            search(context, Which::All, handler);
        });
    }

private:
    enum class Which
    {
        All,
        Locked
    };

    // The names stored under the service, in unlocked and locked keyrings or in locked ones only.
    // QtKeychain stores an entry with the attributes user=KEY, server=SERVICE (its libsecret
    // backend's schema); the Secret Service finds them by those, without unlocking anything.
    static void search(QObject* context, Which which, NamesHandler handler)
    {
        QDBusMessage search = QDBusMessage::createMethodCall(kSecretService, kServicePath,
                                                             QStringLiteral("org.freedesktop.Secret.Service"),
                                                             QStringLiteral("SearchItems"));
        search << QVariant::fromValue(Attributes{{QStringLiteral("server"), kService}});
        auto* watcher = new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(search), context);
        QObject::connect(
            watcher, &QDBusPendingCallWatcher::finished, context,
            [context, which, handler](QDBusPendingCallWatcher* call) {
                call->deleteLater();
                const QDBusPendingReply<QList<QDBusObjectPath>, QList<QDBusObjectPath>> reply = *call;
                if (reply.isError())
                    return handler(
                        Error::config(QStringLiteral("the Secret Service did not list the entries: %1")
                                          .arg(reply.error().message())));
                const QList<QDBusObjectPath> locked = reply.argumentAt<1>();
                namesOf(which == Which::All ? reply.argumentAt<0>() + locked : locked, context, handler);
            });
    }

    // Succeeds when a session bus is there and a Secret Service is on it (or can be started by it).
    static void whenRunning(QObject* context, DoneHandler handler)
    {
        QDBusConnection bus = QDBusConnection::sessionBus();
        if (!bus.isConnected()) {
            const QString why =
                qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS")
                    ? QStringLiteral("no D-Bus session bus: DBUS_SESSION_BUS_ADDRESS is not set")
                    : QStringLiteral("the D-Bus session bus cannot be reached: %1")
                          .arg(bus.lastError().message());
            return handler(Error::config(QStringLiteral("no keychain running (%1)").arg(why)));
        }
        QDBusMessage owned = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("NameHasOwner"));
        owned << kSecretService;
        auto* watcher = new QDBusPendingCallWatcher(bus.asyncCall(owned), context);
        QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                         [context, handler](QDBusPendingCallWatcher* call) {
                             call->deleteLater();
                             const QDBusPendingReply<bool> reply = *call;
                             if (reply.isValid() && reply.value())
                                 return handler(Done{});
                             whenActivatable(context, handler);
                         });
    }

    static void whenActivatable(QObject* context, DoneHandler handler)
    {
        QDBusMessage activatable = QDBusMessage::createMethodCall(
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
            QStringLiteral("org.freedesktop.DBus"), QStringLiteral("ListActivatableNames"));
        auto* watcher =
            new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(activatable), context);
        QObject::connect(
            watcher, &QDBusPendingCallWatcher::finished, context, [handler](QDBusPendingCallWatcher* call) {
                call->deleteLater();
                const QDBusPendingReply<QStringList> reply = *call;
                if (reply.isValid() && reply.value().contains(kSecretService))
                    return handler(Done{});
                handler(Error::config(
                    QStringLiteral(
                        "no keychain running (no Secret Service, %1, on the D-Bus session bus); %2")
                        .arg(kSecretService, kStartOne)));
            });
    }

    // libsecret answers "nothing" for an entry in a locked keyring it could not unlock (no prompt
    // can be shown): that is access denied, not a missing entry.
    static void explainNotFound(const QString& name, const Error& notFound, QObject* context,
                                SecretHandler handler)
    {
        search(context, Which::Locked, [name, notFound, handler](const Result<QStringList>& locked) {
            if (locked && locked->contains(name))
                return handler(
                    Error::config(QStringLiteral("access to the system keychain was denied: entry %1 is "
                                                 "in a locked keyring; unlock it (e.g. log in to the "
                                                 "desktop) and try again")
                                      .arg(entryName(name))));
            handler(notFound);
        });
    }

    // Each item's `user` attribute: the name QtKeychain stored it under.
    static void namesOf(const QList<QDBusObjectPath>& items, QObject* context, NamesHandler handler)
    {
        struct Collected
        {
            QStringList names;
            qsizetype pending = 0;
            QString failure;
        };
        auto collected = std::make_shared<Collected>();
        collected->pending = items.size();
        const auto finish = [collected, handler] {
            if (!collected->failure.isEmpty())
                return handler(Error::config(collected->failure));
            collected->names.sort();
            collected->names.removeDuplicates();
            handler(collected->names);
        };
        if (items.isEmpty())
            return finish();
        for (const QDBusObjectPath& item : items) {
            QDBusMessage get = QDBusMessage::createMethodCall(
                kSecretService, item.path(), QStringLiteral("org.freedesktop.DBus.Properties"),
                QStringLiteral("Get"));
            get << QStringLiteral("org.freedesktop.Secret.Item") << QStringLiteral("Attributes");
            auto* watcher =
                new QDBusPendingCallWatcher(QDBusConnection::sessionBus().asyncCall(get), context);
            QObject::connect(watcher, &QDBusPendingCallWatcher::finished, context,
                             [collected, finish](QDBusPendingCallWatcher* call) {
                                 call->deleteLater();
                                 const QDBusPendingReply<QDBusVariant> reply = *call;
                                 if (reply.isError()) {
                                     collected->failure =
                                         QStringLiteral("the Secret Service did not show an entry: %1")
                                             .arg(reply.error().message());
                                 } else {
                                     const auto attributes = qdbus_cast<Attributes>(
                                         reply.value().variant().value<QDBusArgument>());
                                     const QString name = attributes.value(QStringLiteral("user"));
                                     if (!name.isEmpty())
                                         collected->names.append(name);
                                 }
                                 if (--collected->pending == 0)
                                     finish();
                             });
        }
    }
};

} // namespace

} // namespace tokencache

extern "C" Q_DECL_EXPORT tokencache::KeychainBackend* tokencache_keychain_backend()
{
    static tokencache::SecretServiceBackend backend;
    return &backend;
}
