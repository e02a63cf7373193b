#pragma once

#include "core/common/Clock.h"
#include "core/common/Result.h"
#include "core/jwt/TokenVerifier.h"

#include <QJsonObject>
#include <QObject>
#include <QSslCertificate>
#include <QStringList>

#include <functional>
#include <memory>

class QNetworkAccessManager;

namespace tokencache {

/** What an issuer publishes about itself (OpenID Connect Discovery 1.0, RFC 8414). */
struct ProviderMetadata
{
    QString issuer;
    QString tokenEndpoint;
    QString jwksUri;
    QString introspectionEndpoint;
    QString revocationEndpoint;
    QJsonObject mtlsEndpointAliases;
    QStringList authMethods; ///< token_endpoint_auth_methods_supported

    /** @p document read as @p issuer's metadata: its issuer must be @p issuer (RFC 8414 section 3.3). */
    static Result<ProviderMetadata> fromJson(const QJsonObject& document, const QString& issuer);
};

/**
 * Fetches an issuer's metadata and key set with the token requests' limits (1 MiB, a deadline, no
 * redirect followed, https unless loopback) and keeps each in a cache directory for its HTTP
 * lifetime (Cache-Control max-age; an hour when none, a day at most), so short headless runs do
 * not fetch them each time.
 */
class ProviderMetadataClient final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProviderMetadataClient)

public:
    using MetadataHandler = std::function<void(const Result<ProviderMetadata>&)>;
    using DocumentHandler = std::function<void(const Result<QJsonObject>&)>;
    using ReportHandler = std::function<void(const Result<TokenVerifier::Report>&)>;

    static constexpr qint64 kMaxBytes = 1 << 20;
    static constexpr qint64 kDefaultLifetimeSeconds = 3600;
    static constexpr qint64 kMaxLifetimeSeconds = 86400;

    /** @p cacheDirectory: where documents are kept ($XDG_CACHE_HOME/tokencache by default). */
    explicit ProviderMetadataClient(const QString& cacheDirectory = defaultCacheDirectory(),
                                    const Clock& clock = Clock::system(), QObject* parent = nullptr);
    ~ProviderMetadataClient() override;

    static QString defaultCacheDirectory();
    void setTimeoutMs(int timeoutMs) { m_timeoutMs = timeoutMs; }
    /** CAs trusted beside the system's, for an issuer whose certificate a private CA signed. */
    void setExtraCaCertificates(const QList<QSslCertificate>& authorities)
    {
        m_extraAuthorities = authorities;
    }

    /** @p issuer's metadata: /.well-known/openid-configuration, else /.well-known/oauth-authorization-server.
     */
    void discover(const QString& issuer, QObject* context, MetadataHandler handler);
    /** The key set at @p jwksUri; @p fresh: fetched again whatever the cache holds (a kid it lacked). */
    void keySet(const QString& jwksUri, bool fresh, QObject* context, DocumentHandler handler);
    /**
     * @p token checked against @p expected's issuer's published keys (fetched again once for a kid the
     * kept set lacks: the issuer may have rotated its keys). An error only when the keys cannot be had.
     */
    void verify(const QByteArray& token, const TokenVerifier::Expectations& expected, QObject* context,
                ReportHandler handler);

private:
    /** Why a fetched document is unusable; empty when it is (only those are kept). */
    using Check = std::function<QString(const QJsonObject&)>;
    /** @p url's JSON object, from the cache while it is fresh (unless @p fresh), else fetched and, if it
     *  passes @p check, kept. */
    void document(const QString& url, bool fresh, const Check& check, QObject* context,
                  DocumentHandler handler);
    void fetch(const QString& url, const Check& check, QObject* context, DocumentHandler handler);
    QString cacheFile(const QString& url) const;
    QNetworkAccessManager& network();

    QString m_cacheDirectory;
    const Clock& m_clock;
    int m_timeoutMs = 10000;
    QList<QSslCertificate> m_extraAuthorities;
    std::unique_ptr<QNetworkAccessManager> m_network;
};

} // namespace tokencache
