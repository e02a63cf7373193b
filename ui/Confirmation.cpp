#include "ui/Confirmation.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QStyle>
#include <QVBoxLayout>

namespace tokencache {

bool DialogConfirmation::confirm(QWidget* parent, const QString& title, const QString& text,
                                 const QString& acceptText, const QStringList& items,
                                 const QString& typeToConfirm)
{
    // A dialog of our own rather than QMessageBox: its details are hidden behind a button, and
    // the list of what is about to be deleted must be in view.
    QDialog dialog(parent);
    dialog.setObjectName(QStringLiteral("confirmationDialog"));
    dialog.setWindowTitle(title);
    auto* icon = new QLabel(&dialog);
    const int iconSize = dialog.style()->pixelMetric(QStyle::PM_MessageBoxIconSize);
    icon->setPixmap(dialog.style()->standardIcon(QStyle::SP_MessageBoxWarning).pixmap(iconSize));
    auto* message = new QLabel(text, &dialog);
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    auto* heading = new QHBoxLayout;
    heading->addWidget(icon, 0, Qt::AlignTop);
    heading->addWidget(message, 1);
    auto* layout = new QVBoxLayout(&dialog);
    layout->addLayout(heading);
    if (!items.isEmpty()) {
        auto* list = new QPlainTextEdit(items.join(QLatin1Char('\n')), &dialog);
        list->setObjectName(QStringLiteral("confirmationItems"));
        list->setReadOnly(true);
        list->setLineWrapMode(QPlainTextEdit::NoWrap);
        list->setMinimumWidth(420);
        layout->addWidget(list, 1);
    }
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, &dialog);
    QPushButton* accept = buttons->addButton(acceptText, QDialogButtonBox::DestructiveRole);
    QPushButton* cancel = buttons->button(QDialogButtonBox::Cancel);
    accept->setAutoDefault(false);
    cancel->setDefault(true);
    cancel->setFocus();
    if (!typeToConfirm.isEmpty()) {
        auto* prompt = new QLabel(QObject::tr("Type %1 to confirm:").arg(typeToConfirm), &dialog);
        prompt->setTextFormat(Qt::PlainText);
        prompt->setWordWrap(true);
        auto* typed = new QLineEdit(&dialog);
        typed->setObjectName(QStringLiteral("confirmationTyped"));
        layout->addWidget(prompt);
        layout->addWidget(typed);
        accept->setEnabled(false);
        QObject::connect(typed, &QLineEdit::textChanged, accept,
                         [accept, typeToConfirm](const QString& entered) {
                             accept->setEnabled(entered == typeToConfirm);
                         });
        typed->setFocus();
    }
    QObject::connect(accept, &QPushButton::clicked, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    layout->addWidget(buttons);
    return dialog.exec() == QDialog::Accepted;
}

} // namespace tokencache
