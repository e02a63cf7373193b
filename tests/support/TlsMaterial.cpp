#include "tests/support/TlsMaterial.h"

#include <QFile>
#include <QProcess>

namespace tokencache {

bool TlsMaterial::openssl(const QStringList& arguments)
{
    QProcess process;
    process.setWorkingDirectory(m_directory.path());
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForFinished(30000) || process.exitCode() != 0) {
        m_error =
            QStringLiteral("openssl %1: %2")
                .arg(arguments.join(QLatin1Char(' ')), QString::fromUtf8(process.readAllStandardError()));
        return false;
    }
    return true;
}

bool TlsMaterial::generate()
{
    const auto ca = [this](const QString& name, const QString& subject) {
        return openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                        QStringLiteral("rsa:2048"), QStringLiteral("-nodes"), QStringLiteral("-days"),
                        QStringLiteral("2"), QStringLiteral("-subj"), subject, QStringLiteral("-keyout"),
                        name + QStringLiteral(".key"), QStringLiteral("-out"),
                        name + QStringLiteral(".crt")});
    };
    const auto signedBy = [this](const QString& name, const QString& subject, const QString& extensions) {
        QFile ext(path(name + QStringLiteral(".ext")));
        if (!ext.open(QIODevice::WriteOnly))
            return false;
        ext.write(extensions.toUtf8());
        ext.close();
        return openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                        QStringLiteral("-nodes"), QStringLiteral("-subj"), subject, QStringLiteral("-keyout"),
                        name + QStringLiteral(".key"), QStringLiteral("-out"),
                        name + QStringLiteral(".csr")}) &&
               openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                        name + QStringLiteral(".csr"), QStringLiteral("-CA"), QStringLiteral("ca.crt"),
                        QStringLiteral("-CAkey"), QStringLiteral("ca.key"), QStringLiteral("-CAcreateserial"),
                        QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-extfile"),
                        name + QStringLiteral(".ext"), QStringLiteral("-out"),
                        name + QStringLiteral(".crt")});
    };
    return ca(QStringLiteral("ca"), QStringLiteral("/CN=tokencache test CA")) &&
           ca(QStringLiteral("other-ca"), QStringLiteral("/CN=some other CA")) &&
           signedBy(
               QStringLiteral("server"), QStringLiteral("/CN=localhost"),
               QStringLiteral(
                   "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\n")) &&
           signedBy(QStringLiteral("client"), QStringLiteral("/CN=tokencache client"),
                    QStringLiteral("extendedKeyUsage=clientAuth\n"));
}

bool TlsMaterial::generateClientKeys()
{
    const auto key = [this](const QString& name, const QStringList& options) {
        return openssl(QStringList{QStringLiteral("genpkey")} + options +
                       QStringList{QStringLiteral("-out"), name + QStringLiteral(".key")});
    };
    const QStringList rsa{QStringLiteral("-algorithm"), QStringLiteral("RSA"), QStringLiteral("-pkeyopt"),
                          QStringLiteral("rsa_keygen_bits:2048")};
    return key(QStringLiteral("rsa"), rsa) && key(QStringLiteral("other-rsa"), rsa) &&
           key(QStringLiteral("ec"),
               {QStringLiteral("-algorithm"), QStringLiteral("EC"), QStringLiteral("-pkeyopt"),
                QStringLiteral("ec_paramgen_curve:P-256")}) &&
           openssl({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"),
                    QStringLiteral("ec"), QStringLiteral("-pkeyopt"),
                    QStringLiteral("ec_paramgen_curve:P-256"), QStringLiteral("-nodes"),
                    QStringLiteral("-days"), QStringLiteral("2"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=self-signed client"), QStringLiteral("-keyout"),
                    QStringLiteral("self.key"), QStringLiteral("-out"), QStringLiteral("self.crt")}) &&
           openssl({QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                    QStringLiteral("-nodes"), QStringLiteral("-subj"),
                    QStringLiteral("/CN=tokencache client"), QStringLiteral("-keyout"),
                    QStringLiteral("stranger.key"), QStringLiteral("-out"),
                    QStringLiteral("stranger.csr")}) &&
           openssl({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                    QStringLiteral("stranger.csr"), QStringLiteral("-CA"), QStringLiteral("other-ca.crt"),
                    QStringLiteral("-CAkey"), QStringLiteral("other-ca.key"),
                    QStringLiteral("-CAcreateserial"), QStringLiteral("-days"), QStringLiteral("2"),
                    QStringLiteral("-out"), QStringLiteral("stranger.crt")});
}

} // namespace tokencache
