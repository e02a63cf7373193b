#pragma once

#include "core/common/Result.h"
#include "core/redis/RedisEndpoint.h"

#include <QObject>

#include <functional>
#include <memory>

namespace tokencache {

class RedisNode;

/** Asks the sentinels of an endpoint, one after another, where its primary is now. */
class SentinelResolver final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(SentinelResolver)

public:
    using Handler = std::function<void(const Result<QPair<QString, quint16>>&)>;

    explicit SentinelResolver(QObject* parent = nullptr);
    ~SentinelResolver() override;

    void resolve(const RedisEndpoint& endpoint, Handler handler);

private:
    void ask(qsizetype index, QStringList failures);

    RedisEndpoint m_endpoint;
    Handler m_handler;
    std::unique_ptr<RedisNode> m_sentinel;
};

} // namespace tokencache
