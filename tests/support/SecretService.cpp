#include "tests/support/SecretService.h"

#include <QDir>
#include <QFile>
#include <QTest>

#include <csignal>

#include <sys/prctl.h>

namespace tokencache {

namespace {

constexpr int kStartTimeoutMs = 30000;

// A session bus that starts nothing by activation: only what the fixture runs is on it.
const char kBusConfig[] = R"(<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir=%1</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
)";

// A test that crashes leaves no daemon behind: each one ends with the test process.
void endWithParent(QProcess& process)
{
    process.setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
}

} // namespace

SecretService::SecretService()
{
    endWithParent(m_bus);
    endWithParent(m_keyring);
}

SecretService::~SecretService()
{
    stop();
}

bool SecretService::start()
{
    return startBus() && startKeyring();
}

bool SecretService::startBusOnly()
{
    return startBus();
}

void SecretService::stop()
{
    for (QProcess* process : {&m_keyring, &m_bus}) {
        if (process->state() == QProcess::NotRunning)
            continue;
        process->terminate();
        if (!process->waitForFinished(kStartTimeoutMs)) {
            process->kill();
            process->waitForFinished();
        }
    }
}

QProcessEnvironment SecretService::environment(QProcessEnvironment base) const
{
    base.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"), m_address);
    // QtKeychain prefers KWallet on a KDE desktop: the tests use the Secret Service they started.
    for (const char* hint : {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_SESSION_VERSION",
                             "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID"})
        base.remove(QString::fromLatin1(hint));
    return base;
}

void SecretService::useInThisProcess() const
{
    qputenv("DBUS_SESSION_BUS_ADDRESS", m_address.toLocal8Bit());
    for (const char* hint : {"XDG_CURRENT_DESKTOP", "DESKTOP_SESSION", "KDE_SESSION_VERSION",
                             "KDE_FULL_SESSION", "GNOME_DESKTOP_SESSION_ID"})
        qunsetenv(hint);
}

bool SecretService::startBus()
{
    if (!m_directory.isValid())
        return m_error = QStringLiteral("no temporary directory"), false;
    const QString configPath = m_directory.filePath(QStringLiteral("bus.conf"));
    QFile config(configPath);
    if (!config.open(QIODevice::WriteOnly))
        return m_error = config.errorString(), false;
    config.write(QString::fromLatin1(kBusConfig).arg(m_directory.path()).toUtf8());
    config.close();
    m_bus.setProgram(QStringLiteral("dbus-daemon"));
    m_bus.setArguments({QStringLiteral("--config-file=") + configPath, QStringLiteral("--nofork"),
                        QStringLiteral("--print-address=1")});
    m_bus.setProcessChannelMode(QProcess::SeparateChannels);
    m_bus.start();
    // The address is its first line on stdout once it listens.
    const bool listening = QTest::qWaitFor(
        [this] { return m_bus.state() == QProcess::NotRunning || m_bus.canReadLine(); }, kStartTimeoutMs);
    if (!listening || !m_bus.canReadLine())
        return m_error = QStringLiteral("dbus-daemon did not start: ") +
                         QString::fromLocal8Bit(m_bus.readAllStandardError()) + m_bus.errorString(),
               false;
    m_address = QString::fromLocal8Bit(m_bus.readLine()).trimmed();
    return true;
}

bool SecretService::startKeyring()
{
    const QString home = m_directory.filePath(QStringLiteral("home"));
    const QString runtime = m_directory.filePath(QStringLiteral("run"));
    for (const QString& directory : {home, runtime}) {
        QDir().mkpath(directory);
        QFile::setPermissions(directory, QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
    }
    QProcessEnvironment keyringEnvironment = environment();
    keyringEnvironment.insert(QStringLiteral("HOME"), home);
    keyringEnvironment.insert(QStringLiteral("XDG_RUNTIME_DIR"), runtime);
    keyringEnvironment.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    keyringEnvironment.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    m_keyring.setProcessEnvironment(keyringEnvironment);
    m_keyring.setProgram(QStringLiteral("gnome-keyring-daemon"));
    // --unlock reads the login keyring's password from stdin: a new keyring is created with it, unlocked.
    m_keyring.setArguments(
        {QStringLiteral("--foreground"), QStringLiteral("--unlock"), QStringLiteral("--components=secrets")});
    m_keyring.start();
    if (!m_keyring.waitForStarted(kStartTimeoutMs))
        return m_error = QStringLiteral("gnome-keyring-daemon did not start: ") + m_keyring.errorString(),
               false;
    m_keyring.write("test-keyring-password");
    m_keyring.closeWriteChannel();
    const bool registered = QTest::qWaitFor(
        [this] { return m_keyring.state() == QProcess::NotRunning || secretServiceRegistered(); },
        kStartTimeoutMs);
    if (!registered || m_keyring.state() == QProcess::NotRunning)
        return m_error = QStringLiteral("gnome-keyring-daemon did not register the Secret Service: ") +
                         QString::fromLocal8Bit(m_keyring.readAllStandardError()),
               false;
    return true;
}

bool SecretService::secretServiceRegistered()
{
    return dbusSend({QStringLiteral("--dest=org.freedesktop.DBus"), QStringLiteral("/org/freedesktop/DBus"),
                     QStringLiteral("org.freedesktop.DBus.NameHasOwner"),
                     QStringLiteral("string:org.freedesktop.secrets")})
        .contains("boolean true");
}

bool SecretService::lockKeyring()
{
    const QString login = QStringLiteral("/org/freedesktop/secrets/collection/login");
    return dbusSend({QStringLiteral("--dest=org.freedesktop.secrets"),
                     QStringLiteral("/org/freedesktop/secrets"),
                     QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                     QStringLiteral("array:objpath:") + login})
        .contains(login.toUtf8());
}

// With dbus-send, so that the test process itself needs no QtDBus (a test checks it has none).
QByteArray SecretService::dbusSend(const QStringList& arguments)
{
    QProcess send;
    send.setProcessEnvironment(environment());
    send.start(QStringLiteral("dbus-send"),
               QStringList{QStringLiteral("--session"), QStringLiteral("--print-reply")} + arguments);
    if (!send.waitForFinished(kStartTimeoutMs))
        return {};
    return send.readAllStandardOutput();
}

} // namespace tokencache
