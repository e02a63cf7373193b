#include "ui/dialogs/IssuerField.h"

#include "core/common/Escape.h"
#include "core/oauth/ClientAuthentication.h"
#include "ui/Theme.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace tokencache {

namespace {

// What the provider sent, readable and short enough not to widen the dialog.
QString shown(const QString& text)
{
    constexpr qsizetype kMaxShown = 120;
    const QString escaped = Escape::text(text);
    return escaped.size() > kMaxShown ? escaped.left(kMaxShown - 1) + QChar(0x2026) : escaped;
}

QLabel* resultLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextFormat(Qt::PlainText); // the provider's words
    label->setWordWrap(true);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
    return label;
}

} // namespace

IssuerField::IssuerField(const QString& issuer, QWidget* parent)
    : QWidget(parent), m_metadata(new ProviderMetadataClient(ProviderMetadataClient::defaultCacheDirectory(),
                                                             Clock::system(), this)),
      m_issuer(new QLineEdit(issuer, this)), m_discover(new QPushButton(tr("Disco&ver"), this)),
      m_found(resultLabel(QStringLiteral("discoveryResult"), this)),
      m_warning(resultLabel(QStringLiteral("discoveryWarning"), this))
{
    m_issuer->setObjectName(QStringLiteral("issuerEdit"));
    m_issuer->setPlaceholderText(tr("e.g. https://login.example.com/realms/services"));
    m_issuer->setToolTip(tr("The provider's issuer: its metadata names the token endpoint (the token URL "
                            "may then stay empty) and the revocation endpoint; its keys check tokens "
                            "(Verify)"));
    m_discover->setObjectName(QStringLiteral("discoverButton"));
    m_discover->setToolTip(tr("Read the issuer's metadata and show what it names. Nothing is saved."));
    m_discover->setEnabled(!issuer.trimmed().isEmpty());
    m_warning->setStyleSheet(Theme::textStyle(Theme::Tone::Warning));

    auto* row = new QHBoxLayout;
    row->addWidget(m_issuer, 1);
    row->addWidget(m_discover);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addLayout(row);
    layout->addWidget(m_found);
    layout->addWidget(m_warning);
    setFocusProxy(m_issuer);

    connect(m_discover, &QPushButton::clicked, this, &IssuerField::discoverClicked);
    connect(m_issuer, &QLineEdit::textChanged, this, [this] {
        forgetFound(); // it was another issuer's
        m_discover->setEnabled(!this->issuer().isEmpty());
        emit changed();
    });
}

QString IssuerField::issuer() const
{
    return m_issuer->text().trimmed();
}

QString IssuerField::discoveredTokenEndpoint() const
{
    return m_lastFound ? m_lastFound->tokenEndpoint : QString();
}

void IssuerField::discover(const ProviderProfile& entered)
{
    forgetFound();
    const quint64 discovery = m_discovery;
    const auto authorities = ClientAuthentication::extraAuthorities(entered);
    if (!authorities)
        return showError(authorities.error().message);
    m_metadata->setExtraCaCertificates(*authorities);
    m_metadata->setTimeoutMs(entered.requestTimeoutMs);
    m_discover->setEnabled(false);
    m_found->setStyleSheet(Theme::textStyle(Theme::Tone::Muted));
    m_found->setText(tr("Reading the metadata of %1…").arg(shown(issuer())));
    m_found->show();
    // Set before: a document still fresh in the cache answers at once.
    m_metadata->discover(issuer(), this, [this, discovery](const Result<ProviderMetadata>& found) {
        if (discovery != m_discovery)
            return; // the issuer was edited meanwhile
        m_discover->setEnabled(true);
        if (!found)
            return showError(found.error().message);
        m_lastFound = *found;
        showFound();
        emit changed();
    });
}

void IssuerField::setAuthMethod(ProviderProfile::AuthMethod method)
{
    m_method = method;
    if (m_lastFound)
        showFound();
}

void IssuerField::forgetFound()
{
    ++m_discovery;
    m_lastFound.reset();
    m_found->hide();
    m_warning->hide();
}

void IssuerField::showFound()
{
    const ProviderMetadata& found = *m_lastFound;
    const auto endpoint = [](const QString& url) {
        return url.isEmpty() ? tr("none published") : shown(url);
    };
    QString tokenEndpoint = endpoint(found.tokenEndpoint);
    if (const QString alias = found.mtlsEndpointAliases.value(QStringLiteral("token_endpoint")).toString();
        !alias.isEmpty())
        tokenEndpoint += tr(" (with a client certificate: %1)").arg(shown(alias));
    const QStringList lines{
        tr("Token endpoint: %1").arg(tokenEndpoint),
        tr("Introspection: %1").arg(endpoint(found.introspectionEndpoint)),
        tr("Revocation: %1").arg(endpoint(found.revocationEndpoint)),
        found.authMethods.isEmpty()
            ? tr("Client authentication: none listed (RFC 8414: then client_secret_basic only)")
            : tr("Client authentication: %1").arg(shown(found.authMethods.join(QStringLiteral(", "))))};
    m_found->setStyleSheet({});
    m_found->setText(lines.join(QLatin1Char('\n')));
    m_found->show();

    QStringList warnings;
    if (found.tokenEndpoint.isEmpty())
        warnings.append(tr("The issuer names no token endpoint: the token URL must be given."));
    const QString chosen = ProviderProfile::authMethodName(m_method);
    const QStringList supported =
        found.authMethods.isEmpty() ? QStringList{QStringLiteral("client_secret_basic")} : found.authMethods;
    if (!supported.contains(chosen))
        warnings.append(
            tr("The issuer does not list %1, the method chosen under Authentication.").arg(chosen));
    m_warning->setText(warnings.join(QLatin1Char('\n')));
    m_warning->setVisible(!warnings.isEmpty());
}

void IssuerField::showError(const QString& message)
{
    m_found->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
    m_found->setText(message);
    m_found->show();
}

} // namespace tokencache
