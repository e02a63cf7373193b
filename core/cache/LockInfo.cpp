#include "cache/LockInfo.h"

#include "redis/HashSlot.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSysInfo>

QString LockInfo::keyFor(const QString& entryKey)
{
    if (HashSlot::hashedPart(entryKey.toUtf8()) != entryKey.toUtf8())
        return entryKey + kSuffix;
    return QLatin1Char('{') + entryKey + QLatin1Char('}') + kSuffix;
}

QString LockInfo::entryKeyOf(const QString& lockKey)
{
    const QString withoutSuffix = lockKey.chopped(kSuffix.size());
    if (withoutSuffix.startsWith(QLatin1Char('{')) && withoutSuffix.endsWith(QLatin1Char('}')))
        return withoutSuffix.mid(1, withoutSuffix.size() - 2);
    return withoutSuffix;
}

QByteArray LockInfo::newValue(qint64 ttlMs, const QDateTime& now)
{
    const QJsonObject value{
        {QStringLiteral("holder"),
         QStringLiteral("%1/%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid())},
        {QStringLiteral("id"), QString::number(QRandomGenerator::system()->generate64(), 16)},
        {QStringLiteral("since"), now.toMSecsSinceEpoch()},
        {QStringLiteral("ttl_ms"), ttlMs},
    };
    return QJsonDocument(value).toJson(QJsonDocument::Compact);
}

LockInfo LockInfo::parse(const QByteArray& value, qint64 pttlMs, const QDateTime& now)
{
    LockInfo info;
    const QJsonObject json = QJsonDocument::fromJson(value).object();
    info.holder = json.value(QStringLiteral("holder")).toString();
    if (json.contains(QStringLiteral("since")))
        info.ageMs = now.toMSecsSinceEpoch() - qint64(json.value(QStringLiteral("since")).toDouble());
    if (json.contains(QStringLiteral("ttl_ms")))
        info.declaredTtlMs = qint64(json.value(QStringLiteral("ttl_ms")).toDouble());
    info.stale = pttlMs == -1 || (info.ageMs >= 0 && info.declaredTtlMs >= 0 &&
                                  info.ageMs > info.declaredTtlMs + kStaleSlackMs);
    return info;
}
