#pragma once

#include <QByteArray>
#include <QString>

namespace tokencache {

/**
 * The one escaping used wherever bytes from a server reach a person or come back from one (key
 * names, values in text output, KEY arguments): bytes that are not UTF-8 and control characters
 * as `\xHH`, a backslash as `\\`, everything else as it is. Escaping then unescaping gives the
 * bytes back, so a key that is not UTF-8 is shown, typed and acted on exactly.
 */
namespace Escape {

/** @p bytes as printable text. */
QString bytes(const QByteArray& bytes);
/** Text for a terminal: its control characters escaped as `\xHH`; backslashes stay (not reversible). */
QString text(const QString& text);
/** The bytes @p escaped stands for; a backslash not followed by `\` or `xHH` stands for itself. */
QByteArray unescape(const QString& escaped);
/** The canonical escaped form of @p escaped (`\q` becomes `\\q`), so equal keys compare equal. */
QString canonical(const QString& escaped);
bool isUtf8(const QByteArray& bytes);
/** @p text as one POSIX shell word: in single quotes, a quote inside written as '\''. */
QString shellArgument(QString text);

} // namespace Escape

} // namespace tokencache
