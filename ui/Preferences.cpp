#include "ui/Preferences.h"

#include <QSettings>

namespace tokencache {

Preferences Preferences::load()
{
    QSettings settings;
    Preferences preferences;
    preferences.syncIntervalMs =
        settings.value(QStringLiteral("preferences/syncIntervalMs"), preferences.syncIntervalMs).toInt();
    preferences.clipboardClearMs =
        settings.value(QStringLiteral("preferences/clipboardClearMs"), preferences.clipboardClearMs).toInt();
    return preferences;
}

void Preferences::save() const
{
    QSettings settings;
    settings.setValue(QStringLiteral("preferences/syncIntervalMs"), syncIntervalMs);
    settings.setValue(QStringLiteral("preferences/clipboardClearMs"), clipboardClearMs);
}

} // namespace tokencache
