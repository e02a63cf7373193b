#include "ClipboardGuard.h"

#include <QClipboard>
#include <QGuiApplication>

ClipboardGuard::ClipboardGuard(QObject* parent) : QObject(parent), m_timer(this)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &ClipboardGuard::clearIfUnchanged);
}

void ClipboardGuard::copy(const QString& text)
{
    QGuiApplication::clipboard()->setText(text);
    m_copied = text;
    if (m_delayMs > 0)
        m_timer.start(m_delayMs);
}

void ClipboardGuard::clearIfUnchanged()
{
    // Whatever the user copied since is theirs: only our own text is taken away.
    if (QGuiApplication::clipboard()->text() == m_copied)
        QGuiApplication::clipboard()->clear();
    m_copied.clear();
}
