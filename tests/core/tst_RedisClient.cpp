#include "core/redis/RedisClient.h"
#include "core/redis/RedisNode.h"
#include "tests/support/RedisServer.h"

#include <QElapsedTimer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <optional>

using namespace tokencache;

namespace {

RedisEndpoint endpointFor(quint16 port)
{
    RedisEndpoint endpoint;
    endpoint.port = port;
    return endpoint;
}

/** A TCP server that accepts and then does what the test says: stay silent or send garbage. */
class FakeServer : public QTcpServer
{
public:
    explicit FakeServer(QByteArray answer = {}) : m_answer(std::move(answer))
    {
        listen(QHostAddress::LocalHost, 0);
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket* socket = nextPendingConnection()) {
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    socket->readAll();
                    if (!m_answer.isEmpty())
                        socket->write(m_answer);
                });
            }
        });
    }

private:
    QByteArray m_answer;
};

} // namespace

class tst_RedisClient : public QObject
{
    Q_OBJECT

    std::optional<Result<QList<RedisReply>>> run(RedisClient& connection, const QList<RedisCommand>& commands)
    {
        std::optional<Result<QList<RedisReply>>> result;
        connection.pipeline(commands, this,
                            [&result](const Result<QList<RedisReply>>& replies) { result = replies; });
        if (!QTest::qWaitFor([&result] { return result.has_value(); }, 10000))
            return std::nullopt;
        return result;
    }

private slots:
    void pipelinedRepliesArriveInOrder()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisClient connection(endpointFor(server.port()));

        QList<RedisCommand> commands;
        for (int i = 0; i < 500; ++i)
            commands.append({"SET", "key:" + QByteArray::number(i), "value-" + QByteArray::number(i)});
        for (int i = 0; i < 500; ++i)
            commands.append({"GET", "key:" + QByteArray::number(i)});
        auto replies = run(connection, commands);
        QVERIFY(replies && *replies);
        QCOMPARE((*replies)->size(), 1000);
        for (int i = 0; i < 500; ++i) {
            QCOMPARE((*replies)->at(i).string, QByteArray("OK"));
            QCOMPARE((*replies)->at(500 + i).string, "value-" + QByteArray::number(i));
        }

