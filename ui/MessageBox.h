#pragma once

#include <QMessageBox>

/**
 * Confirmations through one place, so tests can answer the next one without a modal loop
 * (as KeePassXC's MessageBox::setNextAnswer does).
 */
class MessageBox
{
public:
    static bool confirm(QWidget* parent, const QString& title, const QString& text,
                        const QString& acceptText);
    /** The answer the next confirm() gives without showing anything. */
    static void setNextAnswer(bool accept);

private:
    static inline int s_nextAnswer = -1;
};
