#include "tests/support/TokenEndpoint.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTcpSocket>
#include <QTimer>
#include <QUrl>

#include <memory>
#include <optional>

namespace tokencache {

namespace {

QString formDecode(const QByteArray& text)
{
    QByteArray plus = text;
    plus.replace('+', ' ');
    return QUrl::fromPercentEncoding(plus);
}

// Parses one HTTP/1.1 request from the start of buffer, if it is complete.
std::optional<TokenEndpoint::Request> parseRequest(const QByteArray& buffer)
{
    const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
    if (headerEnd < 0)
        return std::nullopt;
    TokenEndpoint::Request request;
    const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
    const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
    request.method = requestLine.value(0);
    request.path = requestLine.value(1);
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const qsizetype colon = lines.at(i).indexOf(':');
        if (colon > 0)
            request.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                   lines.at(i).mid(colon + 1).trimmed());
    }
    const qsizetype length = request.headers.value("content-length", "0").toLongLong();
    if (buffer.size() < headerEnd + 4 + length)
        return std::nullopt;
    request.body = buffer.mid(headerEnd + 4, length);
    return request;
}

} // namespace

QMap<QString, QString> TokenEndpoint::Request::form() const
{
    QMap<QString, QString> fields;
    for (const QByteArray& pair : body.split('&')) {
        const qsizetype equals = pair.indexOf('=');
        if (equals > 0)
            fields.insert(formDecode(pair.left(equals)), formDecode(pair.mid(equals + 1)));
    }
    return fields;
}

QPair<QString, QString> TokenEndpoint::Request::basicCredentials() const
{
    const QByteArray header = headers.value("authorization");
    if (!header.startsWith("Basic "))
        return {};
    const QByteArray decoded = QByteArray::fromBase64(header.mid(6));
    const qsizetype colon = decoded.indexOf(':');
    return {formDecode(decoded.left(colon)), formDecode(decoded.mid(colon + 1))};
}

TokenEndpoint::TokenEndpoint(QObject* parent) : QObject(parent), m_server(this)
{
    setHandler([this](const Request&) { return token(QStringLiteral("token-%1").arg(m_requests.size())); });
    connect(&m_server, &QTcpServer::newConnection, this, &TokenEndpoint::onConnection);
}

bool TokenEndpoint::listen()
{
    return m_server.listen(QHostAddress::LocalHost, 0);
}

QString TokenEndpoint::url() const
{
    return QStringLiteral("http://127.0.0.1:%1/token").arg(m_server.serverPort());
}

void TokenEndpoint::respondWith(const Response& response)
{
    setHandler([response](const Request&) { return response; });
}

void TokenEndpoint::actAsJsonApi(const QByteArray& apiKey, const QString& accessToken, int expiresIn)
{
    setHandler([apiKey, accessToken, expiresIn](const Request& request) -> Response {
        const auto refuse = [](int status, const char* code, const char* message) {
            const QJsonObject error{{QStringLiteral("code"), QLatin1String(code)},
                                    {QStringLiteral("message"), QLatin1String(message)}};
            return Response{status, QJsonDocument(QJsonObject{{QStringLiteral("errors"), QJsonArray{error}}})
                                        .toJson(QJsonDocument::Compact)};
        };
        if (!request.headers.value("content-type").startsWith("application/json"))
            return refuse(400, "UNSUPPORTED_MEDIA", "only application/json bodies are accepted");
        if (request.headers.value("x-api-key") != apiKey)
            return refuse(401, "BAD_API_KEY", "the API key is missing or wrong");
        const QJsonObject body = QJsonDocument::fromJson(request.body).object();
        if (body.value(QStringLiteral("grant_type")).toString() != QLatin1String("client_credentials"))
            return refuse(400, "BAD_GRANT", "grant_type must be client_credentials");
        const QJsonObject data{{QStringLiteral("accessToken"), accessToken},
                               {QStringLiteral("expiresIn"), expiresIn},
                               {QStringLiteral("tokenType"), QStringLiteral("Bearer")}};
        return {200, QJsonDocument(QJsonObject{{QStringLiteral("data"), data},
                                               {QStringLiteral("requestId"), QStringLiteral("req-1")}})
                         .toJson(QJsonDocument::Compact)};
    });
}

