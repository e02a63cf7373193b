#include "core/cache/CacheSession.h"
#include "core/cache/TokenCache.h"
#include "core/config/Keychain.h"
#include "core/config/SecretRef.h"
#include "tests/support/Await.h"
#include "tests/support/RedisServer.h"
#include "tests/support/SecretService.h"
#include "tests/support/TokenEndpoint.h"

#include <QFile>
#include <QTest>

#include <memory>

using namespace tokencache;

/**
 * The keychain through the core, in this process, against a real Secret Service (a private bus and
 * gnome-keyring-daemon): a hit loads nothing of it, a fetch reads the secret from it, and its
 * failures name the reference.
 */
class tst_Keychain : public QObject
{
    Q_OBJECT

    SecretService m_secretService;
    std::unique_ptr<RedisServer> m_server;
    std::unique_ptr<TokenEndpoint> m_endpoint;
    std::shared_ptr<CacheSession> m_session;

    ProviderProfile profile(const QString& secretName) const
    {
        ProviderProfile profile;
        profile.name = QStringLiteral("acme");
        profile.tokenUrl = m_endpoint->url();
        profile.clientId = QStringLiteral("id");
        profile.clientSecretRef = SecretRef(SecretRef::Kind::Keychain, secretName).format();
        return profile;
    }

    Result<CacheEntry> get(const ProviderProfile& p)
    {
        return await<CacheEntry>([&](auto done) { m_session->cache().get(p, this, done); });
    }

    static QByteArray mappedLibraries()
    {
        QFile maps(QStringLiteral("/proc/self/maps"));
        return maps.open(QIODevice::ReadOnly) ? maps.readAll() : QByteArray();
    }

private slots:
    void initTestCase()
    {
        QVERIFY2(m_secretService.start(), qPrintable(m_secretService.error()));
        m_secretService.useInThisProcess();
        Keychain::setModuleDirectory(QStringLiteral(TOKENCACHE_KEYCHAIN_MODULE_DIR));
    }

    void init()
    {
        m_server = std::make_unique<RedisServer>();
        QVERIFY2(m_server->start(), qPrintable(m_server->error()));
        m_endpoint = std::make_unique<TokenEndpoint>();
        QVERIFY(m_endpoint->listen());
        m_session = *CacheSession::create(RedisSettings{m_server->url()});
    }

    void cleanup()
    {
        m_session.reset();
        m_endpoint.reset();
        m_server.reset();
    }

    // First: nothing else in this process has used the keychain yet.
    void aHitLoadsNoKeychain()
    {
        const ProviderProfile acme = profile(QStringLiteral("never-read"));
        const QByteArray cached = TokenEndpoint::token(QStringLiteral("cached-token")).body;
        m_server->cli(
            {QStringLiteral("SETEX"), acme.cacheKey(), QStringLiteral("3600"), QString::fromUtf8(cached)});
        const auto entry = get(acme);
        QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
        QCOMPARE(entry->token->accessToken, QStringLiteral("cached-token"));
        QCOMPARE(m_endpoint->requestCount(), 0);
        QVERIFY(!Keychain::moduleLoaded());
        const QByteArray libraries = mappedLibraries();
        QVERIFY(!libraries.contains("libtokencache-keychain"));
        QVERIFY(!libraries.contains("libqt6keychain"));
        QVERIFY(!libraries.contains("libQt6DBus"));
        QVERIFY(!libraries.contains("libsecret"));
    }

    void aFetchReadsTheSecretFromTheKeychain()
    {
        const auto written = await<Done>([&](auto done) {
            Keychain::write(QStringLiteral("core-secret"), QStringLiteral("s3cr3t value"), this, done);
        });
        QVERIFY2(written, written ? "" : qPrintable(written.error().message));
        QVERIFY(Keychain::moduleLoaded());
        QVERIFY(mappedLibraries().contains("libqt6keychain"));

        const auto entry = get(profile(QStringLiteral("core-secret")));
        QVERIFY2(entry, entry ? "" : qPrintable(entry.error().message));
        QCOMPARE(m_endpoint->requestCount(), 1);
        const auto credentials = m_endpoint->requests().first().basicCredentials();
        QCOMPARE(credentials.first, QStringLiteral("id"));
        QCOMPARE(credentials.second, QStringLiteral("s3cr3t value"));

        // Rotated in the keychain: the next fetch sends the new secret, nothing stale is kept.
        const auto rotated = await<Done>([&](auto done) {
            Keychain::write(QStringLiteral("core-secret"), QStringLiteral("rotated"), this, done);
        });
        QVERIFY(rotated);
        const auto refreshed = await<CacheEntry>([&](auto done) {
            m_session->cache().refresh(profile(QStringLiteral("core-secret")), this, done);
        });
        QVERIFY2(refreshed, refreshed ? "" : qPrintable(refreshed.error().message));
        QCOMPARE(m_endpoint->requests().last().basicCredentials().second, QStringLiteral("rotated"));
    }

    void aMissingEntryNamesTheReference()
    {
        const auto entry = get(profile(QStringLiteral("not-there")));
        QVERIFY(!entry);
        QCOMPARE(entry.error().kind, Error::Kind::Config);
        QVERIFY2(entry.error().message.contains(QStringLiteral("keychain:not-there")),
                 qPrintable(entry.error().message));
        QVERIFY2(entry.error().message.contains(QStringLiteral("no entry")),
                 qPrintable(entry.error().message));
        QCOMPARE(m_endpoint->requestCount(), 0);
    }

    void listAndRemove()
    {
        const auto written = await<Done>(
            [&](auto done) { Keychain::write(QStringLiteral("listed"), QStringLiteral("x"), this, done); });
        QVERIFY(written);
        const auto names = await<QStringList>([&](auto done) { Keychain::list(this, done); });
        QVERIFY2(names, names ? "" : qPrintable(names.error().message));
        QVERIFY(names->contains(QStringLiteral("listed")));
        const auto removed =
            await<Done>([&](auto done) { Keychain::remove(QStringLiteral("listed"), this, done); });
        QVERIFY2(removed, removed ? "" : qPrintable(removed.error().message));
        const auto again =
            await<Done>([&](auto done) { Keychain::remove(QStringLiteral("listed"), this, done); });
        QVERIFY(!again);
        QCOMPARE(again.error().kind, Error::Kind::NotFound);
        const auto after = await<QStringList>([&](auto done) { Keychain::list(this, done); });
        QVERIFY(after && !after->contains(QStringLiteral("listed")));
    }

    void badNamesAreRefusedBeforeTheKeychain()
    {
        for (const QString& name : {QString(), QStringLiteral("has space"), QStringLiteral("new\nline")}) {
            const auto read = await<QString>([&](auto done) { Keychain::read(name, this, done); });
            QVERIFY(!read);
            QCOMPARE(read.error().kind, Error::Kind::Config);
        }
    }
};

QTEST_GUILESS_MAIN(tst_Keychain)
#include "tst_Keychain.moc"
