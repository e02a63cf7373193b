#pragma once

#include <QString>

class QWidget;

namespace tokencache::AboutBox {

/** What Help → About says: version, libraries, licences, where the configuration and the log are. */
QString text(const QString& configPath);
void show(QWidget* parent, const QString& configPath);

} // namespace tokencache::AboutBox
