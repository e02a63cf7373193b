#include "ui/dialogs/AboutBox.h"

#include "core/common/BuildInfo.h"

#include <QCoreApplication>
#include <QMessageBox>
#include <QSettings>

namespace tokencache::AboutBox {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("AboutBox", text);
}
} // namespace

QString text(const QString& configPath)
{
    QString libraries;
    for (const QString& library : BuildInfo::libraries())
        libraries += QStringLiteral("<li>%1</li>").arg(library.toHtmlEscaped());
    return tr("<h3>tokencache %1</h3>"
              "<p>The OAuth2 access tokens your services cache in Redis: what is cached, how long "
              "each has left, refresh, evict, copy.</p>"
              "<p>Built on:</p><ul>%2</ul>"
              "<p>Qt is used under the LGPL v3, hiredis under the BSD 3-clause licence, OpenSSL "
              "under the Apache License 2.0. tokencache's own licence has not been chosen yet.</p>"
              "<p>Configuration: <code>%3</code><br>Window settings: <code>%4</code><br>"
              "Log: standard error of the process (no log file is written).</p>")
        .arg(BuildInfo::version().toHtmlEscaped(), libraries, configPath.toHtmlEscaped(),
             QSettings().fileName().toHtmlEscaped());
}

void show(QWidget* parent, const QString& configPath)
{
    QMessageBox::about(parent, tr("About tokencache"), text(configPath));
}

} // namespace tokencache::AboutBox
