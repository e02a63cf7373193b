// RedisEndpoint::fromUrl: no password in an error message or an address, whatever the URL.
//
// Input: a short string (the password's tail), then the rest of the URL after the '@'.
// For each scheme, URLs "scheme + user: + PASSWORD + @ + rest" are parsed, PASSWORD being a known
// marker followed by the tail, once percent-encoded as RFC 3986 says and once as a person types it
// (only '%' encoded, so '/', '@', ':', '?', '#' appear as they are). If an error message or the
// address() of the endpoint contains the marker (in any case: hosts are lower-cased), the password
// leaked; the check is skipped when the rest of the URL itself holds the marker.
// The whole input is also parsed as a URL: no crash; a parsed endpoint's address() does not show
// its password; and the URL with another database (urlWithDatabase) parses to the same endpoint
// with that database.

#include "tests/fuzz/FuzzInput.h"

#include "core/redis/RedisEndpoint.h"

#include <QUrl>

using namespace tokencache;

namespace {

const QByteArray kMarker = QByteArrayLiteral("Pw0rdMarkerQz");

const char* const kSchemes[] = {"redis://", "rediss://", "redis-sentinel://", "rediss-sentinel://",
                                "unix://"};

bool holdsMarker(const QString& text)
{
    return text.contains(QLatin1String(kMarker), Qt::CaseInsensitive);
}

void leaked(const char* where, const QString& url, const QString& shown)
{
    fuzzFail(where, "URL: " + url.toUtf8().toPercentEncoding(":/@?#=,[]") +
                        "\n  shows: " + shown.toUtf8().toPercentEncoding(":/@?#=,[]\" ;()"));
}

void checkNoLeak(const QString& url)
{
    const Result<RedisEndpoint> endpoint = RedisEndpoint::fromUrl(url);
    if (!endpoint) {
        if (holdsMarker(endpoint.error().message))
            leaked("the password is in an error message of RedisEndpoint::fromUrl", url,
                   endpoint.error().message);
    } else if (holdsMarker(endpoint->address())) {
        leaked("the password is in RedisEndpoint::address()", url, endpoint->address());
    }
}

bool sameEndpoint(const RedisEndpoint& a, const RedisEndpoint& b)
{
    return a.kind == b.kind && a.host == b.host && a.port == b.port && a.socketPath == b.socketPath &&
           a.sentinels == b.sentinels && a.masterName == b.masterName && a.sentinelTls == b.sentinelTls &&
           a.user == b.user && a.password == b.password;
}

void checkWholeInput(const QByteArray& bytes, int database)
{
    const QString url = QString::fromUtf8(bytes);
    const Result<RedisEndpoint> endpoint = RedisEndpoint::fromUrl(url);
    if (!endpoint) {
        if (endpoint.error().message.isEmpty())
            fuzzFail("an invalid Redis URL without a message");
        return;
    }
    volatile qsizetype sink = endpoint->address().size();
    (void)sink;
    // A password that appears once in the URL text, in no case variant and with no percent sign
    // around to decode into it, can only be in address() if the parser put it there. Short ones
    // and ones with ':' could be part of host:port by chance.
    const QString& password = endpoint->password;
    if (password.size() >= 6 && !password.contains(QLatin1Char(':')) && !url.contains(QLatin1Char('%')) &&
        url.count(password, Qt::CaseInsensitive) == 1 &&
        endpoint->address().contains(password, Qt::CaseInsensitive))
        leaked("the password is in RedisEndpoint::address()", url, endpoint->address());

    const QString moved = RedisEndpoint::urlWithDatabase(url, database);
    const Result<RedisEndpoint> again = RedisEndpoint::fromUrl(moved);
    if (!again)
        fuzzFail("urlWithDatabase made a parsable URL unparsable",
                 url.toUtf8().toPercentEncoding() + " -> " + moved.toUtf8().toPercentEncoding());
    if (again->database != database || !sameEndpoint(*endpoint, *again))
        fuzzFail("urlWithDatabase changed more than the database",
                 url.toUtf8().toPercentEncoding() + " -> " + moved.toUtf8().toPercentEncoding());
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    checkWholeInput(QByteArray(reinterpret_cast<const char*>(data), qsizetype(size)), int(size % 16));

    FuzzInput in(data, size);
    const QByteArray password = kMarker + in.shortBytes();
    const QByteArray rest = in.rest();
    // The rest of the URL may hold the marker itself (as is, or percent-encoded): not a leak then.
    if (holdsMarker(QString::fromUtf8(rest)) || holdsMarker(QUrl::fromPercentEncoding(rest)))
        return 0;
    QByteArray typed = password;
    typed.replace('%', "%25");
    for (const char* scheme : kSchemes) {
        for (const QByteArray& encoded : {password.toPercentEncoding(), typed})
            checkNoLeak(QString::fromUtf8(scheme + QByteArrayLiteral("user:") + encoded + '@' + rest));
    }
    return 0;
}
