#include "core/config/HeaderValue.h"

#include <algorithm>

namespace tokencache {

namespace {

// RFC 9110 field-value: visible characters, spaces and tabs; a CR or LF would start another header.
bool isFieldValue(const QString& text)
{
    return std::all_of(text.cbegin(), text.cend(), [](QChar c) {
        return c == QLatin1Char('\t') || (c.unicode() >= 0x20 && c.unicode() != 0x7f && c.unicode() <= 0xff);
    });
}

} // namespace

Result<HeaderValue> HeaderValue::parse(const QString& text)
{
    HeaderValue value;
    if (text.startsWith(kPlainPrefix)) {
        value.m_plain = text.mid(kPlainPrefix.size());
        return value;
    }
    auto secret = SecretRef::parse(text);
    if (!secret || secret->kind() == SecretRef::Kind::None)
        return Error::config(
            QStringLiteral("a header value must be a secret reference (env:NAME, file:/path) "
                           "or plain:TEXT for a value that is not secret"));
    value.m_secret = *secret;
    return value;
}

QString HeaderValue::shown() const
{
    return m_plain ? kPlainPrefix + *m_plain : m_secret.shown();
}

QString HeaderValue::problem() const
{
    if (m_plain)
        return isFieldValue(*m_plain)
                   ? QString()
                   : QStringLiteral("the value contains a line break or a control character");
    return m_secret.problem();
}

Result<QString> HeaderValue::resolve() const
{
    if (m_plain)
        return *m_plain;
    auto value = m_secret.resolve();
    if (value && !isFieldValue(*value))
        // Named by its reference only: the value is a secret.
        return Error::config(QStringLiteral("the value of %1 contains a line break or a control character")
                                 .arg(m_secret.shown()));
    return value;
}

} // namespace tokencache
