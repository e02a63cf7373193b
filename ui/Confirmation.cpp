#include "ui/Confirmation.h"

#include <QMessageBox>
#include <QPushButton>

namespace tokencache {

bool DialogConfirmation::confirm(QWidget* parent, const QString& title, const QString& text,
                                 const QString& acceptText)
{
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

} // namespace tokencache
