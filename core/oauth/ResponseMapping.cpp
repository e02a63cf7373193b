#include "core/oauth/ResponseMapping.h"

#include "core/common/JsonPointer.h"

namespace tokencache {

const QList<ResponseMapping::Pointer>& ResponseMapping::pointers()
{
    static const QList<Pointer> all{
        {"token-field", "tokenField", "token", &ResponseMapping::tokenField},
        {"expires-field", "expiresField", "lifetime", &ResponseMapping::expiresField},
        {"expires-at-field", "expiresAtField", "expiry time", &ResponseMapping::expiresAtField},
        {"token-type-field", "tokenTypeField", "token type", &ResponseMapping::tokenTypeField},
    };
    return all;
}

QString ResponseMapping::problem() const
{
    if (tokenField.isEmpty())
        return QStringLiteral("the token field is empty; the default is /access_token");
    for (const Pointer& pointer : pointers()) {
        if (const auto parsed = JsonPointer::parse(this->*pointer.field); !parsed)
            return QStringLiteral("the %1 field: %2")
                .arg(QLatin1String(pointer.role), parsed.error().message);
    }
    return {};
}

void ResponseMapping::addTo(QJsonObject& json) const
{
    const ResponseMapping defaults;
    for (const Pointer& pointer : pointers()) {
        if (this->*pointer.field != defaults.*pointer.field)
            json.insert(QLatin1String(pointer.jsonName), this->*pointer.field);
    }
}

Result<ResponseMapping> ResponseMapping::fromJson(const QJsonObject& json)
{
    ResponseMapping mapping;
    for (const Pointer& pointer : pointers()) {
        const QJsonValue value = json.value(QLatin1String(pointer.jsonName));
        if (value.isUndefined())
            continue;
        if (!value.isString())
            return Error::config(
                QStringLiteral("%1 must be a JSON pointer in a string").arg(QLatin1String(pointer.jsonName)));
        mapping.*pointer.field = value.toString();
    }
    return mapping;
}

} // namespace tokencache
