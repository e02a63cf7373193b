#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QTcpServer>

#include <functional>

namespace tokencache {

/**
 * A controllable OAuth2 token endpoint over real HTTP on loopback: answers tokens with chosen
 * lifetimes, RFC 6749 errors, 5xx, slow or malformed responses, and records every request.
 */
class TokenEndpoint final : public QObject
{
    Q_OBJECT

public:
    struct Request
    {
        QByteArray method;
        QByteArray path;
        QMap<QByteArray, QByteArray> headers; ///< names in lower case
        QByteArray body;
        /** The form fields, decoded. */
        QMap<QString, QString> form() const;
        /** The Basic credentials, decoded as RFC 6749 2.3.1 says: base64, then form-urldecode each half. */
        QPair<QString, QString> basicCredentials() const;
    };

    struct Response
    {
        int status = 200;
        QByteArray body;
        QByteArray contentType = "application/json";
        int delayMs = 0;
        bool dropConnection = false; ///< close without answering
        QByteArray extraHeaders;     ///< e.g. "Retry-After: 1\r\n" or "Location: ...\r\n"
        // Hostile behaviours: a body that never ends, or one that trickles in a byte at a time.
        bool endlessChunkedBody = false; ///< chunked, no length, 64 KiB chunks as fast as the client reads
        int trickleEveryMs = 0;          ///< announces a body, then sends one byte of it per interval
    };

    using Handler = std::function<Response(const Request&)>;

    explicit TokenEndpoint(QObject* parent = nullptr);

    bool listen();
    QString url() const;

    /** Default: a new opaque token "token-<n>" valid 3600 s for every request. */
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    void respondWith(const Response& response);
    /**
     * Acts as the payment APIs the seed's services call: only a JSON body with grant_type
     * client_credentials and @p apiKey in X-Api-Key are accepted, and the answer is nested camelCase,
     * `{"data": {"accessToken": ..., "expiresIn": ..., "tokenType": "Bearer"}, "requestId": ...}`;
     * anything else gets `{"errors": [{"code": ..., "message": ...}]}` with 400 or 401.
     */
    void actAsJsonApi(const QByteArray& apiKey, const QString& accessToken, int expiresIn = 600);
    /** Answers the first requests with @p responses in turn, then as the handler says. */
    void respondInTurn(const QList<Response>& responses, const Response& afterwards);

    int requestCount() const { return int(m_requests.size()); }
    /** Body bytes written by the hostile behaviours, until the client hung up. */
    qint64 hostileBytesSent() const { return m_hostileBytes; }
    /** The most requests that were being answered at the same time. */
    int maxConcurrentRequests() const { return m_maxOpen; }
    const QList<Request>& requests() const { return m_requests; }

    static Response token(const QString& accessToken, const QJsonValue& expiresIn = 3600,
                          const QJsonObject& extra = {});
    static Response oauthError(int status, const QString& error, const QString& description);

private:
    void onConnection();
    void serve(class QTcpSocket* socket, const Request& request);
    void sendEndlessBody(class QTcpSocket* socket);
    void trickle(class QTcpSocket* socket, int intervalMs);

    QTcpServer m_server;
    Handler m_handler;
    QList<Request> m_requests;
    qint64 m_hostileBytes = 0;
    int m_open = 0;
    int m_maxOpen = 0;
};

} // namespace tokencache
