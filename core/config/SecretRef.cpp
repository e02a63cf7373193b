#include "config/SecretRef.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <sys/stat.h>

Q_LOGGING_CATEGORY(lcSecrets, "tokencache.secrets")

namespace {
constexpr qint64 kMaxSecretBytes = 64 * 1024;
const QString kEnv = QStringLiteral("env:");
const QString kFile = QStringLiteral("file:");
const QString kLiteral = QStringLiteral("literal:");
const QString kKeychain = QStringLiteral("keychain:");
} // namespace

bool SecretRef::isReference(const QString& text)
{
    return text.startsWith(kEnv) || text.startsWith(kFile) || text.startsWith(kLiteral) ||
           text.startsWith(kKeychain);
}

Result<QString> SecretRef::resolve(const QString& reference)
{
    if (reference.startsWith(kEnv)) {
        const QString name = reference.mid(kEnv.size());
        if (!qEnvironmentVariableIsSet(name.toLocal8Bit().constData()))
            return Error::config(QStringLiteral("secret reference %1: environment variable %2 is not set")
                                     .arg(reference, name));
        return qEnvironmentVariable(name.toLocal8Bit().constData());
    }
    if (reference.startsWith(kFile)) {
        QFile file(reference.mid(kFile.size()));
        // Opening a FIFO blocks until someone writes to it, while this process may hold the lock.
        struct stat status
        {
        };
        if (::stat(QFile::encodeName(file.fileName()).constData(), &status) == 0 && S_ISFIFO(status.st_mode))
            return Error::config(QStringLiteral("secret reference %1: a FIFO, not a file").arg(reference));
        if (!file.open(QIODevice::ReadOnly))
            return Error::config(
                QStringLiteral("secret reference %1: cannot read: %2").arg(reference, file.errorString()));
        // As ssh does for keys: a secret others can read is no longer only yours.
        if (QFileInfo(file).isFile() && (file.permissions() & (QFile::ReadGroup | QFile::ReadOther)))
            qCWarning(lcSecrets, "secret file %s is readable by group or others; chmod 600 it",
                      qUtf8Printable(file.fileName()));
        // Bounded: file:/dev/zero or a huge file must fail at once, not fill the memory.
        QByteArray content = file.read(kMaxSecretBytes + 1);
        if (content.size() > kMaxSecretBytes)
            return Error::config(QStringLiteral("secret reference %1: more than %2 bytes; not a secret")
                                     .arg(reference)
                                     .arg(kMaxSecretBytes));
        // Files written with echo end in a newline that is not part of the secret.
        while (content.endsWith('\n') || content.endsWith('\r'))
            content.chop(1);
        if (content.isEmpty())
            return Error::config(QStringLiteral("secret reference %1: the file is empty").arg(reference));
        return QString::fromUtf8(content);
    }
    if (reference.startsWith(kLiteral))
        return reference.mid(kLiteral.size());
    if (reference.startsWith(kKeychain))
        return Error::config(
            QStringLiteral("secret reference %1: the OS keychain is not supported yet; use env: or file:")
                .arg(reference));
    return Error::config(
        QStringLiteral("a secret is not a reference; expected env:NAME, file:/path or literal:VALUE"));
}
