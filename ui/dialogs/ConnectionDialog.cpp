#include "dialogs/ConnectionDialog.h"

#include "cache/CacheSession.h"
#include "redis/RedisProbe.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSpinBox>
#include <QUrl>
#include <QUrlQuery>
#include <QVBoxLayout>

ConnectionDialog::ConnectionDialog(const RedisSettings& settings, QWidget* parent)
    : QDialog(parent), m_url(new QLineEdit(settings.url, this)), m_user(new QLineEdit(settings.user, this)),
      m_password(new QLineEdit(settings.passwordRef, this)), m_database(new QSpinBox(this)),
      m_result(new QLabel(this))
{
    // The database lives in the URL's path; the spin box edits that part.
    auto endpoint = RedisEndpoint::fromUrl(settings.url);
    m_database->setObjectName(QStringLiteral("databaseSpin"));
    m_database->setRange(0, 15);
    m_database->setValue(endpoint ? endpoint->database : 0);
    setObjectName(QStringLiteral("connectionDialog"));
    setWindowTitle(tr("Redis connection"));
    m_url->setObjectName(QStringLiteral("urlEdit"));
    m_url->setPlaceholderText(QStringLiteral("redis://[[user]:password@]host[:port][/db]"));
    m_user->setObjectName(QStringLiteral("userEdit"));
    m_user->setPlaceholderText(tr("ACL user (optional)"));
    m_password->setObjectName(QStringLiteral("passwordEdit"));
    m_password->setPlaceholderText(tr("env:NAME or file:/path (optional)"));
    m_result->setObjectName(QStringLiteral("testResult"));
    m_result->setWordWrap(true);

    auto* form = new QFormLayout;
    form->addRow(tr("Redis &URL"), m_url);
    form->addRow(tr("&User"), m_user);
    form->addRow(tr("&Password"), m_password);
    form->addRow(tr("&Database"), m_database);
    auto* test = new QPushButton(tr("Test connection"), this);
    test->setObjectName(QStringLiteral("testButton"));
    auto* testRow = new QHBoxLayout;
    testRow->addWidget(test);
    testRow->addWidget(m_result, 1);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Save | QDialogButtonBox::Cancel, this);
    auto* layout = new QVBoxLayout(this);
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
    QUrl url(m_url->text().trimmed());
    if (url.isValid() && url.scheme() == QLatin1String("redis")) {
        QUrlQuery query(url);
        query.removeQueryItem(QStringLiteral("db"));
        url.setQuery(query);
        url.setPath(QStringLiteral("/%1").arg(m_database->value()));
    }
    return {url.toString(), m_user->text().trimmed(), m_password->text().trimmed()};
}

void ConnectionDialog::testConnection()
{
    auto session = CacheSession::create(settings());
    if (!session) {
        m_result->setStyleSheet(QStringLiteral("color: #c01c28;"));
        m_result->setText(session.error().message);
        return;
    }
    m_probeSession = *session;
    m_result->setStyleSheet({});
    m_result->setText(tr("Connecting…"));
    RedisProbe::probe(m_probeSession->redis(), this, [this](const Result<RedisServerInfo>& info) {
        if (!info) {
            m_result->setStyleSheet(QStringLiteral("color: #c01c28;"));
            m_result->setText(info.error().message);
            return;
        }
        m_result->setStyleSheet(QStringLiteral("color: #1b7f3b;"));
        m_result->setText(
            tr("Connected: Redis %1, round trip %2 ms").arg(info->version).arg(info->roundTripMs));
    });
}
