#pragma once

#include "core/cache/CacheEntry.h"

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

namespace tokencache {

/**
 * The window's colours, in one place and derived from the palette: on a dark palette the text
 * colours are the light variants, so a dark theme stays readable.
 */
namespace Theme {

enum class Tone
{
    Good,
    Warning,
    Bad,
    Info,
    Muted
};

/** One of the icons in resources/icons, by file name without extension. */
QIcon icon(const QString& name);

bool isDark(const QPalette& palette);
/** Text of @p tone, readable on @p palette's base colour. */
QColor text(Tone tone, const QPalette& palette);
/** A filled shape of @p tone (the TTL bar): mid tones, seen on light and dark bases alike. */
QColor fill(Tone tone);
/** The empty part of a bar. */
QColor track(const QPalette& palette);
/** `color: #rrggbb;` for a label's style sheet, on the application's palette. */
QString textStyle(Tone tone);
/** A tooltip that shows @p text as typed: Qt renders tooltips that look like HTML as HTML, and
 *  key names, scopes and errors come from Redis and providers. */
QString plainToolTip(const QString& text);
/** The detail pane's rich-text style sheet. */
QString documentStyle(const QPalette& palette);
/** How a status reads: the table's status column and the detail pane share it. */
Tone toneFor(CacheEntry::Status status);

} // namespace Theme

} // namespace tokencache
