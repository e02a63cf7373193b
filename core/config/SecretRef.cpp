#include "core/config/SecretRef.h"

#include "core/config/Keychain.h"
#include "core/config/SecretPrefetch.h"

#include <QFile>
#include <QFileInfo>
#include <QLoggingCategory>

#include <sys/stat.h>

namespace tokencache {

Q_LOGGING_CATEGORY(lcSecrets, "tokencache.secrets")

namespace {

constexpr qint64 kMaxSecretBytes = 64 * 1024;

struct Prefix
{
    SecretRef::Kind kind;
    QLatin1String text;
};
constexpr Prefix kPrefixes[] = {
    {SecretRef::Kind::Environment, QLatin1String("env:")},
    {SecretRef::Kind::File, QLatin1String("file:")},
    {SecretRef::Kind::Keychain, QLatin1String("keychain:")},
    {SecretRef::Kind::Literal, QLatin1String("literal:")},
};

Result<QString> readSecretFile(const QString& reference, const QString& path);

} // namespace

Result<SecretRef> SecretRef::parse(const QString& text)
{
    if (text.isEmpty())
        return SecretRef{};
    for (const Prefix& prefix : kPrefixes) {
        if (text.startsWith(prefix.text))
            return SecretRef(prefix.kind, text.mid(prefix.text.size()));
    }
    return Error::config(QStringLiteral(
        "a secret is not a reference; expected env:NAME, file:/path, keychain:NAME or literal:VALUE"));
}

QString SecretRef::format() const
{
    for (const Prefix& prefix : kPrefixes) {
        if (prefix.kind == m_kind)
            return prefix.text + m_value;
    }
    return {};
}

QString SecretRef::shown() const
{
    // Literal secrets stay in the file; listings show only that one is there.
    return m_kind == Kind::Literal ? QStringLiteral("literal:(stored in config)") : format();
}

QString SecretRef::problem() const
{
    if (m_kind != Kind::None && m_value.isEmpty())
        return QStringLiteral("secret reference %1 names nothing").arg(format());
    if (m_kind == Kind::Keychain)
        if (const QString problem = Keychain::nameProblem(m_value); !problem.isEmpty())
            return QStringLiteral("secret reference %1: %2").arg(format(), problem);
    return {};
}

Result<QString> SecretRef::resolve(const QString& text)
{
    auto reference = parse(text);
    if (!reference)
        return reference.error();
    return reference->resolve();
}

Result<QString> SecretRef::resolve() const
{
    const QString reference = format();
    switch (m_kind) {
    case Kind::None:
        return Error::config(QStringLiteral("no secret is configured"));
    case Kind::Environment:
        if (!qEnvironmentVariableIsSet(m_value.toLocal8Bit().constData()))
            return Error::config(QStringLiteral("secret reference %1: environment variable %2 is not set")
                                     .arg(reference, m_value));
        return qEnvironmentVariable(m_value.toLocal8Bit().constData());
    case Kind::File:
        return readSecretFile(reference, m_value);
    case Kind::Keychain: {
        // Read beforehand, asynchronously, by SecretPrefetch: resolution itself never waits.
        const auto secret = SecretPrefetch::fetched(m_value);
        if (!secret)
            return Error::config(
                QStringLiteral("secret reference %1: not read from the system keychain").arg(reference));
        if (!*secret)
            return Error::config(
                QStringLiteral("secret reference %1: %2").arg(reference, secret->error().message));
        return **secret;
    }
    case Kind::Literal:
        return m_value;
    }
    return Error::config(QStringLiteral("secret reference %1: unknown kind").arg(reference));
}

namespace {

Result<QString> readSecretFile(const QString& reference, const QString& path)
{
    QFile file(path);
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

} // namespace

} // namespace tokencache
