#pragma once

#include <QObject>
#include <QTimer>

/** Copies secrets to the clipboard and takes them away again after a delay, if they are still there. */
class ClipboardGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipboardGuard)

public:
    explicit ClipboardGuard(QObject* parent = nullptr);

    /** 0 keeps copied text until the user replaces it. */
    void setClearDelayMs(int delayMs) { m_delayMs = delayMs; }
    void copy(const QString& text);
    /** True while a copied secret is waiting to be taken away. */
    bool isClearPending() const { return m_timer.isActive(); }

private:
    void clearIfUnchanged();

    QTimer m_timer;
    QString m_copied;
    int m_delayMs = 30000;
};
