#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QTcpServer>

#include <functional>
#include <optional>

namespace tokencache {

/**
 * A small misbehaving Redis on loopback, in the test process: it decodes the commands a client
 * sends and answers each with whatever raw bytes the test chooses (lies about lengths, huge
 * headers, garbage, silence, late answers). Well-behaved answers for the connection handshake
 * (PING, INFO, AUTH, SELECT) unless the test's handler answers them itself.
 */
class HostileRedis final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HostileRedis)

public:
    struct Reply
    {
        QByteArray bytes; ///< raw RESP (or not); empty: no answer at all
        int delayMs = 0;  ///< answered this long after the command arrived
    };
    /** The command as sent, name first; returns the reply, or nullopt for the default answer. */
    using Handler = std::function<std::optional<Reply>(const QList<QByteArray>& command)>;

    explicit HostileRedis(QObject* parent = nullptr);

    bool listen();
    quint16 port() const { return m_server.serverPort(); }
    QString url() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    /** Every command received, in order, as "NAME arg1 ..." (arguments cut at 40 bytes). */
    const QList<QByteArray>& commands() const { return m_commands; }
    int count(const QByteArray& name) const;
    int connections() const { return m_connections; }

    static QByteArray bulk(const QByteArray& text);
    static QByteArray array(const QList<QByteArray>& encodedElements);

private:
    void onConnection();
    void answer(class QTcpSocket* socket, const QList<QByteArray>& command);

    QTcpServer m_server;
    Handler m_handler;
    QList<QByteArray> m_commands;
    int m_connections = 0;
};

} // namespace tokencache
