#include "ui/dialogs/ProfileDialog.h"

#include "core/common/Humanize.h"
#include "core/oauth/TokenClient.h"
#include "ui/Theme.h"
#include "ui/widgets/SecretField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace tokencache {

namespace {

QLabel* errorLabel(const QString& objectName, QWidget* parent)
{
    auto* label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
    label->setWordWrap(true);
    label->hide();
    return label;
}

QSpinBox* spinBox(const QString& objectName, int minimum, int maximum, int value, const QString& suffix,
                  QWidget* parent)
{
    auto* box = new QSpinBox(parent);
    box->setObjectName(objectName);
    box->setRange(minimum, maximum);
    box->setValue(value);
    box->setSuffix(suffix);
    return box;
}

} // namespace

ProfileDialog::ProfileDialog(const ProviderProfile& profile, const QStringList& takenNames, QWidget* parent)
    : QDialog(parent), m_takenNames(takenNames), m_client(new TokenClient(this))
{
    setObjectName(QStringLiteral("profileDialog"));
    setWindowTitle(profile.name.isEmpty() ? tr("New provider profile")
                                          : tr("Edit profile %1").arg(profile.name));

    m_name = addLine(QStringLiteral("nameEdit"), profile.name, tr("e.g. acme"));
    m_tokenUrl = addLine(QStringLiteral("tokenUrlEdit"), profile.tokenUrl,
                         QStringLiteral("https://login.example.com/oauth2/token"));
    // Red, as the TLS "insecure" box of the connection dialog: the secret would travel in clear.
    m_allowInsecureHttp =
        new QCheckBox(tr("Allow plain http to a host that is not loopback (the client secret "
                         "travels unencrypted)"),
                      this);
    m_allowInsecureHttp->setObjectName(QStringLiteral("allowInsecureHttpCheck"));
    m_allowInsecureHttp->setChecked(profile.allowInsecureHttp);
    m_allowInsecureHttp->setStyleSheet(
        QStringLiteral("QCheckBox { %1 font-weight: bold; }").arg(Theme::textStyle(Theme::Tone::Bad)));
    m_clientId = addLine(QStringLiteral("clientIdEdit"), profile.clientId);
    m_secret = new SecretField(tr("the client secret"), QStringLiteral("ACME_SECRET"), this);
    m_secret->setObjectName(QStringLiteral("secretField"));
    m_secret->setReference(profile.clientSecretRef);
    m_authMethod = new QComboBox(this);
    m_authMethod->setObjectName(QStringLiteral("authMethodCombo"));
    m_authMethod->addItem(QStringLiteral("client_secret_basic"),
                          int(ProviderProfile::AuthMethod::ClientSecretBasic));
    m_authMethod->addItem(QStringLiteral("client_secret_post"),
                          int(ProviderProfile::AuthMethod::ClientSecretPost));
    m_authMethod->setCurrentIndex(m_authMethod->findData(int(profile.authMethod)));
    m_scopes =
        addLine(QStringLiteral("scopesEdit"), profile.scopes.join(QLatin1Char(' ')), tr("space-separated"));
    m_audience = addLine(QStringLiteral("audienceEdit"), profile.audience);
    m_resource = addLine(QStringLiteral("resourceEdit"), profile.resource);
    m_extra = new QPlainTextEdit(this);
    m_extra->setObjectName(QStringLiteral("extraEdit"));
    m_extra->setPlaceholderText(tr("NAME=VALUE, one per line"));
    m_extra->setMaximumHeight(60);
    QStringList extra;
    for (auto it = profile.extraParameters.cbegin(); it != profile.extraParameters.cend(); ++it)
        extra.append(it.key() + QLatin1Char('=') + it.value());
    m_extra->setPlainText(extra.join(QLatin1Char('\n')));
    m_key = addLine(QStringLiteral("keyEdit"), profile.key, tr("default: oauth2token:<name>"));
    m_margin = spinBox(QStringLiteral("marginSpin"), 0, 3600, profile.refreshMarginSeconds, tr(" s"), this);
    m_attempts = spinBox(QStringLiteral("attemptsSpin"), 1, 10, profile.maxAttempts, {}, this);
    m_timeout =
        spinBox(QStringLiteral("timeoutSpin"), 1, 300, profile.requestTimeoutMs / 1000, tr(" s"), this);
    m_defaultTtl =
        spinBox(QStringLiteral("defaultTtlSpin"), 0, 86400, profile.defaultTtlSeconds, tr(" s"), this);
    m_defaultTtl->setSpecialValueText(tr("do not cache"));

    m_errors.insert(ProviderProfile::Field::Name, errorLabel(QStringLiteral("nameError"), this));
    m_errors.insert(ProviderProfile::Field::TokenUrl, errorLabel(QStringLiteral("tokenUrlError"), this));
    m_errors.insert(ProviderProfile::Field::ClientId, errorLabel(QStringLiteral("clientIdError"), this));
    m_errors.insert(ProviderProfile::Field::ClientSecret, errorLabel(QStringLiteral("secretError"), this));
    m_errors.insert(ProviderProfile::Field::Numbers, errorLabel(QStringLiteral("numbersError"), this));

    auto* form = new QFormLayout;
    // A row whose field is a layout gets no buddy from addRow(QString, ...): the label would show "&".
    const auto label = [this](const QString& text, QWidget* buddy) {
        auto* created = new QLabel(text, this);
        created->setBuddy(buddy);
        return created;
    };
    const auto withError = [this](QWidget* field, ProviderProfile::Field which) {
        auto* box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(field);
        box->addWidget(m_errors.value(which));
        return box;
    };
    form->addRow(label(tr("&Name"), m_name), withError(m_name, ProviderProfile::Field::Name));
    form->addRow(label(tr("Token &URL"), m_tokenUrl),
                 withError(m_tokenUrl, ProviderProfile::Field::TokenUrl));
    form->addRow(QString(), m_allowInsecureHttp);
    form->addRow(label(tr("Client &ID"), m_clientId),
                 withError(m_clientId, ProviderProfile::Field::ClientId));
    form->addRow(label(tr("Client &secret"), m_secret),
                 withError(m_secret, ProviderProfile::Field::ClientSecret));
    form->addRow(tr("Client &authentication"), m_authMethod);
    form->addRow(tr("S&copes"), m_scopes);
    form->addRow(tr("Au&dience"), m_audience);
    form->addRow(tr("&Resource"), m_resource);
    form->addRow(tr("Extra &form fields"), m_extra);
    form->addRow(tr("Cache &key"), m_key);
    form->addRow(tr("Refresh &margin"), m_margin);
    form->addRow(tr("A&ttempts"), m_attempts);
    form->addRow(tr("Request t&imeout"), m_timeout);
    form->addRow(tr("TTL without expires_in"), withError(m_defaultTtl, ProviderProfile::Field::Numbers));

    auto* fetch = new QPushButton(tr("Test: fetch a token"), this);
    fetch->setObjectName(QStringLiteral("fetchButton"));
    fetch->setToolTip(tr("Asks the provider for a token with these settings, to test them. Nothing is "
                         "stored in Redis or saved."));
    m_fetchResult = new QLabel(this);
    m_fetchResult->setObjectName(QStringLiteral("fetchResult"));
    m_fetchResult->setWordWrap(true);
    m_fetchResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* fetchRow = new QHBoxLayout;
    fetchRow->addWidget(fetch);
    fetchRow->addWidget(m_fetchResult, 1);

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttons"));
    auto* layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize); // never smaller than its rows need
    layout->addLayout(form);
    layout->addLayout(fetchRow);
    layout->addWidget(buttons);

    connect(fetch, &QPushButton::clicked, this, &ProfileDialog::fetchNow);
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProfileDialog::reject);
    // The name is checked as it is typed, not only on Save.
    connect(m_name, &QLineEdit::textEdited, this, &ProfileDialog::checkName);
    resize(560, sizeHint().height());
}