void TokenEndpoint::respondInTurn(const QList<Response>& responses, const Response& afterwards)
{
    auto remaining = std::make_shared<QList<Response>>(responses);
    setHandler([remaining, afterwards](const Request&) {
        return remaining->isEmpty() ? afterwards : remaining->takeFirst();
    });
}

TokenEndpoint::Response TokenEndpoint::token(const QString& accessToken, const QJsonValue& expiresIn,
                                             const QJsonObject& extra)
{
    QJsonObject json = extra;
    json.insert(QStringLiteral("access_token"), accessToken);
    json.insert(QStringLiteral("token_type"), QStringLiteral("Bearer"));
    if (!expiresIn.isUndefined())
        json.insert(QStringLiteral("expires_in"), expiresIn);
    return {200, QJsonDocument(json).toJson(QJsonDocument::Compact)};
}

TokenEndpoint::Response TokenEndpoint::oauthError(int status, const QString& error,
                                                  const QString& description)
{
    const QJsonObject json{{QStringLiteral("error"), error},
                           {QStringLiteral("error_description"), description}};
    return {status, QJsonDocument(json).toJson(QJsonDocument::Compact)};
}

void TokenEndpoint::onConnection()
{
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] {
            // Bytes stay buffered in the socket until a whole request has arrived.
            const auto request = parseRequest(socket->peek(socket->bytesAvailable()));
            if (!request)
                return;
            socket->readAll();
            m_requests.append(*request);
            m_maxOpen = qMax(m_maxOpen, ++m_open);
            connect(socket, &QObject::destroyed, this, [this] { --m_open; });
            serve(socket, *request);
        });
    }
}

void TokenEndpoint::serve(QTcpSocket* socket, const Request& request)
{
    const Response response = m_handler(request);
    const auto send = [this, socket, response] {
        if (response.dropConnection) {
            socket->abort();
            return;
        }
        if (response.endlessChunkedBody) {
            socket->write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
            sendEndlessBody(socket);
            return;
        }
        if (response.trickleEveryMs > 0) {
            socket->write(
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000000\r\n\r\n");
            trickle(socket, response.trickleEveryMs);
            return;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(response.status) +
                          (response.status < 400 ? " OK" : " Error") +
                          "\r\nContent-Type: " + response.contentType +
                          "\r\nContent-Length: " + QByteArray::number(response.body.size()) +
                          "\r\nConnection: close\r\n" + response.extraHeaders + "\r\n";
        socket->write(head + response.body);
        socket->disconnectFromHost();
    };
    if (response.delayMs > 0)
        QTimer::singleShot(response.delayMs, socket, send);
    else
        send();
}

void TokenEndpoint::sendEndlessBody(QTcpSocket* socket)
{
    // Written as fast as the client takes it, never buffering much here: what was sent is what it read.
    const QByteArray chunk = QByteArray::number(64 * 1024, 16) + "\r\n" + QByteArray(64 * 1024, ' ') + "\r\n";
    const auto more = [this, socket, chunk] {
        while (socket->state() == QAbstractSocket::ConnectedState && socket->bytesToWrite() < 256 * 1024) {
            socket->write(chunk);
            m_hostileBytes += chunk.size();
        }
    };
    connect(socket, &QTcpSocket::bytesWritten, socket, more);
    more();
}

void TokenEndpoint::trickle(QTcpSocket* socket, int intervalMs)
{
    auto* timer = new QTimer(socket);
    connect(timer, &QTimer::timeout, socket, [this, socket] {
        if (socket->state() != QAbstractSocket::ConnectedState)
            return;
        socket->write(" ");
        ++m_hostileBytes;
    });
    timer->start(intervalMs);
}

} // namespace tokencache
