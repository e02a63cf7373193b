// Jwt::decode and the time formatting of Humanize, with numbers from the input.
//
// Input: a double and a qint64 (inf, nan, 1e300, the qint64 extremes, any bits), a byte choosing
// a claim name, a short string (a secret to mask, or a JSON value), then the token bytes.
// Properties: no crash, no sanitizer report (float-cast-overflow included) and:
//  - Humanize::duration: "-" for a negative duration, otherwise no minus sign anywhere;
//  - Humanize::epochSeconds: a value only inside the years 1..9999, which QDateTime turns into
//    a valid time of that year range;
//  - a JWT made of any JSON object decodes back to it, and its exp claim reads back as a time
//    exactly when epochSeconds accepts it;
//  - Humanize::masked never shows a secret longer than twelve characters whole.

#include "tests/fuzz/FuzzInput.h"

#include "core/common/Humanize.h"
#include "core/jwt/Jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>

using namespace tokencache;

namespace {

const QString kNames[] = {
    QStringLiteral("exp"),       QStringLiteral("iat"), QStringLiteral("nbf"),
    QStringLiteral("auth_time"), QStringLiteral("sub"), QStringLiteral("scope"),
};

void checkDuration(qint64 ms)
{
    const QString text = Humanize::duration(ms);
    if (ms < 0 ? text != QLatin1String("-") : (text.isEmpty() || text.contains(QLatin1Char('-'))))
        fuzzFail("Humanize::duration", QByteArray::number(ms) + " -> " + text.toUtf8());
}

void checkEpochSeconds(const QJsonValue& value)
{
    const std::optional<qint64> seconds = Humanize::epochSeconds(value);
    if (!seconds)
        return;
    if (!value.isDouble())
        fuzzFail("epochSeconds accepted a value that is not a number");
    const QDateTime time = QDateTime::fromSecsSinceEpoch(*seconds, Qt::UTC);
    if (!time.isValid() || time.date().year() < 1 || time.date().year() > 9999)
        fuzzFail("epochSeconds accepted a time outside the years 1..9999", QByteArray::number(*seconds));
}

QByteArray segment(const QJsonObject& object)
{
    return QJsonDocument(object)
        .toJson(QJsonDocument::Compact)
        .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

/** Every claim shown as Humanize shows it, every time claim read as a time. */
size_t touch(const Jwt& jwt)
{
    size_t sum = 0;
    for (const QJsonObject* object : {&jwt.header, &jwt.claims}) {
        for (auto it = object->constBegin(); it != object->constEnd(); ++it) {
            sum += size_t(Humanize::claim(it.key(), it.value()).size());
            checkEpochSeconds(it.value());
        }
    }
    for (const QString& name : kNames) {
        if (const auto time = jwt.time(name))
            sum += size_t(Humanize::timeFromNow(*time).size());
    }
    return sum;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    const double number = in.number();
    const qint64 integer = in.integer();
    const QString& name = kNames[in.byte() % std::size(kNames)];
    const QByteArray text = in.shortBytes();
    const QByteArray token = in.rest();
    volatile size_t sink = 0;

    // Durations and masking.
    checkDuration(integer);
    checkDuration(qint64(number >= -9.2e18 && number <= 9.2e18 ? number : 0));
    const QString secret = QString::fromUtf8(text);
    const QString masked = Humanize::masked(secret);
    if (secret.size() > 12 && !secret.contains(QLatin1String("chars)")) && masked.contains(secret))
        fuzzFail("Humanize::masked shows the whole secret");

    // Claims: the numbers as JSON numbers (qint64 and double), the text as a string and as JSON.
    const QJsonDocument parsed = QJsonDocument::fromJson(text);
    QJsonArray values{QJsonValue(number), QJsonValue(integer), QJsonValue(QString::fromUtf8(text)),
                      QJsonValue(bool(integer & 1)), QJsonValue()};
    if (parsed.isObject())
        values.append(parsed.object());
    else if (parsed.isArray())
        values.append(parsed.array());
    for (const QJsonValue& value : values) {
        sink = sink + size_t(Humanize::claim(name, value).size());
        checkEpochSeconds(value);
    }

    // A JWT built around the numbers decodes back, its exp read exactly when epochSeconds accepts it.
    QJsonObject claims = parsed.isObject() ? parsed.object() : QJsonObject();
    claims.insert(name, QJsonValue(number));
    claims.insert(QStringLiteral("n"), QJsonValue(integer));
    const QJsonObject header{{QStringLiteral("alg"), QStringLiteral("none")}};
    const std::optional<Jwt> built = Jwt::decode(segment(header) + '.' + segment(claims) + '.');
    if (!built)
        fuzzFail("a JWT of a JSON object does not decode");
    if (built->header != header)
        fuzzFail("a JWT header does not decode back");
    // Claims go through JSON text, which has no inf or nan: only the name is compared.
    if (!built->claims.contains(name))
        fuzzFail("a JWT claim was lost");
    if (built->time(name).has_value() != Humanize::epochSeconds(built->claims.value(name)).has_value())
        fuzzFail("Jwt::time disagrees with Humanize::epochSeconds");
    sink = sink + touch(*built);

    // The input's own token.
    if (const std::optional<Jwt> jwt = Jwt::decode(token))
        sink = sink + touch(*jwt);
    return 0;
}
