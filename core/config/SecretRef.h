#pragma once

#include "common/Result.h"

#include <QString>

/**
 * A secret as stored in the configuration: `env:NAME`, `file:/path`, or, only when the user
 * asked for it, `literal:VALUE`. Resolution happens when the secret is needed, never earlier.
 */
class SecretRef
{
public:
    static bool isReference(const QString& text);
    static QString literal(const QString& secret) { return QStringLiteral("literal:") + secret; }
    /** The secret itself, or an Error naming the reference (never the secret). */
    static Result<QString> resolve(const QString& reference);
};
