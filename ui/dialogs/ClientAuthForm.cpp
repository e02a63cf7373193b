#include "ui/dialogs/ClientAuthForm.h"

#include "ui/Theme.h"
#include "ui/widgets/FileField.h"
#include "ui/widgets/SecretField.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QVBoxLayout>

namespace tokencache {

namespace {

using Method = ProviderProfile::AuthMethod;

/** What a method reads besides the CA file; the secret and certificate rules are the core's. */
struct Uses
{
    bool secret;
    bool privateKey;
    bool assertion;
    bool certificate;
};

Uses uses(Method method)
{
    ProviderProfile chosen;
    chosen.authMethod = method;
    return {chosen.usesClientSecret(), method == Method::PrivateKeyJwt,
            method == Method::PrivateKeyJwt || method == Method::ClientSecretJwt, chosen.usesMutualTls()};
}

QString hintFor(Method method)
{
    switch (method) {
    case Method::ClientSecretBasic:
        return ClientAuthForm::tr("The client id and secret travel in an Authorization header (RFC 6749).");
    case Method::ClientSecretPost:
        return ClientAuthForm::tr("The client id and secret travel in the request's body (RFC 6749).");
    case Method::PrivateKeyJwt:
        return ClientAuthForm::tr("Each request carries a short-lived assertion signed with the private key "
                                  "(RFC 7523); the provider checks it with the public key it has for the "
                                  "client, found by the key ID.");
    case Method::ClientSecretJwt:
        return ClientAuthForm::tr(
            "Each request carries a short-lived assertion signed with the client secret "
            "(RFC 7523, HS256); the secret itself never travels.");
    case Method::TlsClientAuth:
        return ClientAuthForm::tr("The client shows its certificate in the TLS handshake (RFC 8705); the "
                                  "provider checks it against a CA it trusts and the subject it has for "
                                  "the client.");
    case Method::SelfSignedTlsClientAuth:
        return ClientAuthForm::tr("The client shows a self-signed certificate in the TLS handshake (RFC "
                                  "8705); the provider compares it with the one it has for the client.");
    }
    return {};
}

// QFormLayout gives a word-wrapping field too much height unless it sits in a box layout.
QVBoxLayout* column(std::initializer_list<QWidget*> widgets)
{
    auto* box = new QVBoxLayout;
    box->setSpacing(2);
    for (QWidget* widget : widgets)
        box->addWidget(widget);
    return box;
}

enum class Audience
{
    TokenEndpoint,
    Issuer,
    Url
};

} // namespace

ClientAuthForm::ClientAuthForm(const ProviderProfile& profile, QLabel* error, QWidget* parent)
    : QWidget(parent), m_form(new QFormLayout), m_method(new QComboBox(this)), m_hint(new QLabel(this)),
      m_secret(new SecretField(tr("the client secret"), QStringLiteral("ACME_SECRET"), this)),
      m_privateKey(new SecretField(tr("the private key (PEM)"), QStringLiteral("ACME_PRIVATE_KEY"), this)),
      m_keyId(new QLineEdit(profile.keyId, this)), m_algorithm(new QComboBox(this)),
      m_audienceRow(new QHBoxLayout), m_audience(new QComboBox(this)), m_audienceUrl(new QLineEdit(this)),
      m_certificate(new FileField(tr("the client certificate"), profile.providerCert, tr("PEM file"), this)),
      m_certificateKey(
          new SecretField(tr("the client certificate's key (PEM)"), QStringLiteral("ACME_TLS_KEY"), this)),
      m_authorities(new FileField(tr("the CAs of the provider's certificate"), profile.providerCa,
                                  tr("PEM file; empty: the system's CAs only"), this))
{
    m_method->setObjectName(QStringLiteral("authMethodCombo"));
    for (const auto& [method, how] :
         {std::pair{Method::ClientSecretBasic, tr("Authorization header")},
          {Method::ClientSecretPost, tr("secret in the request body")},
          {Method::PrivateKeyJwt, tr("signed with a private key")},
          {Method::ClientSecretJwt, tr("signed with the client secret")},
          {Method::TlsClientAuth, tr("client certificate")},
          {Method::SelfSignedTlsClientAuth, tr("self-signed client certificate")}})
        m_method->addItem(QStringLiteral("%1 (%2)").arg(ProviderProfile::authMethodName(method), how),
                          int(method));
    m_method->setCurrentIndex(m_method->findData(int(profile.authMethod)));
    m_hint->setObjectName(QStringLiteral("methodHint"));
    m_hint->setWordWrap(true);
    m_hint->setStyleSheet(Theme::textStyle(Theme::Tone::Muted));

    m_secret->setObjectName(QStringLiteral("secretField"));
    m_secret->setReference(profile.clientSecretRef);
    // A PEM key has several lines: it is read from a file (or a variable), never typed into a line.
    m_privateKey->setObjectName(QStringLiteral("privateKeyField"));
    m_privateKey->setReference(profile.privateKeyRef);
    m_privateKey->setPreferredKind(SecretRef::Kind::File);
    m_certificateKey->setObjectName(QStringLiteral("certificateKeyField"));
    m_certificateKey->setReference(profile.providerKeyRef);
    m_certificateKey->setPreferredKind(SecretRef::Kind::File);
    m_keyId->setObjectName(QStringLiteral("keyIdEdit"));
    m_keyId->setPlaceholderText(tr("the kid the provider knows the key by; optional"));

    m_algorithm->setObjectName(QStringLiteral("signingAlgorithmCombo"));
    m_algorithm->addItem(tr("from the key (RS256 for RSA, ES256/384/512 for EC)"), QString());
    for (const char* algorithm : {"RS256", "PS256", "ES256", "ES384", "ES512"})
        m_algorithm->addItem(QLatin1String(algorithm), QLatin1String(algorithm));
    if (m_algorithm->findData(profile.signingAlgorithm) < 0) // set on the command line (RS384...): kept
        m_algorithm->addItem(profile.signingAlgorithm, profile.signingAlgorithm);
    m_algorithm->setCurrentIndex(m_algorithm->findData(profile.signingAlgorithm));

    m_audience->setObjectName(QStringLiteral("assertionAudienceCombo"));
    m_audience->addItem(tr("the token endpoint"), int(Audience::TokenEndpoint));
    m_audience->addItem(tr("the issuer"), int(Audience::Issuer));
    m_audience->addItem(tr("this URL:"), int(Audience::Url));
    m_audience->setToolTip(tr("The aud of the signed assertion: what the provider expects there"));
    m_audienceUrl->setObjectName(QStringLiteral("assertionAudienceUrlEdit"));
    m_audienceUrl->setPlaceholderText(QStringLiteral("https://login.example.com/"));
    const Audience audience =
        profile.assertionAudience.isEmpty() || profile.assertionAudience == QLatin1String("token-endpoint")
            ? Audience::TokenEndpoint
        : profile.assertionAudience == QLatin1String("issuer") ? Audience::Issuer
                                                               : Audience::Url;
    m_audience->setCurrentIndex(m_audience->findData(int(audience)));
    if (audience == Audience::Url)
        m_audienceUrl->setText(profile.assertionAudience);
    m_audienceRow->addWidget(m_audience);
    m_audienceRow->addWidget(m_audienceUrl, 1);

    m_certificate->setObjectName(QStringLiteral("certificateField"));
    m_authorities->setObjectName(QStringLiteral("providerCaField"));

    // A row whose field is a layout gets no buddy from addRow(QString, ...): the label would show "&".
    const auto label = [this](const QString& text, QWidget* buddy) {
        auto* created = new QLabel(text, this);
        created->setBuddy(buddy);
        return created;
    };
    m_form->addRow(label(tr("&Method"), m_method), column({m_method, m_hint}));
    m_form->addRow(tr("Client &secret"), m_secret);
    m_form->addRow(tr("Private &key"), m_privateKey);
    m_form->addRow(tr("Key &ID"), m_keyId);
    m_form->addRow(tr("Si&gning algorithm"), m_algorithm);
    m_form->addRow(label(tr("Assertion a&udience"), m_audience), m_audienceRow);
    m_form->addRow(tr("Client c&ertificate"), m_certificate);
    m_form->addRow(tr("Certificate's ke&y"), m_certificateKey);
    // Below the last row: what the method reads is above it.
    m_form->addRow(label(tr("Provider's CA &file"), m_authorities), column({m_authorities, error}));
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(m_form);
    layout->addStretch(1);

    connect(m_method, &QComboBox::currentIndexChanged, this, [this] {
        followMethod();
        emit methodChanged(method());
    });
    connect(m_audience, &QComboBox::currentIndexChanged, this, &ClientAuthForm::followMethod);
    followMethod();
}

ProviderProfile::AuthMethod ClientAuthForm::method() const
{
    return Method(m_method->currentData().toInt());
}

void ClientAuthForm::followMethod()
{
    const Uses used = uses(method());
    m_hint->setText(hintFor(method()));
    m_form->setRowVisible(m_secret, used.secret);
    for (QWidget* keyRow : std::initializer_list<QWidget*>{m_privateKey, m_keyId, m_algorithm})
        m_form->setRowVisible(keyRow, used.privateKey);
    m_form->setRowVisible(m_audienceRow, used.assertion);
    m_audienceUrl->setVisible(Audience(m_audience->currentData().toInt()) == Audience::Url);
    m_form->setRowVisible(m_certificate, used.certificate);
    m_form->setRowVisible(m_certificateKey, used.certificate);
}

QString ClientAuthForm::assertionAudience() const
{
    switch (Audience(m_audience->currentData().toInt())) {
    case Audience::TokenEndpoint:
        return {};
    case Audience::Issuer:
        return QStringLiteral("issuer");
    case Audience::Url:
        break;
    }
    return m_audienceUrl->text().trimmed();
}

void ClientAuthForm::applyTo(ProviderProfile& profile) const
{
    // What a hidden field holds is not saved: the profile names only what its method reads.
    const Uses used = uses(method());
    profile.authMethod = method();
    profile.clientSecretRef = used.secret ? m_secret->reference() : QString();
    profile.privateKeyRef = used.privateKey ? m_privateKey->reference() : QString();
    profile.keyId = used.privateKey ? m_keyId->text().trimmed() : QString();
    profile.signingAlgorithm = used.privateKey ? m_algorithm->currentData().toString() : QString();
    profile.assertionAudience = used.assertion ? assertionAudience() : QString();
    profile.providerCert = used.certificate ? m_certificate->path() : QString();
    profile.providerKeyRef = used.certificate ? m_certificateKey->reference() : QString();
    profile.providerCa = m_authorities->path();
}

void ClientAuthForm::setProfileName(const QString& name)
{
    for (const auto& [field, secret] : {std::pair{m_secret, "client-secret"},
                                        {m_privateKey, "private-key"},
                                        {m_certificateKey, "provider-key"}})
        field->setKeychainName(SecretField::keychainNameFor(
            QStringLiteral("profile.%1.%2").arg(name.trimmed(), QLatin1String(secret))));
}

QList<SecretField*> ClientAuthForm::usedSecrets() const
{
    const Uses used = uses(method());
    QList<SecretField*> fields;
    if (used.secret)
        fields.append(m_secret);
    if (used.privateKey)
        fields.append(m_privateKey);
    if (used.certificate)
        fields.append(m_certificateKey);
    return fields;
}

namespace {

void storeEach(QList<SecretField*> fields, QObject* context, std::function<void(const Result<Done>&)> done)
{
    if (fields.isEmpty())
        return done(Done{});
    SecretField* next = fields.takeFirst();
    next->storeInKeychain(context, [fields, context, done](const Result<Done>& stored) {
        if (!stored)
            return done(stored);
        storeEach(fields, context, done);
    });
}

} // namespace

void ClientAuthForm::storeInKeychain(QObject* context, std::function<void(const Result<Done>&)> done)
{
    storeEach(usedSecrets(), context, std::move(done));
}

} // namespace tokencache
