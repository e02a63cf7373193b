#pragma once

#include <QDateTime>
#include <QJsonValue>
#include <QString>

#include <optional>

namespace tokencache {

/** Short human forms shared by both front ends. */
namespace Humanize {

/** "1d 2h 3m", "1h 0m 5s", "4m 12s", "0s": whole seconds (rounded down), in the window and on
 *  the command line alike; negative durations are shown as "-". */
QString duration(qint64 milliseconds);
/** Time left as a countdown shows it: whole seconds rounded up, so "0s" only once nothing is left
 *  (when the status turns to expired). */
QString timeLeft(qint64 milliseconds);

/** "2026-11-28 18:04:05 UTC (in 3m 2s)" or "(5s ago)". */
QString timeFromNow(const QDateTime& time, const QDateTime& now = QDateTime::currentDateTimeUtc());

/** A JWT claim or header value as text; NumericDate claims (exp, iat, nbf, auth_time) with their human time.
 */
QString claim(const QString& name, const QJsonValue& value,
              const QDateTime& now = QDateTime::currentDateTimeUtc());

/**
 * A JSON NumericDate (RFC 7519) as whole seconds since the epoch; nullopt when it is not a number
 * or lies outside the years 1..9999, so no cast of an absurd value is ever made.
 */
std::optional<qint64> epochSeconds(const QJsonValue& value);

/**
 * A URL as messages may show it: without user info, also when it does not parse (then everything
 * before its last '@' after the scheme is replaced by "***").
 */
QString urlWithoutCredentials(const QString& url);

/** A secret shown safely: its first characters and its length, never the whole. */
QString masked(const QString& secret);

} // namespace Humanize

} // namespace tokencache
