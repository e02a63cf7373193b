#include "app/EntryPrinter.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>

namespace tokencache {

namespace {

QString tokenText(const QString& token, EntryPrinter::Token visibility)
{
    return visibility == EntryPrinter::Token::Revealed ? token : Humanize::masked(token);
}

QJsonObject responseJson(const CacheEntry& entry, EntryPrinter::Token visibility)
{
    return visibility == EntryPrinter::Token::Revealed ? entry.token->json : entry.token->maskedJson();
}

} // namespace

QJsonObject EntryPrinter::toJson(const CacheEntry& entry, Token token)
{
    QJsonObject json{
        {QStringLiteral("key"), entry.key},
        {QStringLiteral("profile"), entry.profile.isEmpty() ? QJsonValue() : QJsonValue(entry.profile)},
        {QStringLiteral("ttl_ms"), entry.ttlMs},
        {QStringLiteral("size_bytes"), entry.sizeBytes},
        {QStringLiteral("status"), CacheEntry::statusName(entry.status)},
        {QStringLiteral("stored"), entry.stored},
        {QStringLiteral("warnings"), QJsonArray::fromStringList(entry.warnings)},
    };
    if (!entry.reason.isEmpty())
        json.insert(QStringLiteral("reason"), entry.reason);
    // When the key expires, as the token helpers print it (az's expires_on): epoch seconds and UTC.
    if (entry.stored && entry.ttlMs >= 0) {
        const QDateTime expiresAt = QDateTime::currentDateTimeUtc().addMSecs(entry.ttlMs);
        json.insert(QStringLiteral("expires_at"), expiresAt.toSecsSinceEpoch());
        json.insert(QStringLiteral("expires_at_iso"), expiresAt.toString(Qt::ISODate));
    } else {
        json.insert(QStringLiteral("expires_at"), QJsonValue());
        json.insert(QStringLiteral("expires_at_iso"), QJsonValue());
    }
    addKeyBytes(json, entry.key);
    if (entry.lock)
        json.insert(QStringLiteral("lock"), QJsonObject{{QStringLiteral("holder"), entry.lock->holder},
                                                        {QStringLiteral("age_ms"), entry.lock->ageMs},
                                                        {QStringLiteral("ttl_ms"), entry.lock->declaredTtlMs},
                                                        {QStringLiteral("stale"), entry.lock->stale}});
    if (entry.ageSeconds)
        json.insert(QStringLiteral("age_seconds"), *entry.ageSeconds);
    if (entry.token) {
        json.insert(QStringLiteral("token_type"), entry.token->tokenType);
        json.insert(QStringLiteral("scope"), entry.token->scope);
        json.insert(QStringLiteral("expires_in"),
                    entry.token->expiresIn ? QJsonValue(*entry.token->expiresIn) : QJsonValue());
        if (entry.token->expiresAt)
            json.insert(QStringLiteral("token_expires_at"), entry.token->expiresAt->toSecsSinceEpoch());
        json.insert(QStringLiteral("jwt"), entry.jwt.has_value());
        json.insert(QStringLiteral("fingerprint"), entry.token->fingerprint());
        if (const QString binding = entry.binding(); !binding.isEmpty())
            json.insert(QStringLiteral("binding"), binding);
        if (token != Token::Omitted)
            json.insert(QStringLiteral("access_token"), tokenText(entry.token->accessToken, token));
    }
    return json;
}

QJsonObject EntryPrinter::toDetailedJson(const CacheEntry& entry, Token token)
{
    QJsonObject json = toJson(entry, token);
    if (entry.token)
        json.insert(QStringLiteral("response"), responseJson(entry, token));
    if (entry.jwt) {
        json.insert(QStringLiteral("jwt_header"), entry.jwt->header);
        json.insert(QStringLiteral("jwt_claims"), entry.jwt->claims);
    }
    return json;
}

QString EntryPrinter::statusText(const CacheEntry& entry)
{
    QString status = CacheEntry::statusName(entry.status);
    if (!entry.reason.isEmpty())
        status += QStringLiteral(": ") + Escape::text(entry.reason);
    if (entry.lock) {
        const QString holder = entry.lock->holder.isEmpty() ? QStringLiteral("unknown holder")
                                                            : Escape::text(entry.lock->holder);
        status +=
            entry.lock->ageMs >= 0
                ? QStringLiteral(" (%1, taken %2 ago)").arg(holder, Humanize::duration(entry.lock->ageMs))
                : QStringLiteral(" (%1)").arg(holder);
    }
    return status;
}

QString EntryPrinter::ttlText(const CacheEntry& entry)
{
    if (!entry.stored)
        return QStringLiteral("not cached");
    if (entry.ttlMs == CacheEntry::kNoTtl)
        return QStringLiteral("no TTL");
    return Humanize::timeLeft(entry.ttlMs);
}

void EntryPrinter::addKeyBytes(QJsonObject& json, const QString& key)
{
    // The key is escaped text (see Escape); a name that is not UTF-8 also comes as its exact bytes.
    if (const QByteArray name = Escape::unescape(key); !Escape::isUtf8(name))
        json.insert(QStringLiteral("key_base64"), QString::fromLatin1(name.toBase64()));
}

QStringList EntryPrinter::tableHeader()
{
    return {QStringLiteral("KEY"), QStringLiteral("PROFILE"), QStringLiteral("TYPE"), QStringLiteral("TTL"),
            QStringLiteral("STATUS")};
}

QStringList EntryPrinter::tableRow(const CacheEntry& entry)
{
    return {entry.key, entry.profile.isEmpty() ? QStringLiteral("-") : Escape::text(entry.profile),
            entry.token && !entry.token->tokenType.isEmpty() ? Escape::text(entry.token->tokenType)
                                                             : QStringLiteral("-"),
            ttlText(entry), statusText(entry)};
}

void EntryPrinter::printTable(QTextStream& out, const QList<QStringList>& rows)
{
    QList<qsizetype> widths(tableHeader().size(), 0);
    for (const QStringList& row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[column] = qMax(widths[column], row.at(column).size());
    }
    for (const QStringList& row : rows) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column) {
            const bool last = column == row.size() - 1;
            line += last ? row.at(column) : row.at(column).leftJustified(widths[column] + 2);
        }
        out << line << '\n';
    }
}

