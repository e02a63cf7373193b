#include "redis/RespCodec.h"

#include <QTest>

class tst_RespCodec : public QObject
{
    Q_OBJECT

private slots:
    void encodesBinarySafeArguments()
    {
        const QByteArray encoded = RespCodec::encode({"SET", "k", QByteArray("a\0b\r\n", 5)});
        QCOMPARE(encoded, QByteArray("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\na\0b\r\n\r\n", 31));
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
