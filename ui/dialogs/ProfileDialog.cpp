#include "ui/dialogs/ProfileDialog.h"

#include "core/common/Escape.h"
#include "core/common/Humanize.h"
#include "core/common/JsonPointer.h"
#include "core/config/HeaderValue.h"
#include "core/config/SecretPrefetch.h"
#include "core/oauth/TokenClient.h"
#include "ui/Theme.h"
#include "ui/dialogs/ClientAuthForm.h"
#include "ui/dialogs/IssuerField.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTableWidget>
#include <QVBoxLayout>

namespace tokencache {

namespace {

// The tabs, in their order.
enum Tab
{
    ClientTab,
    AuthenticationTab,
    RequestTab,
    ResponseTab
};

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

// A JSON value as a person reads it in a one-line preview.
QString jsonText(const QJsonValue& value)
{
    if (value.isString())
        return value.toString();
    if (value.isDouble())
        return QString::number(value.toDouble(), 'g', 15);
    if (value.isBool())
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    if (value.isObject())
        return QStringLiteral("an object, not a value");
    return value.isArray() ? QStringLiteral("an array, not a value") : QStringLiteral("null");
}

} // namespace

ProfileDialog::ProfileDialog(const ProviderProfile& profile, const QStringList& takenNames, QWidget* parent)
    : QDialog(parent), m_original(profile), m_takenNames(takenNames), m_client(new TokenClient(this))
{
    setObjectName(QStringLiteral("profileDialog"));
    setWindowTitle(profile.name.isEmpty() ? tr("New provider profile")
                                          : tr("Edit profile %1").arg(profile.name));

    m_name = addLine(QStringLiteral("nameEdit"), profile.name, tr("e.g. acme"));
    m_tokenUrl = addLine(QStringLiteral("tokenUrlEdit"), profile.tokenUrl);
    // Red, as the TLS "insecure" box of the connection dialog: the credentials would travel in clear.
    m_allowInsecureHttp =
        new QCheckBox(tr("Allow plain http to a host that is not loopback (the client's credentials "
                         "travel unencrypted)"),
                      this);
    m_allowInsecureHttp->setObjectName(QStringLiteral("allowInsecureHttpCheck"));
    m_allowInsecureHttp->setChecked(profile.allowInsecureHttp);
    m_allowInsecureHttp->setStyleSheet(
        QStringLiteral("QCheckBox { %1 font-weight: bold; }").arg(Theme::textStyle(Theme::Tone::Bad)));
    m_clientId = addLine(QStringLiteral("clientIdEdit"), profile.clientId);
    m_issuer = new IssuerField(profile.issuer, this);
    m_issuer->setObjectName(QStringLiteral("issuerField"));
    m_scopes =
        addLine(QStringLiteral("scopesEdit"), profile.scopes.join(QLatin1Char(' ')), tr("space-separated"));
    m_audience = addLine(QStringLiteral("audienceEdit"), profile.audience);
    m_resource = addLine(QStringLiteral("resourceEdit"), profile.resource);
    m_extra = new QPlainTextEdit(this);
    m_extra->setObjectName(QStringLiteral("extraEdit"));
    m_extra->setPlaceholderText(tr("NAME=VALUE, one per line (form fields, or JSON members)"));
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
    m_errors.insert(ProviderProfile::Field::Request, errorLabel(QStringLiteral("requestError"), this));
    m_errors.insert(ProviderProfile::Field::Response, errorLabel(QStringLiteral("responseError"), this));

    auto* fetch = new QPushButton(tr("Test: fetch a token"), this);
    fetch->setObjectName(QStringLiteral("fetchButton"));
    fetch->setToolTip(tr("Asks the provider for a token with these settings, to test them. Nothing is "
                         "stored in Redis or saved."));
    m_fetchResult = new QLabel(this);
    m_fetchResult->setObjectName(QStringLiteral("fetchResult"));
    m_fetchResult->setWordWrap(true);
    m_fetchResult->setTextFormat(Qt::PlainText); // the provider's words
    m_fetchResult->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* fetchRow = new QHBoxLayout;
    fetchRow->addWidget(fetch);
    fetchRow->addWidget(m_fetchResult, 1);

    m_tabs = new QTabWidget(this);
    m_tabs->setObjectName(QStringLiteral("profileTabs"));
    m_tabs->addTab(generalTab(), tr("&Client"));
    m_auth = new ClientAuthForm(profile, m_errors.value(ProviderProfile::Field::ClientSecret), m_tabs);
    m_auth->setObjectName(QStringLiteral("clientAuthForm"));
    m_tabs->addTab(m_auth, tr("Aut&hentication"));
    m_tabs->addTab(requestTab(profile), tr("Re&quest"));
    m_tabs->addTab(responseTab(profile), tr("Res&ponse"));

    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    buttons->setObjectName(QStringLiteral("buttons"));
    auto* layout = new QVBoxLayout(this);
    layout->setSizeConstraint(QLayout::SetMinimumSize); // never smaller than its rows need
    layout->addWidget(m_tabs);
    layout->addLayout(fetchRow);
    layout->addWidget(buttons);

    connect(fetch, &QPushButton::clicked, this, &ProfileDialog::fetchNow);
    // A secret typed for the keychain is stored under the profile's name (issue 17).
    m_auth->setProfileName(profile.name);
    connect(m_name, &QLineEdit::textChanged, m_auth, &ClientAuthForm::setProfileName);
    m_issuer->setAuthMethod(profile.authMethod);
    connect(m_auth, &ClientAuthForm::methodChanged, m_issuer, &IssuerField::setAuthMethod);
    connect(m_issuer, &IssuerField::discoverClicked, this, [this] { m_issuer->discover(this->profile()); });
    connect(m_issuer, &IssuerField::changed, this, &ProfileDialog::updateTokenUrlPlaceholder);
    updateTokenUrlPlaceholder();
    connect(buttons, &QDialogButtonBox::accepted, this, &ProfileDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ProfileDialog::reject);
    // The name is checked as it is typed, not only on Save.
    connect(m_name, &QLineEdit::textEdited, this, &ProfileDialog::checkName);
    resize(600, sizeHint().height());
}

QWidget* ProfileDialog::generalTab()
{
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("clientTab"));
    auto* form = new QFormLayout;
    // A row whose field is a layout gets no buddy from addRow(QString, ...): the label would show "&".
    const auto label = [tab](const QString& text, QWidget* buddy) {
        auto* created = new QLabel(text, tab);
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
    // Mnemonics: unique within the tab and apart from the tabs' (C, H, Q, P).
    form->addRow(label(tr("&Name"), m_name), withError(m_name, ProviderProfile::Field::Name));
    // The issuer first: its metadata may name the token URL. Boxed as the fields with an error are:
    // QFormLayout gives a lone word-wrapping field too much height.
    auto* issuer = new QVBoxLayout;
    issuer->addWidget(m_issuer);
    form->addRow(label(tr("Is&suer"), m_issuer), issuer);
    form->addRow(label(tr("Token &URL"), m_tokenUrl),
                 withError(m_tokenUrl, ProviderProfile::Field::TokenUrl));
    form->addRow(QString(), m_allowInsecureHttp);
    form->addRow(label(tr("Client &ID"), m_clientId),
                 withError(m_clientId, ProviderProfile::Field::ClientId));
    form->addRow(tr("Sc&opes"), m_scopes);
    form->addRow(tr("Au&dience"), m_audience);
    form->addRow(tr("&Resource"), m_resource);
    form->addRow(tr("Extra &fields"), m_extra);
    form->addRow(tr("Cache &key"), m_key);
    form->addRow(tr("Refresh &margin"), m_margin);
    form->addRow(tr("&Attempts"), m_attempts);
    form->addRow(tr("Request &timeout"), m_timeout);
    form->addRow(label(tr("TTL &without a lifetime"), m_defaultTtl),
                 withError(m_defaultTtl, ProviderProfile::Field::Numbers));
    // What the tallest tab leaves over goes below the rows, not into the issuer's.
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addStretch(1);
    return tab;
}

QWidget* ProfileDialog::requestTab(const ProviderProfile& profile)
{
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("requestTab"));
    m_requestFormat = new QComboBox(tab);
    m_requestFormat->setObjectName(QStringLiteral("requestFormatCombo"));
    m_requestFormat->addItem(tr("Form (application/x-www-form-urlencoded, RFC 6749)"),
                             int(ProviderProfile::RequestFormat::Form));
    m_requestFormat->addItem(tr("JSON (application/json)"), int(ProviderProfile::RequestFormat::Json));
    m_requestFormat->setCurrentIndex(m_requestFormat->findData(int(profile.requestFormat)));

