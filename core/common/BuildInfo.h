#pragma once

#include <QString>
#include <QStringList>

namespace tokencache::BuildInfo {

/** tokencache's own version. */
QString version();
/** The libraries it runs on, with the versions in use: "Qt 6.4.2", "hiredis 0.14.1", "OpenSSL …". */
QStringList libraries();

} // namespace tokencache::BuildInfo
