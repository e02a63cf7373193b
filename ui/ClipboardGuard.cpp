#include "ui/ClipboardGuard.h"

#include <QClipboard>
#include <QGuiApplication>
#include <QMimeData>

namespace tokencache {

ClipboardGuard::ClipboardGuard(const Clock& clock, QObject* parent) : QObject(parent), m_clock(clock) {}

void ClipboardGuard::copy(const QString& text)
{
    // As KeePassXC marks passwords: clipboard managers (Klipper, GPaste...) keep no history of it.
    auto* data = new QMimeData;
    data->setText(text);
    data->setData(QStringLiteral("x-kde-passwordManagerHint"), QByteArrayLiteral("secret"));
    QGuiApplication::clipboard()->setMimeData(data);
    m_copied = text;
    m_clearAtMs = m_delayMs > 0 ? m_clock.monotonicMs() + m_delayMs : -1;
}

void ClipboardGuard::tick()
{
    if (m_clearAtMs < 0 || m_clock.monotonicMs() < m_clearAtMs)
        return;
    // Whatever the user copied since is theirs: only our own text is taken away.
    if (QGuiApplication::clipboard()->text() == m_copied)
        QGuiApplication::clipboard()->clear();
    m_copied.clear();
    m_clearAtMs = -1;
}

} // namespace tokencache
