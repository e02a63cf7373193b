#include "core/common/Escape.h"
#include "core/common/ProcessHardening.h"

#include <QTest>

using namespace tokencache;

class tst_Escape : public QObject
{
    Q_OBJECT

private slots:
    void bytesRoundTrip_data()
    {
        QTest::addColumn<QByteArray>("bytes");
        QTest::addColumn<QString>("escaped");
        QTest::newRow("plain") << QByteArray("oauth2token:acme") << QStringLiteral("oauth2token:acme");
        QTest::newRow("utf-8") << QByteArray("oauth2token:caf\xc3\xa9")
                               << QStringLiteral("oauth2token:caf\u00e9");
        QTest::newRow("not utf-8") << QByteArray("k\xff\xfe") << QStringLiteral("k\\xff\\xfe");
        QTest::newRow("truncated sequence") << QByteArray("k\xe2\x82") << QStringLiteral("k\\xe2\\x82");
        QTest::newRow("overlong") << QByteArray("\xc0\xaf") << QStringLiteral("\\xc0\\xaf");
        QTest::newRow("surrogate") << QByteArray("\xed\xa0\x80") << QStringLiteral("\\xed\\xa0\\x80");
        QTest::newRow("controls") << QByteArray("a\r\n\x1b[2J\x7f")
                                  << QStringLiteral("a\\x0d\\x0a\\x1b[2J\\x7f");
        QTest::newRow("C1 control") << QByteArray("a\xc2\x9b"
                                                  "b")
                                    << QStringLiteral("a\\xc2\\x9bb");
        QTest::newRow("backslash") << QByteArray("a\\xff\\") << QStringLiteral("a\\\\xff\\\\");
        QTest::newRow("nul") << QByteArray("a\0b", 3) << QStringLiteral("a\\x00b");
    }

    void bytesRoundTrip()
    {
        QFETCH(QByteArray, bytes);
        QFETCH(QString, escaped);
        QCOMPARE(Escape::bytes(bytes), escaped);
        QCOMPARE(Escape::unescape(escaped), bytes);
        QCOMPARE(Escape::canonical(escaped), escaped);
        QCOMPARE(Escape::isUtf8(bytes), QString::fromUtf8(bytes).toUtf8() == bytes);
    }

    void typedKeysAreReadAsEscapes()
    {
        // What a user types: escapes as shown, and a lone backslash meaning itself.
        QCOMPARE(Escape::unescape(QStringLiteral("k\\xFF")), QByteArray("k\xff"));
        QCOMPARE(Escape::unescape(QStringLiteral("dir\\name")), QByteArray("dir\\name"));
        QCOMPARE(Escape::canonical(QStringLiteral("dir\\name")), QStringLiteral("dir\\\\name"));
        QCOMPARE(Escape::unescape(QStringLiteral("k\\x4")), QByteArray("k\\x4"));
    }

    void textKeepsBackslashesAndEscapesControls()
    {
        QCOMPARE(Escape::text(QStringLiteral("Bearer")), QStringLiteral("Bearer"));
        QCOMPARE(Escape::text(QStringLiteral("a\\b\u001b]0;x\u0007\u009b")),
                 QStringLiteral("a\\b\\x1b]0;x\\x07\\xc2\\x9b"));
    }

    void theProcessIsNotDumpable()
    {
        // main() calls this first: a crash then writes no core file with the secrets in memory.
        QVERIFY(ProcessHardening::isDumpable());
        QVERIFY(ProcessHardening::disableCoreDumps());
        QVERIFY(!ProcessHardening::isDumpable());
    }
};

QTEST_GUILESS_MAIN(tst_Escape)
#include "tst_Escape.moc"
