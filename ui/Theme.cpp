#include "ui/Theme.h"

#include <QBuffer>
#include <QFile>
#include <QGuiApplication>
#include <QImageReader>
#include <QPixmap>
#include <QTextDocument>

namespace tokencache::Theme {

namespace {

struct Pair
{
    QColor onLight;
    QColor onDark;
};

Pair textColors(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return {QColor(0x1b, 0x7f, 0x3b), QColor(0x57, 0xd6, 0x7f)};
    case Tone::Warning:
        return {QColor(0xb3, 0x6b, 0x00), QColor(0xf5, 0xb3, 0x42)};
    case Tone::Bad:
        return {QColor(0xc0, 0x1c, 0x28), QColor(0xff, 0x7b, 0x7b)};
    case Tone::Info:
        return {QColor(0x2f, 0x5d, 0xa8), QColor(0x7a, 0xa7, 0xf0)};
    case Tone::Muted:
        return {QColor(0x5e, 0x5c, 0x64), QColor(0xa8, 0xa6, 0xad)};
    }
    return {};
}

} // namespace

QIcon icon(const QString& name)
{
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    if (!isDark(QGuiApplication::palette()))
        return QIcon(path);
    // The neutral strokes are dark grey: on a dark palette they take the text's colour instead.
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QIcon(path);
    const QByteArray light = QGuiApplication::palette().color(QPalette::WindowText).name().toLatin1();
    QByteArray svg = file.readAll().replace("#3d3846", light);
    QBuffer buffer(&svg);
    QImageReader reader(&buffer, "svg");
    reader.setScaledSize(QSize(48, 48)); // sharp at toolbar sizes on a high-density screen too
    const QImage image = reader.read();
    return image.isNull() ? QIcon(path) : QIcon(QPixmap::fromImage(image));
}

bool isDark(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightness() < 128;
}

QColor text(Tone tone, const QPalette& palette)
{
    const Pair pair = textColors(tone);
    return isDark(palette) ? pair.onDark : pair.onLight;
}

QColor fill(Tone tone)
{
    switch (tone) {
    case Tone::Good:
        return QColor(0x33, 0xb0, 0x5a);
    case Tone::Warning:
        return QColor(0xf5, 0xa6, 0x23);
    case Tone::Bad:
        return QColor(0xe0, 0x1b, 0x24);
    case Tone::Info:
        return QColor(0x35, 0x84, 0xe4);
    case Tone::Muted:
        return QColor(0x9a, 0x99, 0x96);
    }
    return {};
}

QColor track(const QPalette& palette)
{
    return isDark(palette) ? palette.color(QPalette::Base).lighter(180) : QColor(0xde, 0xdd, 0xda);
}

QString plainToolTip(const QString& text)
{
    return Qt::mightBeRichText(text) ? Qt::convertFromPlainText(text, Qt::WhiteSpaceNormal) : text;
}

QString textStyle(Tone tone)
{
    return QStringLiteral("color: %1;").arg(text(tone, QGuiApplication::palette()).name());
}

QString documentStyle(const QPalette& palette)
{
    return QStringLiteral(
               "h3 { margin-top: 12px; margin-bottom: 4px; } td.k { color: %1; padding-right: 10px; }"
               "pre { background: %2; white-space: pre-wrap; } p.token { background: %2; font-family: "
               "monospace; }"
               ".warn { color: %3; } .bad { color: %4; } .good { color: %5; }")
        .arg(text(Tone::Muted, palette).name(), palette.color(QPalette::AlternateBase).name(),
             text(Tone::Warning, palette).name(), text(Tone::Bad, palette).name(),
             text(Tone::Good, palette).name());
}

Tone toneFor(CacheEntry::Status status)
{
    switch (status) {
    case CacheEntry::Status::Valid:
        return Tone::Good;
    case CacheEntry::Status::Expiring:
        return Tone::Warning;
    case CacheEntry::Status::Locked:
        return Tone::Info;
    case CacheEntry::Status::Expired:
    case CacheEntry::Status::Unreadable:
    case CacheEntry::Status::StaleLock:
        return Tone::Bad;
    }
    return Tone::Bad;
}

} // namespace tokencache::Theme
