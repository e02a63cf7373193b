#pragma once

#include "core/common/Clock.h"

#include <QObject>

namespace tokencache {

/**
 * Copies secrets to the clipboard and takes them away again after a delay, if they are still there.
 * The window's one-second tick calls tick(), so the delay is read on the injected clock.
 */
class ClipboardGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ClipboardGuard)

public:
    explicit ClipboardGuard(const Clock& clock = Clock::system(), QObject* parent = nullptr);

    /** 0 keeps copied text until the user replaces it. */
    void setClearDelayMs(int delayMs) { m_delayMs = delayMs; }
    int clearDelayMs() const { return m_delayMs; }
    void copy(const QString& text);
    /** Takes the copied secret away once its delay has passed. */
    void tick();
    /** True while a copied secret is waiting to be taken away. */
    bool isClearPending() const { return m_clearAtMs >= 0; }

private:
    const Clock& m_clock;
    QString m_copied;
    int m_delayMs = 30000;
    qint64 m_clearAtMs = -1; ///< on m_clock; -1: nothing to take away
};

} // namespace tokencache
