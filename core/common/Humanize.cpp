#include "common/Humanize.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QVariant>

namespace Humanize {

QString duration(qint64 milliseconds)
{
    if (milliseconds < 0)
        return QStringLiteral("-");
    if (milliseconds < 1000)
        return QStringLiteral("%1 ms").arg(milliseconds);
    qint64 seconds = milliseconds / 1000;
    const qint64 days = seconds / 86400;
    const qint64 hours = seconds % 86400 / 3600;
    const qint64 minutes = seconds % 3600 / 60;
    seconds %= 60;
    if (days > 0)
        return QStringLiteral("%1d %2h %3m").arg(days).arg(hours).arg(minutes);
    if (hours > 0)
        return QStringLiteral("%1h %2m %3s").arg(hours).arg(minutes).arg(seconds);
    if (minutes > 0)
        return QStringLiteral("%1m %2s").arg(minutes).arg(seconds);
    return QStringLiteral("%1s").arg(seconds);
}

QString timeFromNow(const QDateTime& time, const QDateTime& now)
{
    const qint64 deltaMs = now.msecsTo(time);
    const QString when = deltaMs >= 0 ? QStringLiteral("in %1").arg(duration(deltaMs))
                                      : QStringLiteral("%1 ago").arg(duration(-deltaMs));
    return QStringLiteral("%1 UTC (%2)")
        .arg(time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), when);
}

QString claim(const QString& name, const QJsonValue& value)
{
    static const QStringList timeClaims{QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("nbf"),
                                        QStringLiteral("auth_time")};
    if (timeClaims.contains(name) && value.isDouble()) {
        const qint64 seconds = qint64(value.toDouble());
        return QStringLiteral("%1 (%2)").arg(seconds).arg(
            timeFromNow(QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC)));
    }
    if (value.isString())
        return value.toString();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

QString masked(const QString& secret)
{
    constexpr qsizetype kShown = 6;
    if (secret.size() <= kShown * 2)
        return QStringLiteral("*** (%1 chars)").arg(secret.size());
    return QStringLiteral("%1... (%2 chars)").arg(secret.left(kShown)).arg(secret.size());
}

} // namespace Humanize
