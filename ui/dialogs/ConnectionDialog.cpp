#include "ui/dialogs/ConnectionDialog.h"

#include "core/cache/CacheSession.h"
#include "core/config/SecretPrefetch.h"
#include "ui/Theme.h"
#include "ui/widgets/SecretField.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QUrl>
#include <QVBoxLayout>

namespace tokencache {

ConnectionDialog::ConnectionDialog(const Connection& start, const QStringList& takenNames, QWidget* parent)
    : QDialog(parent), m_start(start), m_takenNames(takenNames), m_name(new QLineEdit(start.name, this)),
      m_tag(new QComboBox(this)), m_color(new QLineEdit(start.color, this)),
      m_readOnly(
          new QCheckBox(tr("Read-only: never write to this Redis (refresh and evict are refused)"), this)),
      m_url(new QLineEdit(start.redis.url, this)), m_user(new QLineEdit(start.redis.user, this)),
      m_password(new SecretField(tr("the Redis password"), QStringLiteral("REDIS_PASSWORD"), this)),
      m_database(new QSpinBox(this)), m_tlsCa(new QLineEdit(start.redis.tls.caFile, this)),
      m_tlsCert(new QLineEdit(start.redis.tls.certFile, this)),
      m_tlsKey(new QLineEdit(start.redis.tls.keyFile, this)),
      m_tlsServerName(new QLineEdit(start.redis.tls.serverName, this)),
      m_tlsInsecure(new QCheckBox(tr("Do not verify the server's certificate (insecure)"), this)),
      m_result(new QLabel(this)), m_notice(new QLabel(this)), m_urlPasswordNote(new QLabel(this))
{
    m_notice->setObjectName(QStringLiteral("noticeLabel"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    m_tlsCa->setObjectName(QStringLiteral("tlsCaEdit"));
    m_tlsCa->setPlaceholderText(tr("CA file (PEM); empty: the system's CAs"));
    m_tlsCert->setObjectName(QStringLiteral("tlsCertEdit"));
    m_tlsCert->setPlaceholderText(tr("client certificate for mutual TLS (optional)"));
    m_tlsKey->setObjectName(QStringLiteral("tlsKeyEdit"));
    m_tlsKey->setPlaceholderText(tr("client key (optional)"));
    m_tlsServerName->setObjectName(QStringLiteral("tlsServerNameEdit"));
    m_tlsServerName->setPlaceholderText(tr("name to verify; empty: the host"));
    m_tlsInsecure->setObjectName(QStringLiteral("tlsInsecureCheck"));
    m_tlsInsecure->setChecked(start.redis.tls.insecure);
    // Marked in red: turning verification off must never look like a normal setting.
    m_tlsInsecure->setStyleSheet(
        QStringLiteral("QCheckBox { %1 font-weight: bold; }").arg(Theme::textStyle(Theme::Tone::Bad)));
    // The database lives in the URL's path; the spin box edits that part.
    m_database->setObjectName(QStringLiteral("databaseSpin"));
    m_database->setRange(0, 15);
    m_database->setValue(start.redis.database());
    setObjectName(QStringLiteral("connectionDialog"));
    const bool isNew = start.name.isEmpty();
    setWindowTitle(isNew ? tr("New connection") : tr("Connection %1").arg(start.name));
    // The name is what scripts select (-C, TOKENCACHE_CONNECTION): set once, when the connection is added.
    m_name->setObjectName(QStringLiteral("connectionNameEdit"));
    m_name->setReadOnly(!isNew);
    m_name->setPlaceholderText(tr("e.g. staging, prod-eu"));
    m_tag->setObjectName(QStringLiteral("tagCombo"));
    m_tag->setEditable(true);
    m_tag->addItems({QString(), QStringLiteral("development"), QStringLiteral("staging"),
                     QLatin1String(Connection::kProductionTag)});
    m_tag->setCurrentText(start.tag);
    m_tag->setToolTip(
        tr("Shown on the tab, the strip above the table and the title; production also asks for "
           "the key to be typed before an eviction"));
    m_color->setObjectName(QStringLiteral("colorEdit"));
    m_color->setPlaceholderText(QStringLiteral("#rrggbb"));
    m_readOnly->setObjectName(QStringLiteral("readOnlyCheck"));
    m_readOnly->setChecked(start.readOnly);
    m_url->setObjectName(QStringLiteral("urlEdit"));
    m_url->setPlaceholderText(QStringLiteral("redis://[[user]:password@]host[:port][/db]"));
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setPlaceholderText(tr("ACL user (optional)"));
    // Typed into the field it is stored by the route the user picks, as a client secret is.
    m_password->setObjectName(QStringLiteral("passwordField"));
    m_password->setReference(start.redis.passwordRef);
    const auto nameKeychainEntry = [this](const QString& name) {
        m_password->setKeychainName(
            SecretField::keychainNameFor(QStringLiteral("connection.%1.password").arg(name)));
    };
    nameKeychainEntry(start.name);
    connect(m_name, &QLineEdit::textChanged, this, nameKeychainEntry);
    m_password->setToolTip(tr("Used when the URL carries no password; empty: none"));
    // The URL's /db and the box are one setting: editing either updates the other.
    connect(m_database, &QSpinBox::valueChanged, this, [this](int database) {
        const QSignalBlocker quiet(m_url);
        m_url->setText(RedisSettings{m_url->text().trimmed()}.withDatabase(database).url);
    });
    connect(m_url, &QLineEdit::textEdited, this, [this](const QString& url) {
        const QSignalBlocker quiet(m_database);
        m_database->setValue(RedisSettings{url.trimmed()}.database());
    });
    // A password inside the URL bypasses the routes above: say so where it is typed.
    m_urlPasswordNote->setObjectName(QStringLiteral("urlPasswordNote"));
    m_urlPasswordNote->setWordWrap(true);
    m_urlPasswordNote->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
    m_urlPasswordNote->setText(
        tr("The URL holds a password: it is saved in the config file in plain text and "
           "wins over the Password field. Leave it out of the URL to use the field."));
    const auto notePassword = [this] {
        m_urlPasswordNote->setVisible(!QUrl(m_url->text().trimmed()).password().isEmpty());
    };
    connect(m_url, &QLineEdit::textChanged, this, notePassword);
    notePassword();
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);

    auto* chooseColor = new QPushButton(tr("Choose…"), this);
    connect(chooseColor, &QPushButton::clicked, this, [this] {
        const QColor chosen = QColorDialog::getColor(QColor(m_color->text().trimmed()), this);
        if (chosen.isValid())
            m_color->setText(chosen.name());
    });
    auto* colorRow = new QHBoxLayout;
    colorRow->addWidget(m_color, 1);
    colorRow->addWidget(chooseColor);

    auto* form = new QFormLayout;
    form->addRow(tr("&Name"), m_name);
    form->addRow(tr("&Tag"), m_tag);
    auto* colorLabel = new QLabel(tr("C&olour"), this); // a row of two: the mnemonic needs its buddy named
    colorLabel->setBuddy(m_color);
    form->addRow(colorLabel, colorRow);
    form->addRow(QString(), m_readOnly);
    form->addRow(tr("Redis &URL"), m_url);
    form->addRow(tr("&User"), m_user);
    form->addRow(tr("&Password"), m_password);
    form->addRow(QString(), m_urlPasswordNote);
    form->addRow(tr("&Database"), m_database);
    form->addRow(tr("TLS C&A file"), m_tlsCa);
    form->addRow(tr("TLS client &certificate"), m_tlsCert);
    form->addRow(tr("TLS client &key"), m_tlsKey);
    form->addRow(tr("TLS server &name"), m_tlsServerName);
    form->addRow(QString(), m_tlsInsecure);
    auto* test = new QPushButton(tr("Test connection"), this);
    test->setObjectName(QStringLiteral("testButton"));
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(test);
    testRow->addWidget(m_result, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
    // Never smaller than its rows need, whatever the test result's length.
    layout->setSizeConstraint(QLayout::SetMinimumSize);
    layout->addWidget(m_notice);
    layout->addLayout(form);
    layout->addLayout(testRow);
    layout->addWidget(buttons);
    connect(test, &QPushButton::clicked, this, &ConnectionDialog::testConnection);
    connect(buttons, &QDialogButtonBox::accepted, this, &ConnectionDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &ConnectionDialog::reject);
    resize(520, sizeHint().height());
}

ConnectionDialog::~ConnectionDialog() = default;

RedisSettings ConnectionDialog::settings() const
{
    const TlsOptions tls{m_tlsCa->text().trimmed(), m_tlsCert->text().trimmed(), m_tlsKey->text().trimmed(),
                         m_tlsServerName->text().trimmed(), m_tlsInsecure->isChecked()};
    const RedisSettings typed{m_url->text().trimmed(), m_user->text().trimmed(), m_password->reference(),
                              tls};
    return typed.withDatabase(m_database->value());
}

void ConnectionDialog::setNotice(const QString& text)
{
    m_notice->setText(text);
    m_notice->setVisible(!text.isEmpty());
}

Connection ConnectionDialog::connection() const
{
    Connection edited = m_start;
    edited.name = m_name->text().trimmed();
    edited.tag = m_tag->currentText().trimmed();
    edited.color = m_color->text().trimmed().toLower();
    edited.readOnly = m_readOnly->isChecked();
    edited.redis = settings();
    return edited;
}

QString ConnectionDialog::labelProblem() const
{
    const Connection edited = connection();
    if (m_start.name.isEmpty()) {
        if (const QString problem = Connection::nameProblem(edited.name); !problem.isEmpty())
            return problem;
        for (const QString& taken : m_takenNames) {
            if (taken.compare(edited.name, Qt::CaseInsensitive) == 0)
                return taken == edited.name
                           ? tr("A connection named %1 exists already").arg(taken)
                           : tr("%1 differs from the connection %2 only in case").arg(edited.name, taken);
        }
    }
    return Connection::labelProblem(edited.tag, edited.color);
}

void ConnectionDialog::accept()
{
    if (const QString problem = labelProblem(); !problem.isEmpty()) {
        m_result->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
        m_result->setText(problem);
        return;
    }
    // The keychain holds a typed password before the config names it (issue 17).
    m_password->storeInKeychain(this, [this](const Result<Done>& stored) {
        if (stored)
            return QDialog::accept();
        m_result->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
        m_result->setText(stored.error().message);
    });
}

void ConnectionDialog::testConnection()
{
    // A typed keychain password is stored, then read as the session will read it (issue 17).
    m_password->storeInKeychain(this, [this](const Result<Done>& stored) {
        if (!stored) {
            m_result->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
            m_result->setText(stored.error().message);
            return;
        }
        SecretPrefetch::run({settings().passwordRef}, this, [this] { testWithSecrets(); });
    });
}

void ConnectionDialog::testWithSecrets()
{
    auto session = CacheSession::create(settings());
    if (!session) {
        m_result->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
        m_result->setText(session.error().message);
        return;
    }
    m_probeSession = *session;
    m_result->setStyleSheet({});
    m_result->setText(tr("Connecting…"));
    m_probeSession->probe(this, [this](const Result<ServerInfo>& info) {
        if (!info) {
            m_result->setStyleSheet(Theme::textStyle(Theme::Tone::Bad));
            m_result->setText(info.error().message);
            return;
        }
        m_result->setStyleSheet(Theme::textStyle(Theme::Tone::Good));
        m_result->setText(
            tr("Connected: Redis %1, round trip %2 ms").arg(info->version).arg(info->roundTripMs));
    });
}

} // namespace tokencache