    m_headers = new QTableWidget(0, 2, tab);
    m_headers->setObjectName(QStringLiteral("headersTable"));
    m_headers->setHorizontalHeaderLabels({tr("Header"), tr("Value")});
    m_headers->horizontalHeader()->setStretchLastSection(true);
    m_headers->setColumnWidth(0, 200);
    m_headers->verticalHeader()->hide();
    m_headers->setMinimumHeight(120);
    for (auto it = profile.headers.cbegin(); it != profile.headers.cend(); ++it)
        addHeaderRow(it.key(), it.value());
    auto* add = new QPushButton(tr("&Add header"), tab);
    add->setObjectName(QStringLiteral("addHeaderButton"));
    auto* remove = new QPushButton(tr("Remo&ve header"), tab);
    remove->setObjectName(QStringLiteral("removeHeaderButton"));
    connect(add, &QPushButton::clicked, this, [this] {
        addHeaderRow({}, {});
        m_headers->editItem(m_headers->item(m_headers->rowCount() - 1, 0));
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_headers->currentRow() >= 0)
            m_headers->removeRow(m_headers->currentRow());
    });
    auto* hint = new QLabel(tr("A value is a secret reference, <b>env:NAME</b> or <b>file:/path</b>, for an "
                               "API key (resolved when the request is made, never shown), or "
                               "<b>plain:TEXT</b> for a value that is not secret, such as an Accept type."),
                            tab);
    hint->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addStretch(1);

    auto* form = new QFormLayout;
    form->addRow(tr("Body &format"), m_requestFormat);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    auto* headersLabel = new QLabel(tr("E&xtra headers"), tab);
    headersLabel->setBuddy(m_headers);
    layout->addWidget(headersLabel);
    layout->addWidget(m_headers, 1);
    layout->addLayout(buttons);
    layout->addWidget(hint);
    layout->addWidget(m_errors.value(ProviderProfile::Field::Request));
    return tab;
}

