#include "core/common/Humanize.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>
#include <QVariant>

#include <cmath>
#include <limits>

namespace tokencache {

namespace Humanize {

QString duration(qint64 milliseconds)
{
    if (milliseconds < 0)
        return QStringLiteral("-");
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

QString timeLeft(qint64 milliseconds)
{
    // Near the largest TTL there is no second to round up to: it reads the same either way.
    if (milliseconds <= 0 || milliseconds > std::numeric_limits<qint64>::max() - 1000)
        return duration(milliseconds);
    return duration(milliseconds / 1000 * 1000 + (milliseconds % 1000 ? 1000 : 0));
}

QString timeFromNow(const QDateTime& time, const QDateTime& now)
{
    const qint64 deltaMs = now.msecsTo(time);
    const QString when = deltaMs >= 0 ? QStringLiteral("in %1").arg(timeLeft(deltaMs))
                                      : QStringLiteral("%1 ago").arg(duration(-deltaMs));
    return QStringLiteral("%1 UTC (%2)")
        .arg(time.toUTC().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")), when);
}

QString claim(const QString& name, const QJsonValue& value, const QDateTime& now)
{
    static const QStringList timeClaims{QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("nbf"),
                                        QStringLiteral("auth_time")};
    if (const auto seconds = epochSeconds(value); timeClaims.contains(name) && seconds) {
        return QStringLiteral("%1 (%2)").arg(*seconds).arg(
            timeFromNow(QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC), now));
    }
    if (value.isString())
        return value.toString();
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return value.toVariant().toString();
}

std::optional<qint64> epochSeconds(const QJsonValue& value)
{
    constexpr double kYear1 = -62135596800.0;    // 0001-01-01T00:00:00Z
    constexpr double kYear9999 = 253402300799.0; // 9999-12-31T23:59:59Z
    if (!value.isDouble())
        return std::nullopt;
    const double seconds = value.toDouble();
    if (!(seconds >= kYear1 && seconds <= kYear9999)) // also false for NaN
        return std::nullopt;
    return qint64(std::floor(seconds));
}

QString urlWithoutCredentials(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    if (url.isValid() && !url.host().isEmpty() &&
        !text.mid(text.indexOf(url.host())).contains(QLatin1Char('@')))
        return url.toString(QUrl::RemoveUserInfo);
    const qsizetype at = text.lastIndexOf(QLatin1Char('@'));
    if (at < 0)
        return text;
    const qsizetype schemeEnd = text.indexOf(QLatin1String("://"));
    const qsizetype keep = schemeEnd >= 0 && schemeEnd < at ? schemeEnd + 3 : 0;
    return text.left(keep) + QStringLiteral("***") + text.mid(at);
}

QString masked(const QString& secret)
{
    constexpr qsizetype kShown = 6;
    // Six characters of a short token would be much of it: those are masked whole.
    if (secret.size() < kShown * 4)
        return QStringLiteral("*** (%1 chars)").arg(secret.size());
    return QStringLiteral("%1... (%2 chars)").arg(secret.left(kShown)).arg(secret.size());
}

} // namespace Humanize

} // namespace tokencache
