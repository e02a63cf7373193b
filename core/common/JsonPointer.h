#pragma once

#include "core/common/Result.h"

#include <QJsonValue>
#include <QString>
#include <QStringList>

namespace tokencache {

/**
 * An RFC 6901 JSON pointer, such as `/data/accessToken` or `/items/0/token`: where a field is in a
 * provider's response. Written by hand: Qt has no JSON pointer.
 */
class JsonPointer
{
public:
    /** Reads @p text; it must be empty (the whole document) or start with '/'. */
    static Result<JsonPointer> parse(const QString& text);

    const QString& text() const { return m_text; }
    /** How messages name it: a top-level field by its name (`access_token`), a deeper one as a pointer. */
    QString label() const;

    /**
     * The value this pointer names in @p document, or an error that says what exists where the path
     * ends: `/data has accessToken, expiresIn`.
     */
    Result<QJsonValue> find(const QJsonValue& document) const;
    /** What @p value is, for messages: "an object", "an array of 3", "a number", ... */
    static QString kind(const QJsonValue& value);
    /** The value, or undefined when the path does not exist. */
    QJsonValue value(const QJsonValue& document) const;

private:
    QString m_text;
    QStringList m_tokens; ///< the reference tokens as written (~0, ~1 escaped)
};

} // namespace tokencache
