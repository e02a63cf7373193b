#include "core/common/BuildInfo.h"

#include <QSslSocket>
#include <QtGlobal>

#include <hiredis/hiredis.h>

namespace tokencache::BuildInfo {

QString version()
{
    return QStringLiteral(TOKENCACHE_VERSION);
}

QStringList libraries()
{
    // TLS is Qt Network's: the OpenSSL it loaded at run time, not the one it was built against.
    const QString openSsl = QSslSocket::supportsSsl() ? QSslSocket::sslLibraryVersionString()
                                                      : QStringLiteral("OpenSSL not loaded (no TLS)");
    return {QStringLiteral("Qt %1").arg(QString::fromLatin1(qVersion())),
            QStringLiteral("hiredis %1.%2.%3").arg(HIREDIS_MAJOR).arg(HIREDIS_MINOR).arg(HIREDIS_PATCH),
            openSsl};
}

} // namespace tokencache::BuildInfo
