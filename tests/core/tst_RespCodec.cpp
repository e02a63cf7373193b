#include "core/redis/RespCodec.h"

#include <QTest>

using namespace tokencache;

class tst_RespCodec : public QObject
{
    Q_OBJECT

private slots:
    void encodesBinarySafeArguments()
    {
        const QByteArray encoded = RespCodec::encode({"SET", "k", QByteArray("a\0b\r\n", 5)});
        QCOMPARE(encoded, QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\0b\r\n\r\n", 31));
    }

    void headersAreCheckedBeforeTheReaderAllocates_data()
    {
        QTest::addColumn<QByteArray>("stream");
        QTest::addColumn<QString>("error");
        QTest::newRow("array header")
            << QByteArray("*2147483647\r\n")
            << QStringLiteral("a reply of more than 1000 elements (array header *2147483647; limit "
                              "redis.maxElements)");
        QTest::newRow("bulk header")
            << QByteArray("$2147483648\r\n")
            << QStringLiteral("a bulk string of 2147483648 bytes exceeds the limit of 100 bytes "
                              "(redis.maxBulkBytes)");
        QTest::newRow("nested total")
            << QByteArray("*2\r\n*600\r\n") + QByteArray(":1\r\n").repeated(600) + "*600\r\n"
            << QStringLiteral("a reply of more than 1000 elements (array header *600; limit "
                              "redis.maxElements)");
        QTest::newRow("bulk strings adding up")
            << QByteArray("*3\r\n$60\r\n") + QByteArray(60, 'x') + "\r\n$60\r\n"
            << QStringLiteral("a reply of more than 100 bytes in all (limit redis.maxBulkBytes)");
        QTest::newRow("negative length")
            << QByteArray("$-7\r\n") << QStringLiteral("invalid length \"-7\" in a reply header");
        QTest::newRow("length not a number")
            << QByteArray("*12x\r\n") << QStringLiteral("invalid length \"12x\" in a reply header");
        QTest::newRow("endless line") << QByteArray("+") + QByteArray(1 << 20, 'a')
                                      << QStringLiteral("a reply line longer than 64.00 KiB");
    }

    void headersAreCheckedBeforeTheReaderAllocates()
    {
        QFETCH(QByteArray, stream);
        QFETCH(QString, error);
        // Byte by byte and at once alike: the check does not depend on how reads are cut.
        for (const qsizetype step : {qsizetype(stream.size() < 16384 ? 1 : 1024), stream.size()}) {
            RespCodec codec(RespLimits(100, 1000));
            bool accepted = true;
            for (qsizetype at = 0; at < stream.size() && accepted; at += step) {
                accepted = codec.feed(stream.mid(at, step));
                while (accepted && codec.next()) {
                }
            }
            QVERIFY(!accepted);
            QCOMPARE(codec.error(), error);
        }
    }

    void repliesWithinTheLimitsPassWhateverTheirShape()
    {
        // A bulk string of exactly the limit, then 999 elements across nested arrays, fed byte by byte.
        const QByteArray stream = "$100\r\n" + QByteArray(100, '\n') + "\r\n" + "*3\r\n*498\r\n" +
                                  QByteArray(":1\r\n").repeated(498) + "*498\r\n" +
                                  QByteArray("$-1\r\n").repeated(498) + "+OK\r\n" + "*0\r\n*-1\r\n";
        RespCodec codec(RespLimits(100, 1000));
        QList<RedisReply> replies;
        for (const char byte : stream) {
            QVERIFY2(codec.feed(QByteArray(1, byte)), qPrintable(codec.error()));
            while (auto reply = codec.next())
                replies.append(*reply);
        }
        QCOMPARE(replies.size(), 4);
        QCOMPARE(replies.at(0).string.size(), 100);
        QCOMPARE(replies.at(1).elements.size(), 3);
        QCOMPARE(replies.at(1).elements.at(1).elements.size(), 498);
    }

    void decodesRepliesSplitAcrossReads()
    {
        RespCodec codec;
        QVERIFY(codec.feed("+OK\r\n$5\r\nhel"));
        auto first = codec.next();
        QVERIFY(first);
        QCOMPARE(first->type, RedisReply::Type::Status);
        QCOMPARE(first->string, QByteArray("OK"));
        QVERIFY(!codec.next());
        QVERIFY(codec.feed("lo\r\n*2\r\n:-2\r\n$-1\r\n-WRONGTYPE Operation\r\n"));
        QCOMPARE(codec.next()->string, QByteArray("hello"));
        const RedisReply array = *codec.next();
        QCOMPARE(array.type, RedisReply::Type::Array);
        QCOMPARE(array.elements.at(0).integer, -2);
        QVERIFY(array.elements.at(1).isNil());
        const RedisReply error = *codec.next();
        QVERIFY(error.isError());
        QCOMPARE(error.errorCode(), QByteArray("WRONGTYPE"));
    }

    void decodesAPageOfRepliesFedAtOnce()
    {
        // A page of GET and PTTL replies, much larger than one slice the codec hands hiredis, with
        // values that straddle slices; then more bytes arrive before the page is fully read.
        QByteArray page;
        QList<QByteArray> values;
        for (int i = 0; i < 600; ++i) {
            values.append(QByteArray(i % 97 == 0 ? 40'000 : 700 + i % 50, char('a' + i % 26)));
            page += '$' + QByteArray::number(values.last().size()) + "\r\n" + values.last() + "\r\n";
            page += ':' + QByteArray::number(i) + "\r\n";
        }
        RespCodec codec;
        QVERIFY(codec.feed(page));
        for (int i = 0; i < 300; ++i) {
            QCOMPARE(codec.next()->string, values.at(i));
            QCOMPARE(codec.next()->integer, i);
        }
        QVERIFY(codec.feed("+OK\r\n"));
        for (int i = 300; i < 600; ++i) {
            QCOMPARE(codec.next()->string, values.at(i));
            QCOMPARE(codec.next()->integer, i);
        }
        QCOMPARE(codec.next()->string, QByteArray("OK"));
        QVERIFY(!codec.next());
        QVERIFY(codec.error().isEmpty());
    }

    void reportsProtocolErrors()
    {
        RespCodec codec;
        codec.feed("HTTP/1.1 400 Bad Request\r\n");
        QVERIFY(!codec.next());
        QVERIFY2(codec.error().contains(QStringLiteral("Protocol error")), qPrintable(codec.error()));
        codec.reset();
        QVERIFY(codec.error().isEmpty());
        QVERIFY(codec.feed(":1\r\n"));
        QCOMPARE(codec.next()->integer, 1);
    }
};

QTEST_GUILESS_MAIN(tst_RespCodec)
#include "tst_RespCodec.moc"