void EntryPrinter::printDetails(QTextStream& out, const CacheEntry& entry, Token token)
{
    // Values come from Redis: control characters are escaped before they reach a terminal.
    const auto field = [&out](const QString& name, const QString& value) {
        out << (name + QLatin1Char(':')).leftJustified(13) << Escape::text(value) << '\n';
    };
    out << QStringLiteral("key:").leftJustified(13) << entry.key << '\n'; // already escaped
    if (!entry.profile.isEmpty())
        field(QStringLiteral("profile"), entry.profile);
    field(QStringLiteral("status"), statusText(entry));
    field(QStringLiteral("ttl"), entry.ttlMs >= 0
                                     ? QStringLiteral("%1 (%2 ms)").arg(ttlText(entry)).arg(entry.ttlMs)
                                     : ttlText(entry));
    field(QStringLiteral("size"), QStringLiteral("%1 bytes").arg(entry.sizeBytes));
    if (entry.token) {
        const TokenResponse& response = *entry.token;
        if (response.expiresAt)
            field(QStringLiteral("expires at"), response.expiresAt->toString(Qt::ISODate));
        else
            field(QStringLiteral("expires_in"), response.expiresIn
                                                    ? QStringLiteral("%1 s").arg(*response.expiresIn)
                                                    : response.expiresInProblem);
        if (entry.ageSeconds)
            field(QStringLiteral("age"), Humanize::duration(*entry.ageSeconds * 1000));
        field(QStringLiteral("token_type"),
              response.tokenType.isEmpty() ? QStringLiteral("(none: Bearer is used)") : response.tokenType);
        if (!response.scope.isEmpty())
            field(QStringLiteral("scope"), response.scope);
        field(QStringLiteral("token"), token == Token::Revealed ? response.accessToken
                                                                : Humanize::masked(response.accessToken) +
                                                                      QStringLiteral(", --reveal shows it"));
        field(QStringLiteral("fingerprint"), response.fingerprint());
        if (const QString binding = entry.binding(); !binding.isEmpty())
            field(QStringLiteral("bound to"), binding);
        if (entry.jwt) {
            out << "jwt header:\n";
            for (auto it = entry.jwt->header.constBegin(); it != entry.jwt->header.constEnd(); ++it)
                out << "  " << Escape::text(it.key()) << ": "
                    << Escape::text(Humanize::claim(it.key(), it.value())) << '\n';
            out << "jwt claims:\n";
            for (auto it = entry.jwt->claims.constBegin(); it != entry.jwt->claims.constEnd(); ++it)
                out << "  " << Escape::text(it.key()) << ": "
                    << Escape::text(Humanize::claim(it.key(), it.value())) << '\n';
        } else {
            field(QStringLiteral("jwt"), QStringLiteral("no (opaque token)"));
        }
        out << "response:\n"
            << QString::fromUtf8(QJsonDocument(responseJson(entry, token)).toJson(QJsonDocument::Indented));
    }
    for (const QString& warning : entry.warnings)
        out << "warning: " << Escape::text(warning) << '\n';
}

} // namespace tokencache
