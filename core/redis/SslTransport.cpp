#include "core/redis/SslTransport.h"

#include "core/redis/TcpTransport.h"

#include <QFile>
#include <QSslConfiguration>
#include <QSslKey>
#include <QTimer>

namespace tokencache {

SslTransport::SslTransport(const RedisEndpoint& endpoint, QObject* parent)
    : SocketTransport(parent), m_endpoint(endpoint)
{
    m_socket.setSocketOption(QAbstractSocket::LowDelayOption, 1);
    connect(&m_socket, &QSslSocket::encrypted, this, &RedisTransport::connected);
    connect(&m_socket, &QSslSocket::sslErrors, this, &SslTransport::onSslErrors);
    connect(&m_socket, &QSslSocket::errorOccurred, this, &SslTransport::onError);
}

QString SslTransport::configure()
{
    const TlsOptions& tls = m_endpoint.tls;
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    if (!tls.caFile.isEmpty()) {
        const QList<QSslCertificate> authorities = QSslCertificate::fromPath(tls.caFile, QSsl::Pem);
        if (authorities.isEmpty())
            return QStringLiteral("cannot read a CA certificate from %1").arg(tls.caFile);
        configuration.setCaCertificates(authorities);
    }
    if (!tls.certFile.isEmpty() || !tls.keyFile.isEmpty()) {
        const QList<QSslCertificate> certificates = QSslCertificate::fromPath(tls.certFile, QSsl::Pem);
        if (certificates.isEmpty())
            return QStringLiteral("cannot read a client certificate from %1").arg(tls.certFile);
        QFile keyFile(tls.keyFile);
        if (!keyFile.open(QIODevice::ReadOnly))
            return QStringLiteral("cannot read the client key %1: %2")
                .arg(tls.keyFile, keyFile.errorString());
        const QByteArray pem = keyFile.readAll();
        QSslKey key(pem, QSsl::Rsa, QSsl::Pem);
        if (key.isNull())
            key = QSslKey(pem, QSsl::Ec, QSsl::Pem);
        if (key.isNull())
            return QStringLiteral("the client key %1 is not an unencrypted RSA or EC key in PEM")
                .arg(tls.keyFile);
        configuration.setLocalCertificate(certificates.first());
        configuration.setPrivateKey(key);
    }
    configuration.setPeerVerifyMode(tls.insecure ? QSslSocket::VerifyNone : QSslSocket::VerifyPeer);
    m_socket.setSslConfiguration(configuration);
    return {};
}

void SslTransport::open()
{
    if (const QString problem = configure(); !problem.isEmpty()) {
        // Reported from the event loop, as every other failure is.
        QTimer::singleShot(0, this, [this, problem] { emit failed(QStringLiteral("TLS: ") + problem); });
        return;
    }
    const QString peerName =
        m_endpoint.tls.serverName.isEmpty() ? m_endpoint.host : m_endpoint.tls.serverName;
    m_socket.connectToHostEncrypted(m_endpoint.host, m_endpoint.port, peerName);
}

QString SslTransport::whyNotOpenYet() const
{
    if (m_socket.state() != QAbstractSocket::ConnectedState || m_socket.isEncrypted())
        return {};
    return QStringLiteral("no TLS handshake from %1:%2 — is this a plain-text Redis? Try redis://")
        .arg(m_endpoint.host)
        .arg(m_endpoint.port);
}

void SslTransport::onSslErrors(const QList<QSslError>& errors)
{
    QStringList reasons;
    for (const QSslError& error : errors)
        reasons.append(error.errorString());
    const QString peerName =
        m_endpoint.tls.serverName.isEmpty() ? m_endpoint.host : m_endpoint.tls.serverName;
    m_reported = true;
    emit failed(QStringLiteral("TLS certificate verification failed for \"%1\": %2")
                    .arg(peerName, reasons.join(QStringLiteral("; "))));
}

void SslTransport::onError(QAbstractSocket::SocketError error)
{
    if (m_reported)
        return;
    m_reported = true;
    if (error == QAbstractSocket::SslHandshakeFailedError)
        emit failed(QStringLiteral("TLS handshake failed: %1").arg(m_socket.errorString()));
    else if (error == QAbstractSocket::RemoteHostClosedError && !m_socket.isEncrypted())
        emit failed(
            QStringLiteral("the server closed the connection during the TLS handshake (does it require a "
                           "client certificate?)"));
    // TLS 1.3 servers refuse a missing client certificate only after the handshake.
    else if (m_socket.errorString().contains(QLatin1String("certificate required")))
        emit failed(
            QStringLiteral("TLS: the server requires a client certificate (--tls-cert and --tls-key)"));
    else
        emit failed(TcpTransport::describe(error, m_socket));
}

} // namespace tokencache
