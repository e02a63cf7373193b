#include "core/config/HeaderValue.h"

#include <algorithm>

namespace tokencache {

namespace {

// RFC 9110 field-value, in ASCII: visible characters, spaces and tabs. A CR or LF would start
// another header; other bytes would reach the server in some encoding the provider never expects.
QString fieldValueProblem(const QString& text)
{
    if (std::any_of(text.cbegin(), text.cend(), [](QChar c) {
            return (c.unicode() < 0x20 && c != QLatin1Char('\t')) || c.unicode() == 0x7f;
        }))
        return QStringLiteral("contains a line break or a control character");
    if (std::any_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() > 0x7e; }))
        return QStringLiteral("contains a character that is not ASCII, which a header value cannot carry "
                              "as such");
    return {};
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
    if (!m_plain)
        return m_secret.problem();
    const QString problem = fieldValueProblem(*m_plain);
    return problem.isEmpty() ? QString() : QStringLiteral("the value ") + problem;
}

Result<QString> HeaderValue::resolve() const
{
    if (m_plain)
        return *m_plain;
    auto value = m_secret.resolve();
    if (!value)
        return value;
    // Named by its reference only: the value is a secret.
    if (value->isEmpty())
        return Error::config(QStringLiteral("the value of %1 is empty").arg(m_secret.shown()));
    if (const QString problem = fieldValueProblem(*value); !problem.isEmpty())
        return Error::config(QStringLiteral("the value of %1 %2").arg(m_secret.shown(), problem));
    return value;
}

} // namespace tokencache
