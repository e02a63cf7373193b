#include "ui/widgets/SecretField.h"

#include "core/config/Keychain.h"
#include "core/config/SecretRef.h"
#include "ui/Theme.h"

#include <QAction>
#include <QComboBox>
#include <QFileDialog>
#include <QLineEdit>
#include <QRegularExpression>
#include <QVBoxLayout>

namespace tokencache {

SecretField::SecretField(const QString& what, const QString& exampleVariable, QWidget* parent)
    : QWidget(parent), m_what(what), m_exampleVariable(exampleVariable), m_kind(new QComboBox(this)),
      m_value(new QLineEdit(this))
{
    m_kind->setObjectName(QStringLiteral("secretKindCombo"));
    m_kind->addItem(tr("System keychain"), int(SecretRef::Kind::Keychain));
    m_kind->addItem(tr("Environment variable"), int(SecretRef::Kind::Environment));
    m_kind->addItem(tr("File"), int(SecretRef::Kind::File));
    m_kind->addItem(tr("Store in the config file (owner-only, plain text)"), int(SecretRef::Kind::Literal));
    m_value->setObjectName(QStringLiteral("secretEdit"));
    m_pickFile = m_value->addAction(Theme::icon(QStringLiteral("edit")), QLineEdit::TrailingPosition);
    m_pickFile->setObjectName(QStringLiteral("pickSecretFileAction"));
    m_pickFile->setToolTip(tr("Choose the file that holds %1").arg(what));
    m_reveal = m_value->addAction(Theme::icon(QStringLiteral("key")), QLineEdit::TrailingPosition);
    m_reveal->setObjectName(QStringLiteral("revealSecretAction"));
    m_reveal->setCheckable(true);
    m_reveal->setToolTip(tr("Show what was typed"));

    // The kind above the value: the value gets the row's whole width.
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_kind);
    layout->addWidget(m_value);
    setFocusProxy(m_kind);

    connect(m_kind, &QComboBox::currentIndexChanged, this, &SecretField::followKind);
    // A value typed for one kind means nothing for another (a variable's name is no path).
    connect(m_kind, &QComboBox::activated, m_value, &QLineEdit::clear);
    connect(m_kind, &QComboBox::activated, this, [this] { m_chosen = true; });
    connect(m_reveal, &QAction::toggled, this, &SecretField::followKind);
    connect(m_pickFile, &QAction::triggered, this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("File with %1").arg(m_what), m_value->text());
        if (!path.isEmpty())
            m_value->setText(path);
    });
    m_kind->setCurrentIndex(m_kind->findData(int(unsetKind())));
    followKind();
    // The keychain is the default where one answers; where none does, it is offered with the reason.
    Keychain::probe(this, [this](const Result<Done>& running) {
        const int index = m_kind->findData(int(SecretRef::Kind::Keychain));
        m_kind->setItemData(index, running ? QString() : running.error().message, Qt::ToolTipRole);
        if (running && m_preferred == SecretRef::Kind::Keychain && !m_chosen && m_value->text().isEmpty())
            m_kind->setCurrentIndex(index);
        emit keychainProbed(running.ok());
    });
}

void SecretField::followKind()
{
    const auto kind = SecretRef::Kind(m_kind->currentData().toInt());
    const bool stored = kind == SecretRef::Kind::Literal || kind == SecretRef::Kind::Keychain;
    m_value->setEchoMode(stored && !m_reveal->isChecked() ? QLineEdit::Password : QLineEdit::Normal);
    const bool inKeychain = kind == SecretRef::Kind::Keychain && !m_keychainReference.isEmpty();
    m_value->setPlaceholderText(
        kind == SecretRef::Kind::Environment ? tr("variable name, e.g. %1").arg(m_exampleVariable)
        : kind == SecretRef::Kind::File      ? tr("/path/to/secret")
        : inKeychain ? tr("in the keychain as %1; type to replace").arg(m_keychainReference)
                     : tr("the secret itself"));
    m_pickFile->setVisible(kind == SecretRef::Kind::File);
    m_reveal->setVisible(stored);
    if (!stored)
        m_reveal->setChecked(false);
}

SecretRef::Kind SecretField::unsetKind() const
{
    // The keychain only once the probe has found one.
    return m_preferred == SecretRef::Kind::Keychain ? SecretRef::Kind::Environment : m_preferred;
}

void SecretField::setPreferredKind(SecretRef::Kind kind)
{
    m_preferred = kind;
    if (m_chosen || !m_value->text().isEmpty())
        return;
    m_kind->setCurrentIndex(m_kind->findData(int(unsetKind())));
    followKind();
}

void SecretField::setReference(const QString& reference)
{
    m_chosen = m_chosen || !reference.isEmpty();
    // A reference the kinds offered here cannot show (not a reference) is kept as text.
    const auto parsed = SecretRef::parse(reference);
    int index = parsed ? m_kind->findData(int(parsed->kind())) : -1;
    QString value = index >= 0 ? parsed->value() : reference;
    // The keychain's secret is not shown, not even masked: the field stays empty unless replaced.
    m_keychainReference = parsed && parsed->kind() == SecretRef::Kind::Keychain ? reference : QString();
    if (!m_keychainReference.isEmpty())
        value.clear();
    if (index < 0)
        index = m_kind->findData(int(reference.isEmpty() ? unsetKind() : SecretRef::Kind::Environment));
    m_kind->setCurrentIndex(index);
    m_value->setText(value);
    followKind();
}

QString SecretField::reference() const
{
    const auto kind = SecretRef::Kind(m_kind->currentData().toInt());
    // Names and paths lose stray spaces; a stored secret is kept exactly as typed.
    const QString value = kind == SecretRef::Kind::Literal ? m_value->text() : m_value->text().trimmed();
    if (kind == SecretRef::Kind::Keychain) {
        if (m_value->text().isEmpty())
            return m_keychainReference;
        return SecretRef(kind, m_keychainName).format();
    }
    if (value.trimmed().isEmpty())
        return {};
    return SecretRef(kind, value).format();
}

void SecretField::setKeychainName(const QString& name)
{
    m_keychainName = name;
}

QString SecretField::keychainNameFor(const QString& owner)
{
    static const QRegularExpression notAllowed(QStringLiteral("[^A-Za-z0-9._@+:/-]"));
    return QString(owner).replace(notAllowed, QStringLiteral("-"));
}

void SecretField::storeInKeychain(QObject* context, std::function<void(const Result<Done>&)> done)
{
    const auto kind = SecretRef::Kind(m_kind->currentData().toInt());
    if (kind != SecretRef::Kind::Keychain || m_value->text().isEmpty())
        return done(Done{});
    // Typed exactly as it is, spaces included: it is the secret, not a name.
    Keychain::write(m_keychainName, m_value->text(), context,
                    [this, done = std::move(done)](const Result<Done>& written) {
                        if (written) {
                            m_keychainReference =
                                SecretRef(SecretRef::Kind::Keychain, m_keychainName).format();
                            m_value->clear();
                            followKind();
                        }
                        done(written);
                    });
}

} // namespace tokencache