QWidget* ProfileDialog::responseTab(const ProviderProfile& profile)
{
    auto* tab = new QWidget(this);
    tab->setObjectName(QStringLiteral("responseTab"));
    auto* form = new QFormLayout;
    static const QHash<QString, QString> labels{{QStringLiteral("token"), tr("&Token")},
                                                {QStringLiteral("lifetime"), tr("&Lifetime (seconds)")},
                                                {QStringLiteral("expiry time"), tr("&Expiry time")},
                                                {QStringLiteral("token type"), tr("Token t&ype")}};
    for (const ResponseMapping::Pointer& pointer : ResponseMapping::pointers()) {
        const QString role = QLatin1String(pointer.role);
        const QString base = QString::fromLatin1(pointer.jsonName);
        auto* edit =
            addLine(base + QStringLiteral("Edit"), profile.response.*pointer.field,
                    role == QLatin1String("expiry time") ? tr("none; e.g. /data/expiresAt") : tr("none"));
        auto* found = new QLabel(tab);
        found->setObjectName(base + QStringLiteral("Found"));
        found->setTextFormat(Qt::PlainText); // what the provider sent
        found->setWordWrap(true);
        auto* box = new QVBoxLayout;
        box->setSpacing(2);
        box->addWidget(edit);
        box->addWidget(found);
        auto* label = new QLabel(labels.value(role), tab);
        label->setBuddy(edit);
        form->addRow(label, box);
        m_pointers.append(edit);
        m_pointerFinds.append(found);
        connect(edit, &QLineEdit::textChanged, this, &ProfileDialog::updatePreview);
    }
    m_responseView = new QPlainTextEdit(tab);
    m_responseView->setObjectName(QStringLiteral("responseView"));
    m_responseView->setReadOnly(true);
    m_responseView->setPlaceholderText(
        tr("\"Test: fetch a token\" shows the provider's response here (its tokens masked), and above what "
           "each field finds in it."));
    auto* hint =
        new QLabel(tr("JSON pointers (RFC 6901) into the provider's response, e.g. "
                      "<b>/data/accessToken</b>. An expiry time is epoch seconds, epoch milliseconds "
                      "or an RFC 3339 time; a lifetime wins when both are there."),
                   tab);
    hint->setWordWrap(true);
    auto* layout = new QVBoxLayout(tab);
    layout->addLayout(form);
    layout->addWidget(m_errors.value(ProviderProfile::Field::Response));
    layout->addWidget(hint);
    layout->addWidget(m_responseView, 1);
    updatePreview();
    return tab;
}

