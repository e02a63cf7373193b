#pragma once

#include "core/common/Result.h"
#include "core/oauth/TokenRequest.h"
#include "core/oauth/TokenResponse.h"

#include <QJsonObject>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QNetworkAccessManager;
class QNetworkReply;

namespace tokencache {

/**
 * Fetches tokens from a provider's token endpoint (client credentials grant), retrying
 * transient failures as RetryPolicy says. Every failure comes back as an Error prefixed
 * "Provider <name>:" that says what the provider did wrong.
 */
class TokenClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(TokenClient)

public:
    using Handler = std::function<void(const Result<TokenResponse>&)>;
    /** The body of a successful (2xx) answer that is no RFC 6749 error, not yet read as a token response. */
    using BodyHandler = std::function<void(const Result<QByteArray>&)>;

    static constexpr qint64 kMaxResponseBytes = 1 << 20;

    explicit TokenClient(QObject* parent = nullptr);
    ~TokenClient() override;

    /** Posts @p request (again on transient failures); @p handler runs unless @p context is gone by then. */
    void fetch(const TokenRequest& request, QObject* context, Handler handler);
    /** As fetch(), up to the body: for a preview of what the profile's mapping finds in it. */
    void fetchBody(const TokenRequest& request, QObject* context, BodyHandler handler);
    /** Asks the provider whether @p token is active (RFC 7662): its answer, `active` checked to be a boolean.
     *  The endpoint comes from the profile's issuer's metadata. */
    void introspect(const ProviderProfile& profile, const QByteArray& token, QObject* context,
                    std::function<void(const Result<QJsonObject>&)> handler);
    /** Revokes @p token at the provider (RFC 7009); the endpoint comes from the issuer's metadata. */
    void revoke(const ProviderProfile& profile, const QByteArray& token, QObject* context,
                std::function<void(const Result<Done>&)> handler);
    /** @p body read as the profile's response mapping says; errors say "Provider <name>: ...". */
    static Result<TokenResponse> response(const TokenRequest& request, const QByteArray& body);

private:
    struct Outcome
    {
        Outcome(Result<QByteArray> body, bool mayRetry = false, QByteArray retryAfterHeader = {})
            : result(std::move(body)), retryable(mayRetry), retryAfter(std::move(retryAfterHeader))
        {}
        Result<QByteArray> result;
        bool retryable;
        QByteArray retryAfter;
    };

    /** Why tokencache aborted a transfer itself, if it did. */
    enum class Stop
    {
        None,
        TooLarge,
        TimedOut
    };

    /** Posts @p purpose's request for @p profile once its secrets are read (keychain references load here).
     */
    void call(const ProviderProfile& profile, TokenRequest::Purpose purpose, const QByteArray& token,
              QObject* context, BodyHandler handler);
    /** Fills in the endpoints @p request lacks from its issuer's metadata, then posts it. */
    void resolveAndPost(const TokenRequest& request, QPointer<QObject> context, BodyHandler handler);
    void attempt(const TokenRequest& request, int number, QPointer<QObject> context, BodyHandler handler);
    /** @p body: what the reply delivered, read as it arrived. */
    static Outcome interpret(const TokenRequest& request, QNetworkReply& reply, const QByteArray& body,
                             Stop stop);

    QNetworkAccessManager& network();

    /**
     * Made on first use: making one costs a third of a millisecond, a twentieth of a headless
     * cache hit that never posts.
     */
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace tokencache
