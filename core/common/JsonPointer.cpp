#include "core/common/JsonPointer.h"

#include "core/common/Escape.h"

#include <QJsonArray>
#include <QJsonObject>

namespace tokencache {

namespace {

constexpr qsizetype kMaxNamesListed = 12; ///< a response with hundreds of fields is summarised

// RFC 6901 section 4: an array index is "0" or digits without a leading zero.
std::optional<qsizetype> arrayIndex(const QString& token)
{
    if (token.isEmpty() || token.size() > 9 || (token.size() > 1 && token.startsWith(QLatin1Char('0'))))
        return std::nullopt;
    bool ok = false;
    const int index = token.toInt(&ok);
    return ok && index >= 0 ? std::optional<qsizetype>(index) : std::nullopt;
}

QString whatIsThere(const QString& where, const QJsonValue& value)
{
    const QString place = where.isEmpty() ? QStringLiteral("the response") : Escape::text(where);
    if (value.isObject()) {
        QStringList names = value.toObject().keys();
        if (names.isEmpty())
            return QStringLiteral("%1 is an empty object").arg(place);
        const qsizetype total = names.size();
        if (total > kMaxNamesListed)
            names = names.mid(0, kMaxNamesListed) << QStringLiteral("... (%1 in all)").arg(total);
        return QStringLiteral("%1 has %2").arg(place, Escape::text(names.join(QStringLiteral(", "))));
    }
    return QStringLiteral("%1 is %2").arg(place, JsonPointer::kind(value));
}

} // namespace

QString JsonPointer::kind(const QJsonValue& value)
{
    if (value.isArray())
        return QStringLiteral("an array of %1").arg(value.toArray().size());
    if (value.isObject())
        return QStringLiteral("an object");
    static const char* const kKinds[] = {"null", "a boolean", "a number", "a string", "nothing"};
    const int kind = value.isNull()     ? 0
                     : value.isBool()   ? 1
                     : value.isDouble() ? 2
                     : value.isString() ? 3
                                        : 4;
    return QLatin1String(kKinds[kind]);
}

Result<JsonPointer> JsonPointer::parse(const QString& text)
{
    JsonPointer pointer;
    pointer.m_text = text;
    if (text.isEmpty())
        return pointer;
    if (!text.startsWith(QLatin1Char('/')))
        return Error::config(
            QStringLiteral("\"%1\" is not a JSON pointer: it must start with '/', e.g. /data/accessToken")
                .arg(Escape::text(text)));
    for (const QString& token : text.mid(1).split(QLatin1Char('/'))) {
        for (qsizetype at = token.indexOf(QLatin1Char('~')); at >= 0;
             at = token.indexOf(QLatin1Char('~'), at + 1)) {
            const QChar next = at + 1 < token.size() ? token.at(at + 1) : QChar();
            if (next != QLatin1Char('0') && next != QLatin1Char('1'))
                return Error::config(
                    QStringLiteral("\"%1\" is not a JSON pointer: '~' must be followed by 0 or 1")
                        .arg(Escape::text(text)));
        }
        pointer.m_tokens.append(token);
    }
    return pointer;
}

QString JsonPointer::label() const
{
    return Escape::text(m_tokens.size() == 1 && !m_tokens.first().isEmpty() ? m_tokens.first() : m_text);
}

Result<QJsonValue> JsonPointer::find(const QJsonValue& document) const
{
    QJsonValue current = document;
    QString walked;
    for (const QString& escaped : m_tokens) {
        // RFC 6901 section 4: "~1" first, then "~0", so "~01" becomes "~1" and not "/".
        const QString token = QString(escaped)
                                  .replace(QStringLiteral("~1"), QStringLiteral("/"))
                                  .replace(QStringLiteral("~0"), QStringLiteral("~"));
        QJsonValue next(QJsonValue::Undefined);
        if (current.isObject())
            next = current.toObject().value(token);
        else if (const auto index = arrayIndex(token); current.isArray() && index)
            next = current.toArray().at(*index);
        if (next.isUndefined())
            return Error::provider(whatIsThere(walked, current));
        walked += QLatin1Char('/') + escaped;
        current = next;
    }
    return current;
}

QJsonValue JsonPointer::value(const QJsonValue& document) const
{
    auto found = find(document);
    return found ? *found : QJsonValue(QJsonValue::Undefined);
}

} // namespace tokencache
