#pragma once

#include "ui/Preferences.h"

#include <QDialog>

class QSpinBox;

namespace tokencache {

/** Sync interval and clipboard clearing. */
class PreferencesDialog final : public QDialog
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(PreferencesDialog)

public:
    explicit PreferencesDialog(const Preferences& preferences, QWidget* parent = nullptr);
    Preferences preferences() const;

private:
    QSpinBox* m_syncSeconds;
    QSpinBox* m_clipboardSeconds;
};

} // namespace tokencache
