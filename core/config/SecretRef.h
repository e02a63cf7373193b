#pragma once

#include "core/common/Result.h"

#include <QLoggingCategory>
#include <QString>

namespace tokencache {

/** Warnings about secrets (a secret file others can read); the headless mode prints them as warnings. */
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)

/**
 * A secret as the configuration names it: `env:NAME`, `file:/path`, `keychain:...` or, only when the
 * user asked for it, `literal:VALUE`. A value: parse() reads the text, format() writes it back, and
 * resolution happens when the secret is needed, never earlier.
 */
class SecretRef
{
public:
    enum class Kind
    {
        None, ///< no secret configured
        Environment,
        File,
        Keychain,
        Literal
    };

    SecretRef() = default;
    SecretRef(Kind kind, const QString& value) : m_kind(kind), m_value(kind == Kind::None ? QString() : value)
    {}

    /** Reads `env:NAME`, `file:/path`, `keychain:...` or `literal:VALUE`; empty text is Kind::None. */
    static Result<SecretRef> parse(const QString& text);
    /** The secret itself, or an Error naming the reference (never the secret). */
    static Result<QString> resolve(const QString& text);

    Kind kind() const { return m_kind; }
    /** The variable name, the path, or the secret itself for Kind::Literal. */
    const QString& value() const { return m_value; }
    /** The text parse() reads: `env:NAME`, ...; empty for Kind::None. */
    QString format() const;
    /** As format(), but a literal secret is not shown: what listings print. */
    QString shown() const;
    Result<QString> resolve() const;
    /** Why this reference can never resolve (`env:` without a name, an empty `literal:`); empty if it may. */
    QString problem() const;

    friend bool operator==(const SecretRef&, const SecretRef&) = default;

private:
    Kind m_kind = Kind::None;
    QString m_value;
};

} // namespace tokencache
