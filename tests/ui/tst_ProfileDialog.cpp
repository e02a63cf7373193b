#include "core/config/SecretRef.h"
#include "core/oauth/ProviderMetadata.h"
#include "tests/support/Await.h"
#include "tests/support/TokenEndpoint.h"
#include "ui/dialogs/ClientAuthForm.h"
#include "ui/dialogs/ProfileDialog.h"
#include "ui/widgets/FileField.h"
#include "ui/widgets/SecretField.h"

#include <QAbstractButton>
#include <QComboBox>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tokencache;
using Method = ProviderProfile::AuthMethod;

namespace {

/** A profile of @p method with every field that method reads set, and a CA file (any method may have one). */
ProviderProfile profileUsing(Method method)
{
    ProviderProfile profile;
    profile.name = QStringLiteral("acme");
    profile.issuer = QStringLiteral("https://login.example.com");
    profile.clientId = QStringLiteral("acme-client");
    profile.authMethod = method;
    profile.providerCa = QStringLiteral("/etc/tokencache/provider-ca.pem");
    if (profile.usesClientSecret())
        profile.clientSecretRef = QStringLiteral("env:ACME_SECRET");
    if (method == Method::PrivateKeyJwt) {
        profile.privateKeyRef = QStringLiteral("file:/keys/acme.pem");
        profile.keyId = QStringLiteral("key-2024");
        profile.signingAlgorithm = QStringLiteral("PS256");
    }
    if (method == Method::PrivateKeyJwt || method == Method::ClientSecretJwt)
        profile.assertionAudience = QStringLiteral("https://login.example.com/oauth2/token");
    if (profile.usesMutualTls()) {
        profile.providerCert = QStringLiteral("/certs/acme.crt");
        profile.providerKeyRef = QStringLiteral("file:/certs/acme.key");
    }
    return profile;
}

QLineEdit* valueOf(const QWidget* field)
{
    // A SecretField's value or a FileField's path: each has one line edit.
    return field->findChild<QLineEdit*>();
}

} // namespace

/** The profile dialog's client authentication and discovery, against a real HTTP issuer. */
class tst_ProfileDialog : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_cache; ///< discovery keeps documents here: each test starts empty
    std::unique_ptr<TokenEndpoint> m_issuer;

    QString issuerUrl() const { return QUrl(m_issuer->url()).adjusted(QUrl::RemovePath).toString(); }

    /** The issuer answers discovery with @p document (its own issuer unless it names one). */
    void serveMetadata(QJsonObject document, int delayMs = 0)
    {
        if (!document.contains(QStringLiteral("issuer")))
            document.insert(QStringLiteral("issuer"), issuerUrl());
        m_issuer->setHandler([document, delayMs](const TokenEndpoint::Request& request) {
            TokenEndpoint::Response response{404, "{}"};
            if (request.path == "/.well-known/openid-configuration")
                response = {200, QJsonDocument(document).toJson(QJsonDocument::Compact)};
            response.delayMs = delayMs;
            return response;
        });
    }

    QJsonObject metadata() const
    {
        const QString base = issuerUrl();
        return {{QStringLiteral("token_endpoint"), base + QStringLiteral("/token")},
                {QStringLiteral("introspection_endpoint"), base + QStringLiteral("/introspect")},
                {QStringLiteral("revocation_endpoint"), base + QStringLiteral("/revoke")},
                {QStringLiteral("token_endpoint_auth_methods_supported"),
                 QJsonArray{QStringLiteral("client_secret_basic"), QStringLiteral("private_key_jwt")}}};
    }

    static void chooseMethod(ProfileDialog& dialog, Method method)
    {
        auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("authMethodCombo"));
        combo->setCurrentIndex(combo->findData(int(method)));
    }

    static void showAuthenticationTab(ProfileDialog& dialog)
    {
        dialog.findChild<QTabWidget*>(QStringLiteral("profileTabs"))
            ->setCurrentWidget(dialog.findChild<ClientAuthForm*>(QStringLiteral("clientAuthForm")));
    }

    /** Whether @p objectName's row is shown for the method chosen (the Authentication tab in front). */
    static bool shown(ProfileDialog& dialog, const QString& objectName)
    {
        auto* widget = dialog.findChild<QWidget*>(objectName);
        if (!widget)
            qFatal("no widget %s", qPrintable(objectName));
        return widget->isVisibleTo(&dialog);
    }

