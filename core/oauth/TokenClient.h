#pragma once

#include "common/Result.h"
#include "oauth/TokenRequest.h"
#include "oauth/TokenResponse.h"

#include <QObject>

#include <functional>

class QNetworkAccessManager;
class QNetworkReply;

/**
 * Fetches tokens from a provider's token endpoint (client credentials grant). Every failure
 * comes back as an Error prefixed "Provider <name>:" that says what the provider did wrong.
 */
class TokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenClient)

public:
    using Handler = std::function<void(const Result<TokenResponse>&)>;

    explicit TokenClient(QNetworkAccessManager& network, QObject* parent = nullptr);

    /** Posts @p request; @p handler runs unless @p context is gone by then. */
    void fetch(const TokenRequest& request, QObject* context, Handler handler);

private:
    static Result<TokenResponse> interpret(const TokenRequest& request, QNetworkReply& reply);

    QNetworkAccessManager& m_network;
};
