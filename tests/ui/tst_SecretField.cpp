#include "core/config/Keychain.h"
#include "core/config/SecretRef.h"
#include "tests/support/Await.h"
#include "tests/support/SecretService.h"
#include "ui/widgets/SecretField.h"

#include <QAction>
#include <QComboBox>
#include <QLineEdit>
#include <QSignalSpy>
#include <QTest>

using namespace tokencache;

/** The secret field with a real keychain (a private bus and gnome-keyring-daemon). */
class tst_SecretField : public QObject
{
    Q_OBJECT

    SecretService m_secretService;

private slots:
    void initTestCase()
    {
        QVERIFY2(m_secretService.start(), qPrintable(m_secretService.error()));
        m_secretService.useInThisProcess();
        Keychain::setModuleDirectory(QStringLiteral(TOKENCACHE_KEYCHAIN_MODULE_DIR));
    }

    void theKeychainIsTheDefaultAndHoldsWhatIsTyped()
    {
        SecretField field(QStringLiteral("the client secret"), QStringLiteral("ACME_SECRET"));
        QSignalSpy probed(&field, &SecretField::keychainProbed);
        auto* kind = field.findChild<QComboBox*>(QStringLiteral("secretKindCombo"));
        auto* value = field.findChild<QLineEdit*>(QStringLiteral("secretEdit"));
        QTRY_COMPARE(probed.size(), 1);
        QCOMPARE(probed.first().first().toBool(), true);
        QCOMPARE(SecretRef::Kind(kind->currentData().toInt()), SecretRef::Kind::Keychain);

        const QString name = SecretField::keychainNameFor(QStringLiteral("profile.ac me.client-secret"));
        QCOMPARE(name, QStringLiteral("profile.ac-me.client-secret"));
        field.setKeychainName(name);
        QTest::keyClicks(value, QStringLiteral(" typed secret "));
        QCOMPARE(value->echoMode(), QLineEdit::Password);
        const QString expected = QStringLiteral("keychain:profile.ac-me.client-secret");
        QCOMPARE(field.reference(), expected);

        const auto stored = await<Done>([&](auto done) { field.storeInKeychain(this, done); });
        QVERIFY2(stored, stored ? "" : qPrintable(stored.error().message));
        QCOMPARE(value->text(), QString()); // gone from the window once in the keychain
        QCOMPARE(field.reference(), expected);
        const auto read = await<QString>([&](auto done) { Keychain::read(name, this, done); });
        QVERIFY2(read, read ? "" : qPrintable(read.error().message));
        QCOMPARE(*read, QStringLiteral(" typed secret "));
    }

    void aKeychainReferenceIsKeptAndNeverShown()
    {
        SecretField field(QStringLiteral("the Redis password"), QStringLiteral("REDIS_PASSWORD"));
        QSignalSpy probed(&field, &SecretField::keychainProbed);
        const QString reference = QStringLiteral("keychain:connection.default.password");
        field.setReference(reference);
        QTRY_COMPARE(probed.size(), 1);
        auto* value = field.findChild<QLineEdit*>(QStringLiteral("secretEdit"));
        QCOMPARE(value->text(), QString());
        QVERIFY(value->placeholderText().contains(reference));
        QCOMPARE(field.reference(), reference);

        // A reference of another kind stays that kind: the probe changes nothing that was set.
        SecretField other(QStringLiteral("the client secret"), QStringLiteral("ACME_SECRET"));
        QSignalSpy otherProbed(&other, &SecretField::keychainProbed);
        other.setReference(QStringLiteral("env:ACME_SECRET"));
        QTRY_COMPARE(otherProbed.size(), 1);
        QCOMPARE(other.reference(), QStringLiteral("env:ACME_SECRET"));
    }

    void aKeysFieldOffersAFileWhereAKeychainAnswers()
    {
        SecretField field(QStringLiteral("the private key (PEM)"), QStringLiteral("ACME_PRIVATE_KEY"));
        QSignalSpy probed(&field, &SecretField::keychainProbed);
        field.setPreferredKind(SecretRef::Kind::File);
        auto* kind = field.findChild<QComboBox*>(QStringLiteral("secretKindCombo"));
        QCOMPARE(SecretRef::Kind(kind->currentData().toInt()), SecretRef::Kind::File);
        QTRY_COMPARE(probed.size(), 1);
        QCOMPARE(probed.first().first().toBool(), true);
        QCOMPARE(SecretRef::Kind(kind->currentData().toInt()), SecretRef::Kind::File);
        // Nothing set keeps it: an empty reference is no choice.
        field.setReference({});
        QCOMPARE(SecretRef::Kind(kind->currentData().toInt()), SecretRef::Kind::File);
        QTest::keyClicks(field.findChild<QLineEdit*>(QStringLiteral("secretEdit")),
                         QStringLiteral("/keys/acme.pem"));
        QCOMPARE(field.reference(), QStringLiteral("file:/keys/acme.pem"));
    }
};

QTEST_MAIN(tst_SecretField)
#include "tst_SecretField.moc"
