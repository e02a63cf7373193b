#include "core/config/SecretRef.h"

#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

using namespace tokencache;

class tst_SecretRef : public QObject
{
    Q_OBJECT

private slots:
    void resolvesEnvironmentVariables()
    {
        qputenv("TOKENCACHE_TEST_SECRET", "from-env");
        QCOMPARE(*SecretRef::resolve(QStringLiteral("env:TOKENCACHE_TEST_SECRET")),
                 QStringLiteral("from-env"));
        const auto missing = SecretRef::resolve(QStringLiteral("env:TOKENCACHE_TEST_MISSING"));
        QVERIFY(!missing);
        QCOMPARE(missing.error().kind, Error::Kind::Config);
        QCOMPARE(missing.error().message,
                 QStringLiteral("secret reference env:TOKENCACHE_TEST_MISSING: environment variable "
                                "TOKENCACHE_TEST_MISSING is not set"));
    }

    void resolvesFilesWithoutTheTrailingNewline()
    {
        QTemporaryDir directory;
        const QString path = directory.filePath(QStringLiteral("secret"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("s3cret value\n");
        file.close();
        QCOMPARE(*SecretRef::resolve(QStringLiteral("file:") + path), QStringLiteral("s3cret value"));

        const auto missing =
            SecretRef::resolve(QStringLiteral("file:") + directory.filePath(QStringLiteral("none")));
        QVERIFY(!missing);
        QVERIFY2(missing.error().message.startsWith(QStringLiteral("secret reference file:%1: cannot read")
                                                        .arg(directory.filePath(QStringLiteral("none")))),
                 qPrintable(missing.error().message));
    }

    void secretFilesThatCannotHoldASecretAreRefused()
    {
        QTemporaryDir directory;
        const QString fifo = directory.filePath(QStringLiteral("fifo"));
        QVERIFY(mkfifo(QFile::encodeName(fifo).constData(), 0600) == 0);
        // Opening it would block until someone writes: refused before it is opened.
        QCOMPARE(SecretRef::resolve(QStringLiteral("file:") + fifo).error().message,
                 QStringLiteral("secret reference file:%1: a FIFO, not a file").arg(fifo));
        const QString empty = directory.filePath(QStringLiteral("empty"));
        QFile file(empty);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("\n");
        file.close();
        QCOMPARE(SecretRef::resolve(QStringLiteral("file:") + empty).error().message,
                 QStringLiteral("secret reference file:%1: the file is empty").arg(empty));
    }

    void literalsOnlyWithTheirPrefix()
    {
        QCOMPARE(*SecretRef::resolve(QStringLiteral("literal:abc")), QStringLiteral("abc"));
        const auto bare = SecretRef::resolve(QStringLiteral("hunter2"));
        QVERIFY(!bare);
        QVERIFY(!bare.error().message.contains(QStringLiteral("hunter2")));
        QVERIFY(!SecretRef::parse(QStringLiteral("hunter2")));
        QVERIFY(!SecretRef::resolve(QStringLiteral("keychain:acme")));
    }

    void parsesAndFormatsEveryKind_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<SecretRef::Kind>("kind");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("shown");
        QTest::newRow("env") << "env:ACME_SECRET" << SecretRef::Kind::Environment << "ACME_SECRET"
                             << "env:ACME_SECRET";
        QTest::newRow("file") << "file:/run/secrets/a b" << SecretRef::Kind::File << "/run/secrets/a b"
                              << "file:/run/secrets/a b";
        QTest::newRow("keychain") << "keychain:acme" << SecretRef::Kind::Keychain << "acme"
                                  << "keychain:acme";
        // A stored secret is never shown; its value keeps every character, a colon and spaces too.
        QTest::newRow("literal") << "literal: s3:cr t " << SecretRef::Kind::Literal << " s3:cr t "
                                 << "literal:(stored in config)";
        QTest::newRow("none") << "" << SecretRef::Kind::None << ""
                              << "";
    }

    void parsesAndFormatsEveryKind()
    {
        QFETCH(QString, text);
        QFETCH(SecretRef::Kind, kind);
        QFETCH(QString, value);
        QFETCH(QString, shown);
        const auto parsed = SecretRef::parse(text);
        QVERIFY(parsed);
        QCOMPARE(parsed->kind(), kind);
        QCOMPARE(parsed->value(), value);
        QCOMPARE(parsed->format(), text);
        QCOMPARE(parsed->shown(), shown);
        QCOMPARE(SecretRef(kind, value), *parsed);
    }
};

QTEST_GUILESS_MAIN(tst_SecretRef)
#include "tst_SecretRef.moc"