private slots:
    void init()
    {
        m_cache = std::make_unique<QTemporaryDir>();
        qputenv("XDG_CACHE_HOME", QFile::encodeName(m_cache->path()));
        m_issuer = std::make_unique<TokenEndpoint>();
        QVERIFY(m_issuer->listen());
    }

    void cleanup()
    {
        m_issuer.reset();
        m_cache.reset();
    }

    void eachMethodShowsAndKeepsItsOwnFields_data()
    {
        QTest::addColumn<int>("method");
        for (const Method method :
             {Method::ClientSecretBasic, Method::ClientSecretPost, Method::PrivateKeyJwt,
              Method::ClientSecretJwt, Method::TlsClientAuth, Method::SelfSignedTlsClientAuth})
            QTest::newRow(qPrintable(ProviderProfile::authMethodName(method))) << int(method);
    }

    void eachMethodShowsAndKeepsItsOwnFields()
    {
        QFETCH(int, method);
        const ProviderProfile profile = profileUsing(Method(method));
        ProfileDialog dialog(profile, {});
        showAuthenticationTab(dialog);

        const auto* combo = dialog.findChild<QComboBox*>(QStringLiteral("authMethodCombo"));
        QVERIFY2(combo->currentText().startsWith(ProviderProfile::authMethodName(profile.authMethod) +
                                                 QStringLiteral(" (")),
                 qPrintable(combo->currentText()));
        QCOMPARE(shown(dialog, QStringLiteral("secretField")), profile.usesClientSecret());
        for (const QString& keyRow : {QStringLiteral("privateKeyField"), QStringLiteral("keyIdEdit"),
                                      QStringLiteral("signingAlgorithmCombo")})
            QCOMPARE(shown(dialog, keyRow), profile.authMethod == Method::PrivateKeyJwt);
        QCOMPARE(shown(dialog, QStringLiteral("assertionAudienceCombo")),
                 !profile.assertionAudience.isEmpty());
        QCOMPARE(shown(dialog, QStringLiteral("assertionAudienceUrlEdit")),
                 !profile.assertionAudience.isEmpty());
        QCOMPARE(shown(dialog, QStringLiteral("certificateField")), profile.usesMutualTls());
        QCOMPARE(shown(dialog, QStringLiteral("certificateKeyField")), profile.usesMutualTls());
        QVERIFY(shown(dialog, QStringLiteral("providerCaField")));

        // What was set comes back unchanged, and nothing else.
        QVERIFY(dialog.validateInput());
        QCOMPARE(QJsonDocument(dialog.profile().toJson()).toJson(), QJsonDocument(profile.toJson()).toJson());
    }

    void aNewMethodAsksForItsFieldsAndDropsTheOthers()
    {
        ProfileDialog dialog(profileUsing(Method::ClientSecretBasic), {});
        showAuthenticationTab(dialog);
        chooseMethod(dialog, Method::PrivateKeyJwt);
        QVERIFY(!shown(dialog, QStringLiteral("secretField")));
        QVERIFY(shown(dialog, QStringLiteral("privateKeyField")));

        // A PEM key is read from a file: that is what its field offers first.
        auto* keyField = dialog.findChild<SecretField*>(QStringLiteral("privateKeyField"));
        auto* keyKind = keyField->findChild<QComboBox*>(QStringLiteral("secretKindCombo"));
        QCOMPARE(SecretRef::Kind(keyKind->currentData().toInt()), SecretRef::Kind::File);
        QTest::keyClicks(valueOf(keyField), QStringLiteral("/keys/new.pem"));
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("keyIdEdit")), QStringLiteral("kid-7"));
        auto* algorithm = dialog.findChild<QComboBox*>(QStringLiteral("signingAlgorithmCombo"));
        QCOMPARE(algorithm->currentData().toString(), QString()); // from the key, until chosen
        QCOMPARE(algorithm->count(), 6);
        algorithm->setCurrentIndex(algorithm->findText(QStringLiteral("ES256")));
        auto* audience = dialog.findChild<QComboBox*>(QStringLiteral("assertionAudienceCombo"));
        QCOMPARE(audience->currentText(), QStringLiteral("the token endpoint"));
        QVERIFY(!shown(dialog, QStringLiteral("assertionAudienceUrlEdit")));
        audience->setCurrentIndex(audience->findText(QStringLiteral("the issuer")));

        ProviderProfile entered = dialog.profile();
        QCOMPARE(entered.authMethod, Method::PrivateKeyJwt);
        QCOMPARE(entered.privateKeyRef, QStringLiteral("file:/keys/new.pem"));
        QCOMPARE(entered.keyId, QStringLiteral("kid-7"));
        QCOMPARE(entered.signingAlgorithm, QStringLiteral("ES256"));
        QCOMPARE(entered.assertionAudience, QStringLiteral("issuer"));
        QCOMPARE(entered.clientSecretRef, QString()); // the hidden secret is not saved
        QVERIFY(dialog.validateInput());

        // A client certificate: its file and key, nothing of the assertion.
        chooseMethod(dialog, Method::TlsClientAuth);
        for (const QString& hidden : {QStringLiteral("privateKeyField"), QStringLiteral("keyIdEdit"),
                                      QStringLiteral("assertionAudienceCombo")})
            QVERIFY2(!shown(dialog, hidden), qPrintable(hidden));
        auto* certificate = dialog.findChild<FileField*>(QStringLiteral("certificateField"));
        QVERIFY(certificate->findChild<QPushButton*>(QStringLiteral("browseButton"))->isVisibleTo(&dialog));
        QTest::keyClicks(valueOf(certificate), QStringLiteral(" /certs/client.crt "));
        QTest::keyClicks(valueOf(dialog.findChild<SecretField*>(QStringLiteral("certificateKeyField"))),
                         QStringLiteral("/certs/client.key"));
        entered = dialog.profile();
        QCOMPARE(entered.authMethod, Method::TlsClientAuth);
        QCOMPARE(entered.providerCert, QStringLiteral("/certs/client.crt"));
        QCOMPARE(entered.providerKeyRef, QStringLiteral("file:/certs/client.key"));
        QCOMPARE(entered.privateKeyRef, QString());
        QCOMPARE(entered.keyId, QString());
        QCOMPARE(entered.assertionAudience, QString());
    }

    void anAlgorithmTheListLacksIsKept()
    {
        ProviderProfile profile = profileUsing(Method::PrivateKeyJwt);
        profile.signingAlgorithm = QStringLiteral("RS512"); // valid, set on the command line
        ProfileDialog dialog(profile, {});
        QCOMPARE(dialog.profile().signingAlgorithm, QStringLiteral("RS512"));
    }

    void whatKeepsTheClientFromAuthenticatingIsShownBesideItsFields()
    {
        ProviderProfile profile = profileUsing(Method::PrivateKeyJwt);
        profile.privateKeyRef.clear();
        ProfileDialog dialog(profile, {});
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("profileTabs"));
        QVERIFY(!dialog.validateInput());
        auto* form = dialog.findChild<ClientAuthForm*>(QStringLiteral("clientAuthForm"));
        QCOMPARE(tabs->currentWidget(), form); // the problem's tab comes to the front
        auto* error = dialog.findChild<QLabel*>(QStringLiteral("secretError"));
        QVERIFY(form->isAncestorOf(error));
        QVERIFY(error->isVisibleTo(&dialog));
        QVERIFY2(error->text().startsWith(QStringLiteral("private key")), qPrintable(error->text()));

        // Each problem is said: the certificate and its key.
        chooseMethod(dialog, Method::SelfSignedTlsClientAuth);
        QVERIFY(!dialog.validateInput());
        const QStringList lines = error->text().split(QLatin1Char('\n'));
        QCOMPARE(lines.size(), 2);
        QVERIFY2(lines.first().startsWith(
                     QStringLiteral("self_signed_tls_client_auth needs a client certificate")),
                 qPrintable(error->text()));
        QVERIFY2(lines.last().startsWith(QStringLiteral("client certificate's key")),
                 qPrintable(error->text()));
    }

    void theTokenUrlMayComeFromTheIssuer()
    {
        ProviderProfile profile = profileUsing(Method::ClientSecretBasic);
        profile.issuer.clear();
        ProfileDialog dialog(profile, {});
        auto* tokenUrl = dialog.findChild<QLineEdit*>(QStringLiteral("tokenUrlEdit"));
        QCOMPARE(tokenUrl->placeholderText(), QStringLiteral("https://login.example.com/oauth2/token"));
        QVERIFY(!dialog.validateInput());
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("tokenUrlError"))->text(),
                 QStringLiteral("a token URL or an issuer is required"));

        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("issuerEdit")),
                         QStringLiteral("https://login.example.com"));
        QCOMPARE(tokenUrl->placeholderText(), QStringLiteral("from the issuer's metadata"));
        QVERIFY(dialog.validateInput());
        QCOMPARE(dialog.profile().tokenUrl, QString());
        QVERIFY(dialog.profile().discoversTokenUrl());
    }

    void discoverShowsWhatTheIssuerNames()
    {
        serveMetadata(metadata());
        ProviderProfile profile = profileUsing(Method::ClientSecretBasic);
        profile.issuer.clear();
        profile.providerCa.clear();
        ProfileDialog dialog(profile, {});
        dialog.show();
        auto* discover = dialog.findChild<QPushButton*>(QStringLiteral("discoverButton"));
        QVERIFY(!discover->isEnabled()); // no issuer yet
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("issuerEdit")), issuerUrl());
        QVERIFY(discover->isEnabled());
        QTest::mouseClick(discover, Qt::LeftButton);
        QVERIFY(!discover->isEnabled()); // while it runs; the dialog stays usable

        auto* result = dialog.findChild<QLabel*>(QStringLiteral("discoveryResult"));
        const QString base = issuerUrl();
        QTRY_VERIFY2(
            result->text().startsWith(QStringLiteral("Token endpoint: ") + base + QStringLiteral("/token")),
            qPrintable(result->text()));
        QVERIFY(result->text().contains(QStringLiteral("Introspection: ") + base +
                                        QStringLiteral("/introspect")));
        QVERIFY(result->text().contains(QStringLiteral("Revocation: ") + base + QStringLiteral("/revoke")));
        QVERIFY(result->text().contains(
            QStringLiteral("Client authentication: client_secret_basic, private_key_jwt")));
        QVERIFY(discover->isEnabled());
        auto* warning = dialog.findChild<QLabel*>(QStringLiteral("discoveryWarning"));
        QVERIFY(warning->isHidden());

        // Shown as where the token URL comes from, never written into the profile.
        auto* tokenUrl = dialog.findChild<QLineEdit*>(QStringLiteral("tokenUrlEdit"));
        QCOMPARE(tokenUrl->placeholderText(),
                 QStringLiteral("from the issuer's metadata: ") + base + QStringLiteral("/token"));
        QCOMPARE(tokenUrl->text(), QString());
        QCOMPARE(dialog.profile().tokenUrl, QString());

        // A method the issuer does not list is said, and the warning follows the choice.
        chooseMethod(dialog, Method::TlsClientAuth);
        QVERIFY(warning->isVisible());
        QVERIFY2(warning->text().contains(QStringLiteral("does not list tls_client_auth")),
                 qPrintable(warning->text()));
        chooseMethod(dialog, Method::PrivateKeyJwt);
        QVERIFY(warning->isHidden());

        // Another issuer typed: what was found was the old one's.
        QTest::keyClicks(dialog.findChild<QLineEdit*>(QStringLiteral("issuerEdit")),
                         QStringLiteral("/realms/x"));
        QVERIFY(result->isHidden());
        QCOMPARE(tokenUrl->placeholderText(), QStringLiteral("from the issuer's metadata"));
    }

    void discoverSaysWhyTheIssuerIsRefused()
    {
        serveMetadata({{QStringLiteral("issuer"), QStringLiteral("https://evil.example")},
                       {QStringLiteral("token_endpoint"), QStringLiteral("https://evil.example/token")}});
        ProviderProfile profile = profileUsing(Method::ClientSecretBasic);
        profile.issuer = issuerUrl();
        profile.providerCa.clear();
        ProfileDialog dialog(profile, {});
        dialog.show();
        auto* discover = dialog.findChild<QPushButton*>(QStringLiteral("discoverButton"));
        QTest::mouseClick(discover, Qt::LeftButton);
        auto* result = dialog.findChild<QLabel*>(QStringLiteral("discoveryResult"));
        QTRY_VERIFY2(
            result->text().contains(QStringLiteral("its metadata names the issuer \"https://evil.example\"")),
            qPrintable(result->text()));
        QVERIFY(result->isVisible());
        QVERIFY(discover->isEnabled()); // to try again
        QCOMPARE(dialog.findChild<QLineEdit*>(QStringLiteral("tokenUrlEdit"))->placeholderText(),
                 QStringLiteral("from the issuer's metadata"));

        // The profile's CA file is what discovery trusts: one that cannot be read is said before any request.
        const int requests = m_issuer->requestCount();
        QTest::keyClicks(valueOf(dialog.findChild<FileField*>(QStringLiteral("providerCaField"))),
                         QStringLiteral("/nonexistent/ca.pem"));
        QTest::mouseClick(discover, Qt::LeftButton);
        QVERIFY2(result->text().contains(QStringLiteral("cannot read CA file /nonexistent/ca.pem")),
                 qPrintable(result->text()));
        QCOMPARE(m_issuer->requestCount(), requests);
    }

    void aDialogClosedWhileDiscoveryRunsIsLeftAlone()
    {
        serveMetadata(metadata(), 300);
        ProviderProfile profile = profileUsing(Method::ClientSecretBasic);
        profile.issuer = issuerUrl();
        profile.providerCa.clear();
        QPointer<ProfileDialog> dialog = new ProfileDialog(profile, {});
        dialog->show();
        QTest::mouseClick(dialog->findChild<QPushButton*>(QStringLiteral("discoverButton")), Qt::LeftButton);
        QTRY_COMPARE(m_issuer->requestCount(), 1); // asked; the answer is on its way
        dialog->reject();
        dialog->deleteLater();
        QTRY_VERIFY(dialog.isNull());
        // The issuer's answer to the dialog, if it still came, reached nobody; a later discovery is served.
        ProviderMetadataClient client;
        const auto found =
            await<ProviderMetadata>([&](auto done) { client.discover(issuerUrl(), this, done); });
        QVERIFY2(found, found ? "" : qPrintable(found.error().message));
        QCOMPARE(m_issuer->requestCount(), 2);
    }

    void eachMnemonicIsUniqueWithinItsTab()
    {
        ProfileDialog dialog(ProviderProfile{}, {});
        static const QRegularExpression mnemonic(QStringLiteral("&([^&])"));
        const auto letterOf = [](const QString& text) {
            const QRegularExpressionMatch match = mnemonic.match(text);
            return match.hasMatch() ? match.captured(1).toLower() : QString();
        };
        auto* tabs = dialog.findChild<QTabWidget*>(QStringLiteral("profileTabs"));
        QStringList always; // the tabs' own, and the buttons below them
        for (int i = 0; i < tabs->count(); ++i)
            always.append(letterOf(tabs->tabText(i)));
        for (QAbstractButton* button : dialog.findChildren<QAbstractButton*>()) {
            if (!tabs->isAncestorOf(button))
                always.append(letterOf(button->text()));
        }
        for (int i = 0; i < tabs->count(); ++i) {
            QStringList letters = always;
            for (QLabel* label : tabs->widget(i)->findChildren<QLabel*>())
                letters.append(letterOf(label->text()));
            for (QAbstractButton* button : tabs->widget(i)->findChildren<QAbstractButton*>())
                letters.append(letterOf(button->text()));
            letters.removeAll(QString());
            QStringList unique = letters;
            unique.removeDuplicates();
            QVERIFY2(unique.size() == letters.size(),
                     qPrintable(tabs->tabText(i) + QStringLiteral(": ") + letters.join(QLatin1Char(','))));
        }
    }
};

QTEST_MAIN(tst_ProfileDialog)
#include "tst_ProfileDialog.moc"
