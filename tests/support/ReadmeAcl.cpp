#include "tests/support/ReadmeAcl.h"

#include <QFile>

namespace tokencache {

namespace {

QStringList ruleStartingWith(const QByteArray& start)
{
    QFile readme(QStringLiteral(TOKENCACHE_SOURCE_DIR "/README.md"));
    if (!readme.open(QIODevice::ReadOnly))
        return {};
    for (const QByteArray& line : readme.readAll().split('\n')) {
        if (line.trimmed().startsWith(start))
            return QString::fromUtf8(line.trimmed()).split(QLatin1Char(' '));
    }
    return {};
}

} // namespace

QStringList ReadmeAcl::serverRule(const QString& password)
{
    QStringList rule = ruleStartingWith("ACL SETUSER tokencache ");
    const qsizetype secret = rule.indexOf(QStringLiteral(">SECRET"));
    if (secret < 0)
        return {};
    rule.replace(secret, QLatin1Char('>') + password);
    return rule;
}

QStringList ReadmeAcl::sentinelRule()
{
    return ruleStartingWith("ACL SETUSER default ");
}

} // namespace tokencache
