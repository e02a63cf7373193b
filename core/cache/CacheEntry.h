#pragma once

#include "core/cache/LockInfo.h"
#include "core/jwt/Jwt.h"
#include "core/oauth/TokenResponse.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace tokencache {

struct ProviderProfile;

/** One cached key as read from Redis, with what can be derived from it. */
struct CacheEntry
{
    enum class Status
    {
        Valid,
        Expiring,
        Expired,
        Unreadable,
        Locked,    ///< a single-flight lock, held
        StaleLock, ///< a lock without TTL or past it
    };

    static constexpr qint64 kNoTtl = -1; ///< PTTL of a key without expiry
    static constexpr qint64 kGone = -2;  ///< PTTL of a key that no longer exists
    /** Larger values are not token responses (real ones are a few KiB); list reads no more of a value. */
    static constexpr qint64 kMaxValueBytes = 64 * 1024;
    static constexpr qint64 kExpiringSoonMs = 60'000; ///< the usual early-refresh margin

    QString key;
    QString profile; ///< the profile whose key this is, if any
    QByteArray raw;
    qint64 ttlMs = kGone;
    qint64 sizeBytes = 0;
    std::optional<TokenResponse> token;
    std::optional<Jwt> jwt;
    std::optional<LockInfo> lock; ///< set when the key is a single-flight lock, not a token
    std::optional<qint64> ageSeconds;
    /** The TTL the key was given when written, in seconds: expires_in, less the refresh margin
     *  when a profile (whose margin tokencache subtracts) owns the key; -1 when unknown. */
    qint64 cachedForSeconds = -1;
    std::optional<qint64> jwtLeftMs; ///< until the JWT's exp, as of the read; negative once passed
    Status status = Status::Unreadable;
    QString reason; ///< why the entry is unreadable or expired
    QStringList warnings;
    bool stored = true;   ///< false when a fetched token was handed out without being cached
    bool fetched = false; ///< this call fetched it from the provider (and the audit log has it), not read it

    /** Parses a string value read from Redis with its PTTL, as of @p now, finding its fields where @p mapping
     *  says (the owning profile's; RFC 6749's for a key no profile owns). */
    static CacheEntry fromValue(const QString& key, const QByteArray& raw, qint64 ttlMs,
                                const QDateTime& now = QDateTime::currentDateTimeUtc(),
                                const ResponseMapping& mapping = {});
    /**
     * This token entry read again, unchanged, with a new PTTL as of @p now: the parsed token is
     * reused and only what depends on time is derived again. Equal to fromValue() on the same value.
     */
    CacheEntry withTtl(qint64 remainingMs, const QDateTime& now) const;
    /** Names the profile this entry belongs to and adds the warnings that depend on its settings. */
    void applyProfile(const ProviderProfile& owner);
    /** Age as the TTL tells it, for tokens without `iat`: how much of cachedForSeconds has passed. */
    void ageFromTtl();

    /** A key whose value cannot be a token (wrong Redis type, ...). */
    static CacheEntry unreadable(const QString& key, qint64 ttlMs, const QString& reason);
    /** A string value of @p sizeBytes, more than kMaxValueBytes: unreadable, and not read. */
    static CacheEntry tooLarge(const QString& key, qint64 sizeBytes, qint64 ttlMs);

    /**
     * What the token is bound to, if anything: a client certificate (cnf.x5t#S256, RFC 8705) or a DPoP key
     * (cnf.jkt or token_type DPoP, RFC 9449). A copy of a bound token does not work from elsewhere.
     */
    QString binding() const;

    static QString statusName(Status status);
    /** Valid, Expiring or Expired for a token with @p ttlMs left of @p expiresInSeconds (if known). */
    static Status statusForRemaining(qint64 ttlMs, std::optional<qint64> expiresInSeconds);
};

} // namespace tokencache
