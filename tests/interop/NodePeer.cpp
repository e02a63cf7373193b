#include "tests/interop/NodePeer.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTest>

QString NodePeer::scriptPath(const QString& script)
{
    return QStringLiteral(INTEROP_DIR "/") + script;
}

NodePeer::~NodePeer()
{
    m_process.kill();
    m_process.waitForFinished(5000);
}

bool NodePeer::startServer(const QString& script, const QStringList& arguments)
{
    m_process.start(QStringLiteral("node"), QStringList{scriptPath(script)} + arguments);
    const bool ready = QTest::qWaitFor(
        [this] { return m_process.state() == QProcess::NotRunning || m_process.canReadLine(); }, 20000);
    const QByteArray line = m_process.readLine().trimmed();
    if (!ready || !line.startsWith("listening ")) {
        m_error =
            QStringLiteral("%1 did not start: %2 %3 (is `npm ci` done in tests/interop?)")
                .arg(script, QString::fromUtf8(line), QString::fromUtf8(m_process.readAllStandardError()));
        return false;
    }
    m_port = quint16(line.mid(10).toUInt());
    return true;
}

QByteArray NodePeer::run(const QString& script, const QStringList& arguments, int* exitCode)
{
    QProcess process;
    process.start(QStringLiteral("node"), QStringList{scriptPath(script)} + arguments);
    const bool finished =
        QTest::qWaitFor([&process] { return process.state() == QProcess::NotRunning; }, 30000);
    if (exitCode)
        *exitCode = finished ? process.exitCode() : -1;
    return process.readAllStandardOutput().trimmed();
}

int NodePeer::tokenRequests(const QString& caFile) const
{
    QNetworkAccessManager network;
    QNetworkRequest request(QUrl(QStringLiteral("%1://127.0.0.1:%2/__count")
                                     .arg(caFile.isEmpty() ? QStringLiteral("http") : QStringLiteral("https"))
                                     .arg(m_port)));
    if (!caFile.isEmpty()) {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.addCaCertificates(QSslCertificate::fromPath(caFile));
        request.setSslConfiguration(tls);
    }
    QNetworkReply* reply = network.get(request);
    const bool finished = QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000);
    const int count = finished ? reply->readAll().toInt() : -1;
    delete reply;
    return count;
}
