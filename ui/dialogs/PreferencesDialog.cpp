#include "ui/dialogs/PreferencesDialog.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QSpinBox>

namespace tokencache {

PreferencesDialog::PreferencesDialog(const Preferences& preferences, QWidget* parent)
    : QDialog(parent), m_syncSeconds(new QSpinBox(this)), m_clipboardSeconds(new QSpinBox(this))
{
    setWindowTitle(tr("Preferences"));
    m_syncSeconds->setRange(1, 3600);
    m_syncSeconds->setSuffix(tr(" s"));
    m_syncSeconds->setValue(preferences.syncIntervalMs / 1000);
    m_clipboardSeconds->setRange(0, 3600);
    m_clipboardSeconds->setSuffix(tr(" s"));
    m_clipboardSeconds->setSpecialValueText(tr("never"));
    m_clipboardSeconds->setValue(preferences.clipboardClearMs / 1000);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto* form = new QFormLayout(this);
    form->addRow(tr("Sync with Redis every"), m_syncSeconds);
    form->addRow(tr("Clear copied tokens after"), m_clipboardSeconds);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
}

Preferences PreferencesDialog::preferences() const
{
    return {m_syncSeconds->value() * 1000, m_clipboardSeconds->value() * 1000};
}

} // namespace tokencache
