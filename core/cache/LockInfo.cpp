#include "core/cache/LockInfo.h"

#include "core/common/Escape.h"
#include "core/redis/HashSlot.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QSysInfo>

#include <cmath>
#include <optional>

namespace tokencache {

QString LockInfo::keyFor(const QString& entryKey)
{
    const QByteArray bytes = Escape::unescape(entryKey);
    if (HashSlot::hashedPart(bytes) != bytes)
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

namespace {

// Lock values are written by any client: a number is used only when it is a sane millisecond count.
std::optional<qint64> milliseconds(const QJsonValue& value)
{
    constexpr double kLimit = 1e15; // about 31,000 years
    const double number = value.toDouble(std::nan(""));
    if (!(number >= -kLimit && number <= kLimit))
        return std::nullopt;
    return qint64(number);
}

QJsonObject holderFields(qint64 ttlMs, const QDateTime& now)
{
    return {
        {QStringLiteral("holder"),
         QStringLiteral("%1/%2").arg(QSysInfo::machineHostName()).arg(QCoreApplication::applicationPid())},
        {QStringLiteral("id"), QString::number(QRandomGenerator::system()->generate64(), 16)},
        {QStringLiteral("since"), now.toMSecsSinceEpoch()},
        {QStringLiteral("ttl_ms"), ttlMs},
    };
}

} // namespace

QByteArray LockInfo::newValue(qint64 ttlMs, const QDateTime& now)
{
    return QJsonDocument(holderFields(ttlMs, now)).toJson(QJsonDocument::Compact);
}

QByteArray LockInfo::failureValue(const QString& failure, const QString& settings, qint64 ttlMs,
                                  const QDateTime& now)
{
    QJsonObject value = holderFields(ttlMs, now);
    value.insert(QStringLiteral("failed"), failure);
    value.insert(QStringLiteral("settings"), settings);
    return QJsonDocument(value).toJson(QJsonDocument::Compact);
}

LockInfo LockInfo::parse(const QByteArray& value, qint64 pttlMs, const QDateTime& now)
{
    LockInfo info;
    const QJsonObject json = QJsonDocument::fromJson(value).object();
    info.holder = json.value(QStringLiteral("holder")).toString();
    info.failure = json.value(QStringLiteral("failed")).toString();
    info.failedSettings = json.value(QStringLiteral("settings")).toString();
    qint64 age = 0;
    if (const auto since = milliseconds(json.value(QStringLiteral("since")));
        since && !qSubOverflow(now.toMSecsSinceEpoch(), *since, &age))
        info.ageMs = age;
    if (const auto ttl = milliseconds(json.value(QStringLiteral("ttl_ms"))); ttl && *ttl >= 0)
        info.declaredTtlMs = *ttl;
    info.stale = pttlMs == -1 || (info.ageMs >= 0 && info.declaredTtlMs >= 0 &&
                                  info.ageMs > info.declaredTtlMs + kStaleSlackMs);
    return info;
}

} // namespace tokencache