void ProfileDialog::addHeaderRow(const QString& name, const QString& value)
{
    const int row = m_headers->rowCount();
    m_headers->insertRow(row);
    m_headers->setItem(row, 0, new QTableWidgetItem(name));
    // A literal secret stored in the file is not shown; it stays unless the cell is edited.
    auto* cell = new QTableWidgetItem(value);
    if (const auto parsed = HeaderValue::parse(value);
        parsed && parsed->secret().kind() == SecretRef::Kind::Literal) {
        cell->setText(parsed->shown());
        cell->setData(Qt::UserRole, value);
    }
    m_headers->setItem(row, 1, cell);
}

QMap<QString, QString> ProfileDialog::headers() const
{
    QMap<QString, QString> headers;
    for (int row = 0; row < m_headers->rowCount(); ++row) {
        const QTableWidgetItem* name = m_headers->item(row, 0);
        const QTableWidgetItem* value = m_headers->item(row, 1);
        if (!name || name->text().trimmed().isEmpty())
            continue;
        const QString stored = value ? value->data(Qt::UserRole).toString() : QString();
        const bool unchanged =
            value && !stored.isEmpty() && HeaderValue::parse(stored)->shown() == value->text();
        headers.insert(name->text().trimmed(), unchanged ? stored
                                               : value   ? value->text().trimmed()
                                                         : QString());
    }
    return headers;
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
    profile.unknownMembers = m_original.unknownMembers;
    profile.name = m_name->text().trimmed();
    profile.tokenUrl = m_tokenUrl->text().trimmed();
    profile.clientId = m_clientId->text().trimmed();
    m_auth->applyTo(profile);
    profile.scopes = m_scopes->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    profile.audience = m_audience->text().trimmed();
    profile.issuer = m_issuer->issuer();
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
    profile.requestFormat = ProviderProfile::RequestFormat(m_requestFormat->currentData().toInt());
    profile.headers = headers();
    for (qsizetype i = 0; i < m_pointers.size(); ++i)
        profile.response.*ResponseMapping::pointers().at(i).field = m_pointers.at(i)->text().trimmed();
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
    for (QLabel* label : std::as_const(m_errors)) {
        label->clear();
        label->hide();
    }
    // A field may have several (a certificate and its key): each on its own line.
    for (const ProviderProfile::Problem& problem : problems) {
        QLabel* label = m_errors.value(problem.field);
        label->setText(label->text().isEmpty() ? problem.message
                                               : label->text() + QLatin1Char('\n') + problem.message);
        label->show();
    }
    // The first problem is shown where it is: its tab comes to the front.
    if (!problems.isEmpty()) {
        const ProviderProfile::Field first = problems.first().field;
        m_tabs->setCurrentIndex(first == ProviderProfile::Field::ClientSecret ? AuthenticationTab
                                : first == ProviderProfile::Field::Request    ? RequestTab
                                : first == ProviderProfile::Field::Response   ? ResponseTab
                                                                              : ClientTab);
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
    if (!validateInput())
        return;
    // The keychain holds the secrets before the config names them.
    m_auth->storeInKeychain(this, [this](const Result<Done>& stored) {
        if (stored)
            return QDialog::accept();
        QLabel* error = m_errors.value(ProviderProfile::Field::ClientSecret);
        error->setText(stored.error().message);
        error->show();
    });
}

void ProfileDialog::fetchNow()
{
    if (!validateInput())
        return;
    // A secret typed for the keychain is stored first, then every keychain reference is read (issue 17).
    m_auth->storeInKeychain(this, [this](const Result<Done>& stored) {
        if (!stored) {
            m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
            m_fetchResult->setText(stored.error().message);
            return;
        }
        SecretPrefetch::run(TokenRequest::secretReferences(profile()), this, [this] { fetchWithSecrets(); });
    });
}

void ProfileDialog::fetchWithSecrets()
{
    auto request = TokenRequest::fromProfile(profile());
    if (!request) {
        m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
        m_fetchResult->setText(request.error().message);
        return;
    }
    m_fetchResult->setStyleSheet({});
    m_fetchResult->setText(tr("Fetching…"));
    m_client->fetchBody(*request, this, [this, request = *request](const Result<QByteArray>& body) {
        if (!body) {
            m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
            m_fetchResult->setText(body.error().message);
            return;
        }
        m_lastResponse = QJsonDocument::fromJson(*body).object();
        updatePreview();
        // Read with the pointers as they are now, which may have changed while the request ran.
        TokenRequest current = request;
        current.profile = profile();
        const Result<TokenResponse> response = TokenClient::response(current, *body);
        if (!response) {
            m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
            m_fetchResult->setText(response.error().message +
                                   tr(" — the Response tab shows what the provider sent"));
            m_tabs->setCurrentIndex(ResponseTab);
            return;
        }
        m_fetchResult->setStyleSheet(Theme::textStyle(Theme::Tone::Good));
        const QString lifetime =
            response->expiresIn ? tr("expires in %1").arg(Humanize::duration(*response->expiresIn * 1000))
            : response->expiresAt
                ? tr("expires at %1")
                      .arg(QLocale().toString(response->expiresAt->toLocalTime(), QLocale::ShortFormat))
                : response->expiresInProblem;
        m_fetchResult->setText(
            tr("OK: %1 token %2, %3%4")
                .arg(response->tokenType.isEmpty() ? QStringLiteral("Bearer") : response->tokenType,
                     Humanize::masked(response->accessToken), lifetime,
                     response->scope.isEmpty() ? QString() : tr(", scope \"%1\"").arg(response->scope)));
    });
}

void ProfileDialog::updateTokenUrlPlaceholder()
{
    // Only shown: the profile keeps reading the endpoint from the metadata, where it may change.
    const QString found = m_issuer->discoveredTokenEndpoint();
    m_tokenUrl->setPlaceholderText(m_issuer->issuer().isEmpty()
                                       ? QStringLiteral("https://login.example.com/oauth2/token")
                                   : found.isEmpty() ? tr("from the issuer's metadata")
                                                     : tr("from the issuer's metadata: %1").arg(found));
}

void ProfileDialog::updatePreview()
{
    const QJsonObject json = m_lastResponse.value_or(QJsonObject());
    const auto tokenPointer = JsonPointer::parse(m_pointers.first()->text().trimmed());
    const QString token = tokenPointer ? tokenPointer->value(json).toString() : QString();
    if (m_lastResponse)
        m_responseView->setPlainText(QString::fromUtf8(
            QJsonDocument(TokenResponse::masked(json, token)).toJson(QJsonDocument::Indented)));
    for (qsizetype i = 0; i < m_pointers.size(); ++i) {
        QLabel* found = m_pointerFinds.at(i);
        const QString text = m_pointers.at(i)->text().trimmed();
        const auto pointer = JsonPointer::parse(text);
        Theme::Tone tone = Theme::Tone::Muted;
        QString what;
        if (!pointer) {
            what = pointer.error().message;
            tone = Theme::Tone::Bad;
        } else if (text.isEmpty()) {
            what = tr("not used");
        } else if (!m_lastResponse) {
            what = tr("fetch a token to see what this finds");
        } else if (const auto value = pointer->find(json); !value) {
            what = tr("not in the response: %1").arg(value.error().message);
            tone = i == 0 ? Theme::Tone::Bad : Theme::Tone::Warning;
        } else {
            const QString shown =
                i == 0 && value->isString() ? Humanize::masked(value->toString()) : jsonText(*value);
            what = tr("finds %1").arg(Escape::text(shown.left(120)));
            tone = Theme::Tone::Good;
        }
        found->setText(what);
        found->setStyleSheet(Theme::textStyle(tone));
    }
}

} // namespace tokencache
