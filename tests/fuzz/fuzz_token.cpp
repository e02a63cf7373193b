// TokenResponse::parse and CacheEntry::fromValue: a value read from Redis, any PTTL, any clock.
//
// Input: a qint64 PTTL, a qint64 "now" (ms since the epoch; or an invalid time), a second PTTL
// and clock for withTtl, a byte choosing the key (a token key, a lock key, or bytes from the
// input), a response mapping (RFC 6749's, or four JSON pointers from the input), then the value. Every
// integer may be anything: negative, huge, the extremes. Properties: no crash, no sanitizer report (signed
// overflow included) and:
//  - the entry's status is one of the six, and its name is not empty;
//  - an unreadable entry says why; a parsed token has a non-empty access token;
//  - withTtl(t, now) on a token entry equals fromValue(key, raw, t, now), as its contract says.

#include "tests/fuzz/FuzzInput.h"

#include "core/cache/CacheEntry.h"
#include "core/common/Humanize.h"
#include "core/config/ProviderProfile.h"
#include "core/oauth/TokenResponse.h"

#include <QJsonDocument>

using namespace tokencache;

namespace {

QDateTime clock(FuzzInput& in)
{
    const qint64 ms = in.integer();
    if (in.byte() % 16 == 0)
        return QDateTime(); // invalid: what a caller may pass by mistake
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

QString key(FuzzInput& in)
{
    const uint8_t kind = in.byte();
    switch (kind % 5) {
    case 0:
        return QStringLiteral("oauth2token:profile");
    case 1:
        return QStringLiteral("{oauth2token:profile}:lock");
    case 2:
        return QStringLiteral("oauth2token:{tag}:lock");
    case 3:
        return QString::fromUtf8(in.shortBytes()) + QStringLiteral(":lock");
    default:
        return QString::fromUtf8(in.shortBytes());
    }
}

ResponseMapping mapping(FuzzInput& in)
{
    ResponseMapping mapping;
    if (in.byte() % 2 == 0)
        return mapping;
    for (const ResponseMapping::Pointer& pointer : ResponseMapping::pointers())
        mapping.*pointer.field = QString::fromUtf8(in.shortBytes());
    return mapping;
}

size_t touch(const QJsonObject& object)
{
    return size_t(QJsonDocument(object).toJson(QJsonDocument::Compact).size());
}

size_t touch(const CacheEntry& entry)
{
    const QString status = CacheEntry::statusName(entry.status);
    if (status.isEmpty())
        fuzzFail("a status without a name");
    size_t sum = size_t(status.size() + entry.key.size() + entry.profile.size() + entry.raw.size() +
                        entry.reason.size() + entry.warnings.join(QLatin1Char('\n')).size());
    sum += size_t(entry.ttlMs) + size_t(entry.sizeBytes) + size_t(entry.stored);
    sum += size_t(Humanize::duration(entry.ttlMs).size());
    if (entry.ageSeconds)
        sum += size_t(*entry.ageSeconds);
    if (entry.token) {
        sum += touch(entry.token->json) + touch(entry.token->maskedJson());
        sum += size_t(entry.token->tokenType.size() + entry.token->scope.size() +
                      entry.token->expiresInProblem.size());
        if (entry.token->accessToken.isEmpty())
            fuzzFail("a token entry without an access token");
        if (entry.token->expiresIn)
            sum += size_t(*entry.token->expiresIn);
    }
    if (entry.jwt) {
        sum += touch(entry.jwt->header) + touch(entry.jwt->claims);
        for (const QString& claim : {QStringLiteral("exp"), QStringLiteral("iat"), QStringLiteral("nbf")}) {
            if (const auto time = entry.jwt->time(claim))
                sum += size_t(time->toMSecsSinceEpoch());
        }
        for (auto it = entry.jwt->claims.constBegin(); it != entry.jwt->claims.constEnd(); ++it)
            sum += size_t(Humanize::claim(it.key(), it.value()).size());
    }
    if (entry.lock) {
        sum += size_t(entry.lock->holder.size() + entry.lock->failure.size());
        sum += size_t(entry.lock->ageMs) + size_t(entry.lock->declaredTtlMs) + size_t(entry.lock->stale);
    }
    switch (entry.status) {
    case CacheEntry::Status::Valid:
    case CacheEntry::Status::Expiring:
    case CacheEntry::Status::Expired:
        if (!entry.token)
            fuzzFail("a token status without a token");
        break;
    case CacheEntry::Status::Locked:
    case CacheEntry::Status::StaleLock:
        if (!entry.lock)
            fuzzFail("a lock status without a lock");
        break;
    case CacheEntry::Status::Unreadable:
        if (entry.reason.isEmpty())
            fuzzFail("an unreadable entry that does not say why");
        break;
    default:
        fuzzFail("a status out of the enum");
    }
    return sum;
}

bool sameDerived(const CacheEntry& a, const CacheEntry& b)
{
    return a.status == b.status && a.reason == b.reason && a.warnings == b.warnings &&
           a.ageSeconds == b.ageSeconds && a.ttlMs == b.ttlMs && a.sizeBytes == b.sizeBytes && a.raw == b.raw;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    FuzzInput in(data, size);
    const qint64 ttlMs = in.integer();
    const QDateTime now = clock(in);
    const qint64 laterTtlMs = in.integer();
    const QDateTime later = clock(in);
    const uint8_t profileMargin = in.byte();
    const QString entryKey = key(in);
    const ResponseMapping fields = mapping(in);
    const QByteArray raw = in.rest();
    volatile size_t sink = 0;

    const Result<TokenResponse> token = TokenResponse::parse(raw, fields, now);
    if (token) {
        if (token->accessToken.isEmpty() || token->raw != raw)
            fuzzFail("a parsed token response without its access token or raw bytes");
        if (token->expiresIn && *token->expiresIn <= 0)
            fuzzFail("a token response with a lifetime <= 0");
        if (!token->expiresIn && !token->expiresAt && token->expiresInProblem.isEmpty())
            fuzzFail("a token response without lifetime that does not say why");
        if (const auto lifetime = token->lifetimeAt(now); lifetime && *lifetime <= 0)
            fuzzFail("a lifetime left <= 0");
        sink = sink + touch(token->maskedJson()) + size_t(token->tokenType.size() + token->scope.size());
    } else if (token.error().message.isEmpty()) {
        fuzzFail("a refused token response without a message");
    }

    CacheEntry entry = CacheEntry::fromValue(entryKey, raw, ttlMs, now, fields);
    sink = sink + touch(entry);
    if (entry.token) {
        const CacheEntry again = entry.withTtl(laterTtlMs, later);
        sink = sink + touch(again);
        if (!sameDerived(again, CacheEntry::fromValue(entryKey, raw, laterTtlMs, later, fields)))
            fuzzFail("withTtl differs from fromValue on the same value");
    }
    ProviderProfile profile;
    profile.name = QStringLiteral("profile");
    profile.refreshMarginSeconds = int(profileMargin) * 60;
    entry.applyProfile(profile);
    sink = sink + touch(entry);
    return 0;
}
