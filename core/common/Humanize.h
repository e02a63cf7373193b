#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

/** Short human forms shared by both front ends. */
namespace Humanize {

/** "4m 12s", "1h 0m 5s", "850 ms"; negative durations are shown as "-". */
QString duration(qint64 milliseconds);

/** "2026-11-28 18:04:05 UTC (in 3m 2s)" or "(5s ago)". */
QString timeFromNow(const QDateTime& time, const QDateTime& now = QDateTime::currentDateTimeUtc());

/** A JWT claim or header value as text; NumericDate claims (exp, iat, nbf, auth_time) with their human time.
 */
QString claim(const QString& name, const QJsonValue& value);

/** A secret shown safely: its first characters and its length, never the whole. */
QString masked(const QString& secret);

} // namespace Humanize
