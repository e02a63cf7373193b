#pragma once

#include "common/Result.h"

#include <QLoggingCategory>
#include <QString>

/** Warnings about secrets (a secret file others can read); the headless mode prints them as warnings. */
Q_DECLARE_LOGGING_CATEGORY(lcSecrets)

/**
 * A secret as stored in the configuration: `env:NAME`, `file:/path`, or, only when the user
 * asked for it, `literal:VALUE`. Resolution happens when the secret is needed, never earlier.
 */
class SecretRef
{
public:
    static bool isReference(const QString& text);
    static bool isLiteral(const QString& text) { return text.startsWith(QLatin1String("literal:")); }
    static QString literal(const QString& secret) { return QStringLiteral("literal:") + secret; }
    /** The secret itself, or an Error naming the reference (never the secret). */
    static Result<QString> resolve(const QString& reference);
};
