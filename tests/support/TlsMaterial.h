#pragma once

#include <QString>
#include <QTemporaryDir>

namespace tokencache {

/**
 * Certificates made with openssl at test time: a CA, a server certificate for localhost and
 * 127.0.0.1, a client certificate (mutual TLS), and an unrelated CA that trusts none of them.
 */
class TlsMaterial
{
public:
    bool generate();
    QString error() const { return m_error; }

    QString caFile() const { return path(QStringLiteral("ca.crt")); }
    QString serverCert() const { return path(QStringLiteral("server.crt")); }
    QString serverKey() const { return path(QStringLiteral("server.key")); }
    QString clientCert() const { return path(QStringLiteral("client.crt")); }
    QString clientKey() const { return path(QStringLiteral("client.key")); }
    QString otherCaFile() const { return path(QStringLiteral("other-ca.crt")); }

    /**
     * Also makes what provider client authentication tests need: RSA and EC private keys (rsa.key,
     * ec.key) and an unrelated RSA key (other-rsa.key) for private_key_jwt, a self-signed client
     * certificate (self.crt, self.key) and a client certificate of the unrelated CA (stranger.crt,
     * stranger.key). Call after generate().
     */
    bool generateClientKeys();
    QString file(const QString& name) const { return path(name); }

private:
    QString path(const QString& name) const { return m_directory.filePath(name); }
    bool openssl(const QStringList& arguments);

    QTemporaryDir m_directory;
    QString m_error;
};

} // namespace tokencache