ProfileDialog::~ProfileDialog() = default;

QLineEdit* ProfileDialog::addLine(const QString& objectName, const QString& text, const QString& placeholder)
{
    auto* line = new QLineEdit(text, this);
    line->setObjectName(objectName);
    line->setPlaceholderText(placeholder);
    return line;
}

ProviderProfile ProfileDialog::profile() const
{
    ProviderProfile profile;
    profile.name = m_name->text().trimmed();
    profile.tokenUrl = m_tokenUrl->text().trimmed();
    profile.clientId = m_clientId->text().trimmed();
    profile.clientSecretRef = m_secret->reference();
    profile.authMethod = ProviderProfile::AuthMethod(m_authMethod->currentData().toInt());
    profile.scopes = m_scopes->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    profile.audience = m_audience->text().trimmed();
    profile.resource = m_resource->text().trimmed();
    for (const QString& line : m_extra->toPlainText().split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
        const qsizetype equals = line.indexOf(QLatin1Char('='));
        if (equals > 0)
            profile.extraParameters.insert(line.left(equals).trimmed(), line.mid(equals + 1).trimmed());
    }
    profile.key = m_key->text().trimmed();
    profile.refreshMarginSeconds = m_margin->value();
    profile.maxAttempts = m_attempts->value();
    profile.requestTimeoutMs = m_timeout->value() * 1000;
    profile.defaultTtlSeconds = m_defaultTtl->value();
    profile.allowInsecureHttp = m_allowInsecureHttp->isChecked();
    return profile;
}

