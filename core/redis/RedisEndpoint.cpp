#include "redis/RedisEndpoint.h"

#include <QUrl>
#include <QUrlQuery>

namespace {

Result<int> parseDatabase(const QString& text, const QString& url)
{
    bool ok = false;
    const int db = text.toInt(&ok);
    if (!ok || db < 0)
        return Error::config(
            QStringLiteral("Redis URL %1: database \"%2\" is not a number >= 0").arg(url, text));
    return db;
}

} // namespace

Result<RedisEndpoint> RedisEndpoint::fromUrl(const QString& text)
{
    const QUrl url(text, QUrl::StrictMode);
    // Only the credential-free form goes into messages.
    const QString shown =
        url.isValid() ? url.toString(QUrl::RemoveUserInfo) : QStringLiteral("\"(unparsable)\"");
    if (!url.isValid() || url.host().isEmpty())
        return Error::config(
            QStringLiteral("Redis URL %1 is not valid; expected redis://[[user]:password@]host[:port][/db]")
                .arg(shown));
    if (url.scheme() != QLatin1String("redis"))
        return Error::config(QStringLiteral("Redis URL %1: unsupported scheme \"%2\"; expected redis://")
                                 .arg(shown, url.scheme()));

    RedisEndpoint endpoint;
    endpoint.host = url.host();
    endpoint.port = quint16(url.port(6379));
    endpoint.user = url.userName(QUrl::FullyDecoded);
    endpoint.password = url.password(QUrl::FullyDecoded);

    const QString path = url.path().mid(1);
    const QString dbParam = QUrlQuery(url).queryItemValue(QStringLiteral("db"));
    if (!path.isEmpty() || !dbParam.isEmpty()) {
        auto db = parseDatabase(path.isEmpty() ? dbParam : path, shown);
        if (!db)
            return db.error();
        endpoint.database = *db;
    }
    return endpoint;
}

QString RedisEndpoint::address() const
{
    return QStringLiteral("%1:%2").arg(host).arg(port);
}
