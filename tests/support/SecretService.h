#pragma once

#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QTemporaryDir>

namespace tokencache {

/**
 * A private D-Bus session bus and, on it, an unlocked gnome-keyring-daemon (the Secret Service),
 * in a temporary home: what the keychain tests use instead of the user's own keychain. The bus runs
 * with a configuration of its own, so nothing on it is started by activation. Both are stopped
 * when destroyed.
 */
class SecretService
{
public:
    SecretService();
    ~SecretService();

    /** The bus and the keyring; false with error() set if either did not come up. */
    bool start();
    /** Only the bus: a session where no keychain runs. */
    bool startBusOnly();
    void stop();
    /** Locks the login keyring, as a screen lock or `secret-tool lock` would; no prompt can unlock it. */
    bool lockKeyring();

    QString busAddress() const { return m_address; }
    QString error() const { return m_error; }
    /** @p base with this session's bus and no desktop hint that would pick another backend. */
    QProcessEnvironment
    environment(QProcessEnvironment base = QProcessEnvironment::systemEnvironment()) const;
    /** Points this process at the bus (before it first uses D-Bus). */
    void useInThisProcess() const;

private:
    bool startBus();
    bool startKeyring();
    bool secretServiceRegistered();
    QByteArray dbusSend(const QStringList& arguments);

    QTemporaryDir m_directory;
    QProcess m_bus;
    QProcess m_keyring;
    QString m_address;
    QString m_error;
};

} // namespace tokencache
