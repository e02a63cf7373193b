#include "core/cache/KeyspaceWatcher.h"

#include "core/common/Escape.h"
#include "core/redis/RedisClient.h"
#include "core/redis/RedisNode.h"

#include <algorithm>

namespace tokencache {

namespace {

const QByteArray kFlagsParameter = "notify-keyspace-events";

/**
 * Every database's channels for keys matching a pattern: an ACL allows PSUBSCRIBE only to a pattern
 * it lists literally, and one rule (`&__keyspace@*__:*oauth2token*`) then serves every database.
 * Events of other databases are dropped on arrival.
 */
const QByteArray kChannelPrefix = "__keyspace@*__:";

const QString kConfirmedReason = QStringLiteral("live updates from keyspace events");
const QString kUnconfirmedReason =
    QStringLiteral("subscribed to keyspace events although the server does not say it publishes them: if no "
                   "change arrives, notify-keyspace-events is off there");

} // namespace

KeyspaceWatcher::KeyspaceWatcher(RedisClient& client, QObject* parent) : QObject(parent), m_client(client)
{
    m_retry.setSingleShot(true);
    m_retry.setInterval(kRetryMs);
    connect(&m_retry, &QTimer::timeout, this, [this] {
        if (m_running)
            start(m_patterns, m_subscribeAnyway);
    });
}

KeyspaceWatcher::~KeyspaceWatcher() = default;

bool KeyspaceWatcher::flagsSuffice(const QByteArray& flags)
{
    if (!flags.contains('K'))
        return false;
    // A is every class of event but key-miss and new-key; otherwise each one the cache needs.
    return flags.contains('A') || std::all_of(kNeededFlags.cbegin() + 1, kNeededFlags.cend(),
                                              [&flags](char flag) { return flags.contains(flag); });
}

QByteArray KeyspaceWatcher::withNeededFlags(const QByteArray& flags)
{
    QByteArray merged = flags;
    for (const char flag : kNeededFlags) {
        if (!merged.contains(flag) && !(flag != 'K' && merged.contains('A')))
            merged += flag;
    }
    return merged;
}

void KeyspaceWatcher::setLive(Live live, const QString& reason)
{
    if (live == m_live && reason == m_reason)
        return;
    m_live = live;
    m_reason = reason;
    emit liveChanged(live, reason);
}

void KeyspaceWatcher::start(const QStringList& patterns, bool subscribeAnyway)
{
    m_patterns = patterns;
    m_subscribeAnyway = subscribeAnyway;
    m_running = true;
    m_client.command({"CONFIG", "GET", kFlagsParameter}, this, [this](const Result<RedisReply>& reply) {
        if (!m_running)
            return;
        if (!reply) { // unreachable: tried again later, as the connection is
            m_retry.start();
            return setLive(
                Live::Unknown,
                QStringLiteral("the keyspace subscription waits for Redis: %1").arg(reply.error().message));
        }
        if (reply->isError()) {
            const QString why =
                QStringLiteral("the server does not say whether it publishes keyspace events (%1)")
                    .arg(Escape::bytes(reply->string.left(120)));
            if (!m_subscribeAnyway)
                return setLive(Live::Unknown, why);
            m_confirmed = false;
            return subscribe();
        }
        // [name, value] (RESP2), or a map read as the same pairs.
        const QByteArray flags = reply->elements.size() >= 2 ? reply->elements.at(1).string : QByteArray();
        if (!flagsSuffice(flags))
            return setLive(Live::Off,
                           QStringLiteral("the server does not publish keyspace events (%1 is \"%2\"; %3 "
                                          "are needed)")
                               .arg(QString::fromLatin1(kFlagsParameter), Escape::bytes(flags),
                                    QString::fromLatin1(kNeededFlags)));
        m_confirmed = true;
        subscribe();
    });
}

void KeyspaceWatcher::stop()
{
    m_running = false;
    m_retry.stop();
    dropSubscriptions();
}

void KeyspaceWatcher::dropSubscriptions()
{
    // Deleted later: this may run inside one of their own signals or replies.
    for (auto& node : m_subscriptions)
        node.release()->deleteLater();
    m_subscriptions.clear();
}

void KeyspaceWatcher::subscribe()
{
    dropSubscriptions();
    // A cluster's primaries as they are now: one may have failed over since the map was read.
    m_client.refreshPrimaries(this, [this] {
        if (m_running)
            subscribeTo(m_client.primaryServers());
    });
}

void KeyspaceWatcher::subscribeTo(const QList<RedisEndpoint>& primaries)
{
    auto confirmed = std::make_shared<qsizetype>(0);
    for (const RedisEndpoint& primary : primaries) {
        auto node = std::make_unique<RedisNode>(primary);
        RedisNode* raw = node.get();
        connect(raw, &RedisNode::failed, this, [this](const Error& error) { onNodeFailed(error); });
        QList<QByteArray> channels;
        for (const QString& pattern : m_patterns)
            channels.append(kChannelPrefix + Escape::unescape(pattern));
        raw->psubscribe(
            channels, this,
            [this, database = primary.database](const RedisReply& message) { onMessage(message, database); },
            [this, confirmed, count = primaries.size()](const Result<QList<RedisReply>>& replies) {
                if (!replies)
                    return onNodeFailed(replies.error());
                for (const RedisReply& reply : *replies) {
                    // ACL refused the channel: polling serves, as when no events are published.
                    if (reply.isError()) {
                        dropSubscriptions();
                        return setLive(Live::Off,
                                       QStringLiteral("the server refused the keyspace subscription (%1)")
                                           .arg(Escape::bytes(reply.string.left(120))));
                    }
                }
                if (++*confirmed == count)
                    setLive(Live::On, m_confirmed ? kConfirmedReason : kUnconfirmedReason);
            });
        m_subscriptions.push_back(std::move(node));
    }
}

void KeyspaceWatcher::onMessage(const RedisReply& message, int database)
{
    // ["pmessage", pattern, "__keyspace@N__:KEY", event]: the key is what follows "__:", whatever
    // bytes it holds; N must be the connection's database.
    if (message.elements.size() != 4 || message.elements.at(0).string != "pmessage")
        return;
    const QByteArray& channel = message.elements.at(2).string;
    const QByteArray prefix = "__keyspace@" + QByteArray::number(database) + "__:";
    if (!channel.startsWith(prefix))
        return;
    // Redis names its events in lower case and underscores; anything else was PUBLISHed by someone.
    const QByteArray& event = message.elements.at(3).string;
    const bool redisName =
        !event.isEmpty() && event.size() <= 32 &&
        std::all_of(event.cbegin(), event.cend(), [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    if (!redisName)
        return;
    emit changed(Escape::bytes(channel.mid(prefix.size())), QString::fromLatin1(event));
}

void KeyspaceWatcher::onNodeFailed(const Error& error)
{
    if (!m_running || m_retry.isActive())
        return;
    dropSubscriptions();
    m_retry.start();
    setLive(Live::Unknown, QStringLiteral("the keyspace subscription was lost: %1").arg(error.message));
    emit lost(error.message);
}

void KeyspaceWatcher::enable(QObject* context, std::function<void(const Result<Done>&)> handler)
{
    QPointer<QObject> guard(context);
    m_client.command(
        {"CONFIG", "GET", kFlagsParameter}, this, [this, guard, handler](const Result<RedisReply>& got) {
            if (!got || got->isError())
                return handler(got ? m_client.commandError({"CONFIG", "GET", kFlagsParameter}, *got)
                                   : got.error());
            const QByteArray flags = got->elements.size() >= 2 ? got->elements.at(1).string : QByteArray();
            const RedisCommand set{"CONFIG", "SET", kFlagsParameter, withNeededFlags(flags)};
            m_client.command(set, this, [this, guard, handler, set](const Result<RedisReply>& done) {
                if (!guard)
                    return;
                if (!done)
                    return handler(done.error());
                if (done->isError())
                    return handler(m_client.commandError(set, *done));
                handler(Done{});
                start(m_patterns, m_subscribeAnyway);
            });
        });
}

} // namespace tokencache