        // Separate pipelines issued back to back are answered in the order they were sent.
        QList<int> order;
        for (int i = 0; i < 20; ++i) {
            connection.command({"GET", "key:" + QByteArray::number(i)}, this,
                               [&order, i](const Result<RedisReply>& reply) {
                                   QCOMPARE(reply->string, "value-" + QByteArray::number(i));
                                   order.append(i);
                               });
        }
        QTRY_COMPARE(order.size(), 20);
        QVERIFY(std::is_sorted(order.begin(), order.end()));
    }

    void errorReplyInAPipelineLeavesTheOthersIntact()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        server.cli(
            {QStringLiteral("HSET"), QStringLiteral("a-hash"), QStringLiteral("f"), QStringLiteral("v")});
        RedisClient connection(endpointFor(server.port()));
        auto replies = run(connection, {{"SET", "s", "1"}, {"GET", "a-hash"}, {"GET", "s"}});
        QVERIFY(replies && *replies);
        QCOMPARE((*replies)->at(0).string, QByteArray("OK"));
        QCOMPARE((*replies)->at(1).errorCode(), QByteArray("WRONGTYPE"));
        QCOMPARE((*replies)->at(2).string, QByteArray("1"));
        const Error error = connection.commandError({"GET", "a-hash"}, (*replies)->at(1));
        QCOMPARE(error.kind, Error::Kind::Redis);
        QVERIFY2(error.message.contains(QStringLiteral("WRONGTYPE")) &&
                     error.message.contains(QStringLiteral("GET a-hash")) &&
                     error.message.contains(QStringLiteral("127.0.0.1:%1").arg(server.port())),
                 qPrintable(error.message));
    }

    void authenticatesWithPassword()
    {
        RedisServer server({QStringLiteral("--requirepass"), QStringLiteral("pa ss")});
        QVERIFY2(server.start(), qPrintable(server.error()));

        RedisClient anonymous(endpointFor(server.port()));
        auto refused = run(anonymous, {{"GET", "k"}});
        QVERIFY(refused && *refused);
        QCOMPARE((*refused)->first().errorCode(), QByteArray("NOAUTH"));

        RedisEndpoint endpoint = endpointFor(server.port());
        endpoint.password = QStringLiteral("pa ss");
        RedisClient connection(endpoint);
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && *replies);
        QCOMPARE((*replies)->first().string, QByteArray("PONG"));
    }

    void wrongPasswordIsAnAuthenticationError()
    {
        RedisServer server({QStringLiteral("--requirepass"), QStringLiteral("right")});
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisEndpoint endpoint = endpointFor(server.port());
        endpoint.password = QStringLiteral("wrong-password-value");
        RedisClient connection(endpoint);
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && !*replies);
        const QString message = replies->error().message;
        QVERIFY2(message.contains(QStringLiteral("authentication failed")) &&
                     message.contains(QStringLiteral("WRONGPASS")),
                 qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("wrong-password-value")));
        QCOMPARE(connection.state(), RedisClient::State::Disconnected);
    }

    void aclUserAndNoPermNamesCommandAndKey()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        QCOMPARE(
            server.cli({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("svc"),
                        QStringLiteral("on"), QStringLiteral(">svc-pass"), QStringLiteral("~oauth2token*"),
                        QStringLiteral("+get"), QStringLiteral("+set"), QStringLiteral("+ping")}),
            QByteArray("OK"));
        RedisEndpoint endpoint = endpointFor(server.port());
        endpoint.user = QStringLiteral("svc");
        endpoint.password = QStringLiteral("svc-pass");
        RedisClient connection(endpoint);
        const RedisCommand forbidden{"SET", "other:key", "secret-value"};
        auto replies = run(connection, {{"SET", "oauth2token:a", "x"}, forbidden});
        QVERIFY(replies && *replies);
        QCOMPARE((*replies)->at(0).string, QByteArray("OK"));
        QCOMPARE((*replies)->at(1).errorCode(), QByteArray("NOPERM"));
        const QString message = connection.commandError(forbidden, (*replies)->at(1)).message;
        QVERIFY2(message.contains(QStringLiteral("SET other:key")), qPrintable(message));
        QVERIFY(!message.contains(QStringLiteral("secret-value")));
    }

    void selectsTheDatabase()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisEndpoint endpoint = endpointFor(server.port());
        endpoint.database = 3;
        RedisClient connection(endpoint);
        auto replies = run(connection, {{"SET", "in-db-3", "yes"}});
        QVERIFY(replies && *replies);
        QCOMPARE(server.cli({QStringLiteral("-n"), QStringLiteral("3"), QStringLiteral("GET"),
                             QStringLiteral("in-db-3")}),
                 QByteArray("yes"));
        QCOMPARE(server.cli({QStringLiteral("GET"), QStringLiteral("in-db-3")}), QByteArray());

        endpoint.database = 99;
        RedisClient outOfRange(endpoint);
        auto failed = run(outOfRange, {{"PING"}});
        QVERIFY(failed && !*failed);
        QVERIFY2(failed->error().message.contains(QStringLiteral("cannot select database 99")),
                 qPrintable(failed->error().message));
    }

    void refusedConnectionIsReportedClearly()
    {
        QTcpServer probe;
        probe.listen(QHostAddress::LocalHost, 0);
        const quint16 port = probe.serverPort();
        probe.close();
        RedisClient connection(endpointFor(port));
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && !*replies);
        QCOMPARE(replies->error().kind, Error::Kind::Redis);
        QCOMPARE(replies->error().message,
                 QStringLiteral("Redis at 127.0.0.1:%1: connection refused").arg(port));
    }

    void silentServerTimesOut()
    {
        FakeServer silent;
        RedisEndpoint endpoint = endpointFor(silent.serverPort());
        endpoint.commandTimeoutMs = 300;
        RedisClient connection(endpoint);
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && !*replies);
        QVERIFY2(replies->error().message.endsWith(QStringLiteral("no reply within 300 ms")),
                 qPrintable(replies->error().message));

        // The login counts towards the connect timeout: a server that never answers AUTH is not "connected".
        endpoint.password = QStringLiteral("x");
        endpoint.connectTimeoutMs = 200;
        endpoint.commandTimeoutMs = 5000;
        RedisClient loggingIn(endpoint);
        replies = run(loggingIn, {{"PING"}});
        QVERIFY(replies && !*replies);
        QVERIFY2(replies->error().message.endsWith(QStringLiteral("no connection within 200 ms")),
                 qPrintable(replies->error().message));
    }

    void garbageIsAProtocolError()
    {
        FakeServer http("HTTP/1.1 400 Bad Request\r\n\r\n");
        RedisClient connection(endpointFor(http.serverPort()));
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && !*replies);
        QVERIFY2(replies->error().message.contains(QStringLiteral("protocol error")),
                 qPrintable(replies->error().message));
    }

    void serverLossFailsWaitingCommandsAndLaterCommandsReconnect()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisClient connection(endpointFor(server.port()));
        QVERIFY(run(connection, {{"PING"}}).value());

        std::optional<Result<QList<RedisReply>>> blocked;
        connection.pipeline({{"BLPOP", "never", "0"}}, this,
                            [&blocked](const Result<QList<RedisReply>>& replies) { blocked = replies; });
        // Stopped while BLPOP is blocked in the server, not before it arrived.
        QTRY_VERIFY(server.cli({QStringLiteral("CLIENT"), QStringLiteral("LIST")}).contains("cmd=blpop"));
        server.stop();
        QTRY_VERIFY(blocked.has_value());
        QVERIFY(!*blocked);
        QCOMPARE(connection.state(), RedisClient::State::Disconnected);

        QVERIFY2(server.restart(), qPrintable(server.error()));
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && *replies);
        QCOMPARE((*replies)->first().string, QByteArray("PONG"));
    }

    void handlerIsSkippedWhenItsContextIsGone()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisClient connection(endpointFor(server.port()));
        bool called = false;
        auto* context = new QObject;
        connection.command({"PING"}, context, [&called](const Result<RedisReply>&) { called = true; });
        delete context;
        auto replies = run(connection, {{"PING"}});
        QVERIFY(replies && *replies);
        QVERIFY(!called);
    }

    void slowHandlersLetTheEventLoopRunBetweenReplies()
    {
        RedisServer server;
        QVERIFY2(server.start(), qPrintable(server.error()));
        RedisClient connection(endpointFor(server.port()));
        QVERIFY(run(connection, {{"PING"}}));

        QStringList events;
        const auto slowHandler = [&events](const QString& name) {
            return [&events, name](const Result<QList<RedisReply>>&) {
                events.append(name);
                QElapsedTimer parsing; // stands in for a handler parsing a large page
                parsing.start();
                while (parsing.elapsed() <= RedisNode::kMaxDeliveryMs) {
                }
                QTimer::singleShot(0,
                                   [&events, name] { events.append(QStringLiteral("loop after ") + name); });
            };
        };
        for (const QString& name : {QStringLiteral("a"), QStringLiteral("b"), QStringLiteral("c")})
            connection.pipeline({{"PING"}}, this, slowHandler(name));
        // Sent in this turn of the event loop, the three go out in one write and their replies
        // arrive together: one read delivers all three, and the loop must still run between them.
        QTRY_COMPARE(events.size(), 6);
        QCOMPARE(events, (QStringList{QStringLiteral("a"), QStringLiteral("loop after a"),
                                      QStringLiteral("b"), QStringLiteral("loop after b"),
                                      QStringLiteral("c"), QStringLiteral("loop after c")}));
    }
};

QTEST_GUILESS_MAIN(tst_RedisClient)
#include "tst_RedisClient.moc"
