#pragma once

#include "core/common/Result.h"
#include "core/oauth/ResponseMapping.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>

class QUrl;

namespace tokencache {

/** One OAuth2 client at one provider, and where its token is cached. */
struct ProviderProfile
{
    enum class AuthMethod
    {
        ClientSecretBasic,
        ClientSecretPost,
        PrivateKeyJwt,          ///< RFC 7523: an assertion signed with the client's private key
        ClientSecretJwt,        ///< RFC 7523: an HS256 assertion keyed with the client secret
        TlsClientAuth,          ///< RFC 8705: a client certificate from a CA the provider trusts
        SelfSignedTlsClientAuth ///< RFC 8705: a self-signed certificate the provider has registered
    };
    /** How the token request's body is encoded. */
    enum class RequestFormat
    {
        Form, ///< application/x-www-form-urlencoded, as RFC 6749 says
        Json  ///< application/json, as many payment and banking APIs want
    };

    QString name;
    QString tokenUrl;
    QString clientId;
    QString clientSecretRef; ///< a secret reference, see SecretRef
    AuthMethod authMethod = AuthMethod::ClientSecretBasic;
    QStringList scopes;
    QString audience;
    QString issuer;        ///< the provider's issuer: its metadata and keys (verify); empty: none configured
    QString privateKeyRef; ///< private_key_jwt: the PEM private key, a secret reference
    QString keyId;         ///< private_key_jwt: the kid the provider knows the key by
    QString signingAlgorithm;  ///< private_key_jwt: RS256, PS256, ES256...; empty: from the key type
    QString assertionAudience; ///< client assertions' aud: empty (the token endpoint), "issuer" or a URL
    QString providerCert;      ///< tls_client_auth: the client certificate's PEM file
    QString providerKeyRef;    ///< tls_client_auth: its private key, a secret reference
    QString providerCa;        ///< a PEM file of CAs for the provider's certificate, beside the system's
    QString resource;
    QMap<QString, QString> extraParameters; ///< sent as extra form fields (JSON members)
    RequestFormat requestFormat = RequestFormat::Form;
    /** Extra token-request headers: name -> `plain:TEXT` or a secret reference (see HeaderValue). */
    QMap<QString, QString> headers;
    ResponseMapping response;  ///< where the provider's response holds the token and its lifetime
    QString key;               ///< empty means defaultKey(name)
    int defaultTtlSeconds = 0; ///< TTL for responses without a usable expires_in; 0 = do not cache them
    int requestTimeoutMs = 10000;
    int maxAttempts = 3;           ///< tries per fetch; retried: network errors, timeouts, 5xx, 429
    int refreshMarginSeconds = 60; ///< entries expire this much before the token does
    bool allowInsecureHttp =
        false; ///< a plain-http token URL to a host that is not loopback is refused without it
    QJsonObject
        unknownMembers; ///< what this version does not know (a hand edit, a newer field): kept on save

    static constexpr int kMaxTimeoutSeconds = 600;
    static constexpr int kMaxAttempts = 10;
    static constexpr int kMaxSeconds = 10 * 366 * 86400; ///< margins and default TTLs: at most ten years

    /** The margin for a token of @p lifetimeSeconds: at most a quarter of it, so short tokens stay useful. */
    qint64 effectiveMarginSeconds(qint64 lifetimeSeconds) const;

    /** A short digest of every setting: a failure shared through the lock is shared only by equal
     *  settings, so a profile fixed since is tried again at once. */
    QString settingsFingerprint() const;

    /** The profile among @p profiles whose cache key is @p key, or nullptr. */
    static const ProviderProfile* owning(const QList<ProviderProfile>& profiles, const QString& key);
    /** What reading keys as @p profiles own them depends on: each one's name, key and margin. */
    static QStringList ownership(const QList<ProviderProfile>& profiles);
    /** The key this profile's token is cached under, escaped as Escape says (keys are bytes). */
    QString cacheKey() const;
    static QString defaultKey(const QString& profileName)
    {
        return QStringLiteral("oauth2token:") + profileName;
    }

    static QString authMethodName(AuthMethod method);
    static Result<AuthMethod> authMethodFromName(const QString& name);
    static QString requestFormatName(RequestFormat format);
    static Result<RequestFormat> requestFormatFromName(const QString& name);
    /** Whether the profile uses what config format version 2 added (request format, headers, mapping). */
    bool needsFormatVersion2() const;
    /** Holds what config format 4 added (an issuer). */
    bool needsFormatVersion4() const { return !issuer.isEmpty(); }
    /** Holds what config format 5 added (client authentication beyond a secret, a discovered token URL). */
    bool needsFormatVersion5() const;
    /** The client proves itself with the client secret (basic, post, client_secret_jwt). */
    bool usesClientSecret() const;
    /** The client proves itself with a TLS client certificate (RFC 8705). */
    bool usesMutualTls() const;
    /** The token URL comes from the issuer's metadata. */
    bool discoversTokenUrl() const { return tokenUrl.isEmpty() && !issuer.isEmpty(); }

    QJsonObject toJson() const;
    static Result<ProviderProfile> fromJson(const QJsonObject& json);
    enum class Field
    {
        Name,
        TokenUrl,
        ClientId,
        ClientSecret, ///< the client secret or whatever else authenticates the client
        Numbers,
        Request,  ///< the request format and headers
        Response, ///< the response's field pointers
    };
    struct Problem
    {
        Field field;
        QString message;
        /** A secret that is not set yet (an import leaves out what its export could not carry): the file
         *  still loads, and the profile is refused when it is used or saved from a form. */
        bool secretUnset = false;
    };
    /** Whether validate() counts secrets that are not set yet. */
    enum class UnsetSecrets
    {
        Refused, ///< a profile being added or edited, or used
        Allowed  ///< a profile read from a file
    };
    /** Every reason this profile cannot be used, by field (for forms). */
    QList<Problem> problems() const;
    QList<Problem> headerProblems() const;
    /** What keeps the client from proving who it is: a secret, key or certificate missing or malformed. */
    QList<Problem> clientAuthProblems() const;
    /** The first problem as a message naming the profile, or an empty string. */
    QString validate(UnsetSecrets unset = UnsetSecrets::Refused) const;
    /**
     * Why the token URL (or @p endpoint, one the issuer's metadata names) must not be used as it is: plain
     * http to a host that is not loopback, which would send the client secret unencrypted, unless
     * allowInsecureHttp; empty when it may.
     */
    QString insecureUrlProblem(const QString& endpoint = QString()) const;
    /** @p url names this machine (localhost or a loopback address): plain http never leaves it. */
    static bool isLoopback(const QUrl& url);
};

} // namespace tokencache
