#pragma once

#include "core/common/Result.h"
#include "core/config/SecretRef.h"

#include <QString>

namespace tokencache {

/**
 * The value of an extra token-request header as a profile names it: `plain:TEXT` for a value that is
 * not secret (an Accept type), or a secret reference (`env:NAME`, `file:/path`, ...) for an API key,
 * resolved when the request is made and never shown.
 */
class HeaderValue
{
public:
    static constexpr QLatin1String kPlainPrefix{"plain:"};

    /** Reads `plain:TEXT` or a secret reference; a bare value is refused, as a bare secret is. */
    static Result<HeaderValue> parse(const QString& text);

    bool isSecret() const { return !m_plain; }
    const SecretRef& secret() const { return m_secret; }
    /** What listings print: plain text as it is, a secret as its reference (a literal one hidden). */
    QString shown() const;
    /** The value to send, checked for what would break the header (line breaks, control characters). */
    Result<QString> resolve() const;
    /** Why this value can never be sent; empty if it may. */
    QString problem() const;

private:
    std::optional<QString> m_plain;
    SecretRef m_secret;
};

} // namespace tokencache
