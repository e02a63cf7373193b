#include "core/redis/SentinelResolver.h"

#include "core/redis/RedisNode.h"

#include <QTimer>

namespace tokencache {

SentinelResolver::SentinelResolver(QObject* parent) : QObject(parent) {}

SentinelResolver::~SentinelResolver() = default;

void SentinelResolver::resolve(const RedisEndpoint& endpoint, Handler handler)
{
    m_endpoint = endpoint;
    m_handler = std::move(handler);
    ask(0, {});
}

void SentinelResolver::ask(qsizetype index, QStringList failures)
{
    if (index >= m_endpoint.sentinels.size()) {
        m_handler(Error::redis(QStringLiteral("no sentinel knows the primary \"%1\": %2")
                                   .arg(m_endpoint.masterName, failures.join(QStringLiteral("; ")))));
        return;
    }
    const auto& [host, port] = m_endpoint.sentinels.at(index);
    RedisEndpoint sentinel;
    sentinel.kind = m_endpoint.sentinelTls ? RedisEndpoint::Kind::Tls : RedisEndpoint::Kind::Tcp;
    sentinel.tls = m_endpoint.tls;
    sentinel.host = host;
    sentinel.port = port;
    sentinel.connectTimeoutMs = m_endpoint.connectTimeoutMs;
    sentinel.commandTimeoutMs = m_endpoint.commandTimeoutMs;
    // The previous sentinel's connection may still be delivering this very reply: let it go later.
    if (m_sentinel)
        m_sentinel.release()->deleteLater();
    m_sentinel = std::make_unique<RedisNode>(sentinel);
    const RedisCommand query{"SENTINEL", "get-master-addr-by-name", m_endpoint.masterName.toUtf8()};
    m_sentinel->pipeline(
        EncodedPipeline({query}), this,
        [this, index, failures, sentinel, query](const Result<QList<RedisReply>>& replies) mutable {
            const Result<RedisReply> reply =
                replies ? Result<RedisReply>(replies->first()) : Result<RedisReply>(replies.error());
            if (!reply) {
                failures.append(reply.error().message);
            } else if (reply->isError()) {
                failures.append(RedisNode::commandErrorAt(sentinel.address(), query, *reply).message);
            } else if (reply->type != RedisReply::Type::Array || reply->elements.size() != 2) {
                failures.append(QStringLiteral("sentinel %1 does not know \"%2\"")
                                    .arg(sentinel.address(), m_endpoint.masterName));
            } else {
                const QString masterHost = QString::fromUtf8(reply->elements.at(0).string);
                bool portOk = false;
                const quint16 masterPort = reply->elements.at(1).string.toUShort(&portOk);
                if (!masterHost.isEmpty() && portOk && masterPort > 0) {
                    m_handler(qMakePair(masterHost, masterPort));
                    return;
                }
                failures.append(QStringLiteral("sentinel %1 named no usable address for \"%2\"")
                                    .arg(sentinel.address(), m_endpoint.masterName));
            }
            ask(index + 1, failures);
        });
}

} // namespace tokencache