bool ProfileDialog::validateInput()
{
    const ProviderProfile entered = profile();
    QList<ProviderProfile::Problem> problems = entered.problems();
    if (const QString insecure = entered.insecureUrlProblem(); !insecure.isEmpty())
        problems.append(
            {ProviderProfile::Field::TokenUrl,
             tr("plain http to a host that is not loopback: use https, or tick the red box below")});
    problems += nameProblems(entered.name);
    for (QLabel* label : std::as_const(m_errors))
        label->hide();
    for (const ProviderProfile::Problem& problem : problems) {
        QLabel* label = m_errors.value(problem.field);
        label->setText(problem.message);
        label->show();
    }
    return problems.isEmpty();
}

QList<ProviderProfile::Problem> ProfileDialog::nameProblems(const QString& name) const
{
    QList<ProviderProfile::Problem> problems;
    // Names go into keys and command lines, where a space only causes trouble.
    if (name.contains(QLatin1Char(' ')))
        problems.append({ProviderProfile::Field::Name, tr("a name must not contain spaces")});
    if (m_takenNames.contains(name))
        problems.append({ProviderProfile::Field::Name, tr("another profile is named \"%1\"").arg(name)});
    return problems;
}

void ProfileDialog::checkName()
{
    QList<ProviderProfile::Problem> problems = nameProblems(m_name->text().trimmed());
    QLabel* error = m_errors.value(ProviderProfile::Field::Name);
    error->setText(problems.isEmpty() ? QString() : problems.first().message);
    error->setVisible(!problems.isEmpty());
}

void ProfileDialog::accept()
{
    if (validateInput())
        QDialog::accept();
}

void ProfileDialog::fetchNow()
{
    if (!validateInput())
        return;
    auto request = TokenRequest::fromProfile(profile());
    if (!request) {
        m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
        m_fetchResult->setText(request.error().message);
        return;
    }
    m_fetchResult->setStyleSheet({});
    m_fetchResult->setText(tr("Fetching…"));
    m_client->fetch(*request, this, [this](const Result<TokenResponse>& response) {
        if (!response) {
            m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
            m_fetchResult->setText(response.error().message);
            return;
        }
        m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Good));
        const QString lifetime =
            response->expiresIn ? tr("expires in %1").arg(Humanize::duration(*response->expiresIn * 1000))
                                : response->expiresInProblem;
        m_fetchResult->setText(
            tr("OK: %1 token %2, %3%4")
                .arg(response->tokenType, Humanize::masked(response->accessToken), lifetime,
                     response->scope.isEmpty() ? QString() : tr(", scope \"%1\"").arg(response->scope)));
    });
}

} // namespace tokencache
