#include "MessageBox.h"

#include <QPushButton>

bool MessageBox::confirm(QWidget* parent, const QString& title, const QString& text,
                         const QString& acceptText)
{
    if (s_nextAnswer >= 0) {
        const bool answer = s_nextAnswer == 1;
        s_nextAnswer = -1;
        return answer;
    }
    QMessageBox box(QMessageBox::Warning, title, text, QMessageBox::Cancel, parent);
    QPushButton* accept = box.addButton(acceptText, QMessageBox::DestructiveRole);
    box.setDefaultButton(QMessageBox::Cancel);
    box.exec();
    return box.clickedButton() == accept;
}

void MessageBox::setNextAnswer(bool accept)
{
    s_nextAnswer = accept ? 1 : 0;
}
