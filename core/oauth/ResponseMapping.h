#pragma once

#include "core/common/Result.h"

#include <QJsonObject>
#include <QList>
#include <QString>

namespace tokencache {

/**
 * Where a provider's token response holds the token and its lifetime, as RFC 6901 JSON pointers.
 * The defaults are RFC 6749's fields; payment and banking APIs answer in shapes of their own, such
 * as `{"data": {"accessToken": "...", "expiresIn": 600}}`.
 */
struct ResponseMapping
{
    QString tokenField = QStringLiteral("/access_token");
    QString expiresField = QStringLiteral("/expires_in"); ///< a lifetime in seconds; empty: none
    QString expiresAtField; ///< an absolute expiry (epoch s, epoch ms, RFC 3339); empty: none
    QString tokenTypeField = QStringLiteral("/token_type"); ///< empty: Bearer

    bool operator==(const ResponseMapping&) const = default;
    bool isStandard() const { return *this == ResponseMapping{}; }

    struct Pointer
    {
        const char* option;   ///< the command line's option, e.g. "token-field"
        const char* jsonName; ///< the config's member, e.g. "tokenField"
        const char* role;     ///< what it points at, for people: "token"
        QString ResponseMapping::*field;
    };
    /** The four pointers, in the order forms and listings show them. */
    static const QList<Pointer>& pointers();

    /** Why a pointer cannot be used (not a JSON pointer, no token field); empty when all can. */
    QString problem() const;

    /** Adds the pointers that differ from the defaults to a profile's JSON. */
    void addTo(QJsonObject& json) const;
    /** The pointers a profile's JSON names, defaults for the others; an error for one that is no string. */
    static Result<ResponseMapping> fromJson(const QJsonObject& json);
};

} // namespace tokencache
