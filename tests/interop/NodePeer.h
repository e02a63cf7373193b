#pragma once

#include <QProcess>
#include <QStringList>

/** A Node.js script from tests/interop, run as a separate process. */
class NodePeer
{
public:
    ~NodePeer();

    /** Starts a server script and waits for its "listening <port>" line; false with error() on failure. */
    bool startServer(const QString& script, const QStringList& arguments);
    quint16 port() const { return m_port; }
    QString error() const { return m_error; }

    /** Runs a script to its end, serving events meanwhile; returns its stdout, trimmed. */
    static QByteArray run(const QString& script, const QStringList& arguments, int* exitCode = nullptr);

    /** The number of token requests the oidc-server script has seen; @p caFile: it serves HTTPS, signed by
     * it. */
    int tokenRequests(const QString& caFile = QString()) const;

private:
    static QString scriptPath(const QString& script);

    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};
