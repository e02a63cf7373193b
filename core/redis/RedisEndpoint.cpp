#include "core/redis/RedisEndpoint.h"

#include "core/common/Humanize.h"

#include <QUrl>
#include <QUrlQuery>

#include <algorithm>

namespace tokencache {

namespace {

const QString kUsage = QStringLiteral(
    "expected redis://[[user]:password@]host[:port][/db], rediss://..., unix:///path/redis.sock[?db=N] or "
    "redis-sentinel://host:port[,host:port...]/MASTERNAME[/db] (rediss-sentinel://...: over TLS)");

const QString kSentinelScheme = QStringLiteral("redis-sentinel://");
const QString kTlsSentinelScheme = QStringLiteral("rediss-sentinel://");

/** The sentinel scheme @p url starts with, or an empty string. */
QString sentinelScheme(const QString& url)
{
    for (const QString& scheme : {kSentinelScheme, kTlsSentinelScheme}) {
        if (url.startsWith(scheme))
            return scheme;
    }
    return {};
}

Result<int> parseDatabase(const QString& text, const QString& url)
{
    bool ok = false;
    const int db = text.toInt(&ok);
    if (!ok || db < 0)
        return Error::config(
            QStringLiteral("Redis URL %1: database \"%2\" is not a number >= 0").arg(url, text));
    return db;
}

// QUrl cannot hold several host:port pairs, so the sentinel list is split by hand.
Result<RedisEndpoint> parseSentinelUrl(const QString& text)
{
    RedisEndpoint endpoint;
    endpoint.kind = RedisEndpoint::Kind::Sentinel;
    const QString scheme = sentinelScheme(text);
    endpoint.sentinelTls = scheme == kTlsSentinelScheme;
    QString rest = text.mid(scheme.size());
    // The credentials end at the last '@': a password may hold '/' (and '@') unencoded, and none of
    // it may stay in what messages show.
    const qsizetype at = rest.lastIndexOf(QLatin1Char('@'));
    if (at >= 0) {
        const QString userInfo = rest.left(at);
        rest = rest.mid(at + 1);
        const qsizetype colon = userInfo.indexOf(QLatin1Char(':'));
        endpoint.user =
            QUrl::fromPercentEncoding(userInfo.left(colon < 0 ? userInfo.size() : colon).toUtf8());
        if (colon >= 0)
            endpoint.password = QUrl::fromPercentEncoding(userInfo.mid(colon + 1).toUtf8());
    }
    const QStringList parts = rest.split(QLatin1Char('/'));
    const QString shown = scheme + rest;
    if (parts.size() < 2 || parts.at(1).isEmpty())
        return Error::config(QStringLiteral("Redis URL %1 names no master; %2").arg(shown, kUsage));
    for (const QString& node : parts.at(0).split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        const qsizetype colon = node.lastIndexOf(QLatin1Char(':'));
        bool ok = true;
        const quint16 port = colon < 0 ? 26379 : node.mid(colon + 1).toUShort(&ok);
        if (!ok || port == 0)
            return Error::config(
                QStringLiteral("Redis URL %1: bad sentinel address \"%2\"").arg(shown, node));
        endpoint.sentinels.append({colon < 0 ? node : node.left(colon), port});
    }
    if (endpoint.sentinels.isEmpty())
        return Error::config(QStringLiteral("Redis URL %1 names no sentinel; %2").arg(shown, kUsage));
    endpoint.masterName = parts.at(1);
    if (parts.size() > 2 && !parts.at(2).isEmpty()) {
        auto db = parseDatabase(parts.at(2), shown);
        if (!db)
            return db.error();
        endpoint.database = *db;
    }
    endpoint.host = endpoint.sentinels.first().first;
    endpoint.port = endpoint.sentinels.first().second;
    return endpoint;
}

} // namespace

Result<RedisEndpoint> RedisEndpoint::fromUrl(const QString& text)
{
    // QUrl decodes U+FFFF (written or %-encoded) to U+FFFD, so such a URL would not mean one thing.
    const QList<uint> codePoints = text.toUcs4();
    if (std::any_of(codePoints.begin(), codePoints.end(),
                    [](uint c) { return c == 0xFFFD || QChar::isNonCharacter(c); }))
        return Error::config(
            QStringLiteral("Redis URL holds bytes that are not UTF-8 text or a Unicode noncharacter; %1")
                .arg(kUsage));
    if (!sentinelScheme(text).isEmpty())
        return parseSentinelUrl(text);
    const QUrl url(text, QUrl::StrictMode);
    // Only the credential-free form goes into messages.
    const QString shown =
        url.isValid() ? Humanize::urlWithoutCredentials(text) : QStringLiteral("\"(unparsable)\"");
    const QString scheme = url.scheme();
    const bool isUnix = scheme == QLatin1String("unix");
    if (!url.isValid() || (isUnix ? url.path().isEmpty() : url.host().isEmpty()))
        return Error::config(QStringLiteral("Redis URL %1 is not valid; %2").arg(shown, kUsage));
    if (!isUnix && scheme != QLatin1String("redis") && scheme != QLatin1String("rediss"))
        return Error::config(
            QStringLiteral("Redis URL %1: unsupported scheme \"%2\"; %3").arg(shown, scheme, kUsage));

    RedisEndpoint endpoint;
    endpoint.kind = isUnix ? Kind::Unix : scheme == QLatin1String("rediss") ? Kind::Tls : Kind::Tcp;
    endpoint.host = url.host();
    endpoint.port = quint16(url.port(6379));
    endpoint.user = url.userName(QUrl::FullyDecoded);
    endpoint.password = url.password(QUrl::FullyDecoded);

    const QString dbParam = QUrlQuery(url).queryItemValue(QStringLiteral("db"));
    QString database = dbParam;
    if (isUnix)
        endpoint.socketPath = url.path(QUrl::FullyDecoded); // a file name: "%20" is a space
    else if (database.isEmpty())
        database = url.path().mid(1);
    if (!database.isEmpty()) {
        auto db = parseDatabase(database, shown);
        if (!db)
            return db.error();
        endpoint.database = *db;
    }
    return endpoint;
}

QString RedisEndpoint::urlWithDatabase(const QString& text, int database)
{
    const QString number = QString::number(database);
    if (const QString scheme = sentinelScheme(text); !scheme.isEmpty()) {
        // Not a QUrl: its authority is a list of sentinels. The database follows the master's name.
        // The credentials (up to the last '@', as fromUrl reads them) may hold '/': kept as they are.
        const QString rest = text.mid(scheme.size());
        const QString credentials = rest.left(rest.lastIndexOf(QLatin1Char('@')) + 1);
        QStringList parts = rest.mid(credentials.size()).split(QLatin1Char('/'));
        if (parts.size() < 2 || parts.at(1).isEmpty())
            return text;
        parts = parts.mid(0, 2) << number;
        return scheme + credentials + parts.join(QLatin1Char('/'));
    }
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid())
        return text;
    QUrlQuery query(url);
    query.removeQueryItem(QStringLiteral("db"));
    if (url.scheme() == QLatin1String("unix"))
        query.addQueryItem(QStringLiteral("db"), number); // the path is the socket's
    else
        url.setPath(QLatin1Char('/') + number);
    url.setQuery(query);
    return url.toString(QUrl::FullyEncoded); // a prettier form would decode %20 in the password
}

QString RedisEndpoint::address() const
{
    if (kind == Kind::Unix)
        return socketPath;
    return QStringLiteral("%1:%2").arg(host).arg(port);
}

RedisEndpoint RedisEndpoint::at(const QString& otherHost, quint16 otherPort) const
{
    RedisEndpoint moved = *this;
    moved.host = otherHost;
    moved.port = otherPort;
    if (moved.kind == Kind::Sentinel)
        moved.kind = sentinelTls ? Kind::Tls : Kind::Tcp;
    return moved;
}

} // namespace tokencache
