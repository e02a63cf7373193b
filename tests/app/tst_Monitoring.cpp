// `watch` and `audit` through the binary against a real Redis, with keyspace notifications on and off.
#include "tests/support/HeadlessProcess.h"
#include "tests/support/ReadmeAcl.h"
#include "tests/support/RedisServer.h"
#include "tests/support/TestTokens.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTemporaryFile>
#include <QTest>

#include <memory>

using namespace tokencache;

namespace {

QString response(const QByteArray& token, int expiresIn)
{
    return QString::fromUtf8(
        QJsonDocument(QJsonObject{{QStringLiteral("access_token"), QString::fromUtf8(token)},
                                  {QStringLiteral("token_type"), QStringLiteral("Bearer")},
                                  {QStringLiteral("expires_in"), expiresIn}})
            .toJson(QJsonDocument::Compact));
}

} // namespace

class tst_Monitoring : public QObject
{
    Q_OBJECT

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<RedisServer> m_redis;
    std::unique_ptr<HeadlessProcess> m_tokencache;

    HeadlessRun run(const QStringList& arguments) const { return m_tokencache->run(arguments); }
    QByteArray cli(const QStringList& arguments) const { return m_redis->cli(arguments).trimmed(); }

    /** Waits (a bound, never a pace) until the server has @p count pattern subscriptions. */
    bool subscribed(int count = 1) const
    {
        return QTest::qWaitFor(
            [this, count] {
                return cli({QStringLiteral("PUBSUB"), QStringLiteral("NUMPAT")}).toInt() >= count;
            },
            30000);
    }

    /** Waits until @p process has printed a line holding @p text, and returns it. */
    static QByteArray lineWith(QProcess& process, QByteArray& seen, const QByteArray& text)
    {
        // Empty when it never comes: the caller's check fails then.
        if (!QTest::qWaitFor(
                [&] {
                    seen += process.readAllStandardOutput();
                    return seen.contains(text);
                },
                30000))
            return {};
        for (const QByteArray& line : seen.split('\n')) {
            if (line.contains(text))
                return line;
        }
        return {};
    }

private slots:
    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        m_redis = std::make_unique<RedisServer>();
        QVERIFY2(m_redis->start(), qPrintable(m_redis->error()));
        m_tokencache =
            std::make_unique<HeadlessProcess>(m_directory->filePath(QStringLiteral("config.json")));
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), m_redis->url());
    }

    void cleanup()
    {
        m_tokencache.reset();
        m_redis.reset();
        m_directory.reset();
    }

    void watchStreamsEachChangeFromKeyspaceEventsWithoutAScan()
    {
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        cli({QStringLiteral("CONFIG"), QStringLiteral("RESETSTAT")});
        const auto watch = m_tokencache->start(
            {QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("watch")});
        QVERIFY(subscribed());
        QByteArray seen;
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:acme"), response("the-token", 600),
             QStringLiteral("EX"), QStringLiteral("540")});
        const QJsonObject set = QJsonDocument::fromJson(lineWith(*watch, seen, "\"event\":\"set\"")).object();
        QCOMPARE(set.value(QStringLiteral("key")).toString(), QStringLiteral("oauth2token:acme"));
        QVERIFY(set.value(QStringLiteral("fingerprint")).toString().startsWith(QLatin1String("sha256:")));
        QVERIFY(set.value(QStringLiteral("ttl_ms")).toInteger() > 0);
        QCOMPARE(set.value(QStringLiteral("status")).toString(), QStringLiteral("valid"));
        cli({QStringLiteral("DEL"), QStringLiteral("oauth2token:acme")});
        QVERIFY(!lineWith(*watch, seen, "\"event\":\"del\"").isEmpty());
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:junk"), QStringLiteral("not json")});
        const QJsonObject junk = QJsonDocument::fromJson(lineWith(*watch, seen, "oauth2token:junk")).object();
        QCOMPARE(junk.value(QStringLiteral("status")).toString(), QStringLiteral("unreadable"));
        QVERIFY(junk.value(QStringLiteral("reason")).toString().contains(QStringLiteral("not JSON")));
        cli({QStringLiteral("SET"), QStringLiteral("unrelated"), QStringLiteral("x")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:last"), response("t2", 600)});
        QVERIFY(!lineWith(*watch, seen, "oauth2token:last").isEmpty());
        watch->kill();
        watch->waitForFinished(10000);
        QVERIFY(!seen.contains("the-token") && !seen.contains("unrelated"));
        // Each change read only its key: no SCAN went to the server.
        QCOMPARE(m_redis->commandCalls("scan"), 0);
    }

    void aChangedKeyThatCannotBeReadIsSaidNotTakenForGone()
    {
        // Events and subscriptions allowed, reading values not: a change is said on stderr, never
        // printed as a key that went.
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        QCOMPARE(cli({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("blind"),
                      QStringLiteral("on"), QStringLiteral(">pw"), QStringLiteral("~*"), QStringLiteral("&*"),
                      QStringLiteral("+@all"), QStringLiteral("-get"), QStringLiteral("-getrange")}),
                 QByteArray("OK"));
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"),
                                     QStringLiteral("redis://blind:pw@127.0.0.1:%1/0").arg(m_redis->port()));
        const auto watch = m_tokencache->start(
            {QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("watch")});
        QVERIFY(subscribed());
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:hidden"), response("secret-token", 600)});
        QByteArray errors;
        QVERIFY(QTest::qWaitFor(
            [&] {
                errors += watch->readAllStandardError();
                return errors.contains("could not be read");
            },
            30000));
        QVERIFY2(errors.contains("oauth2token:hidden changed (set) but could not be read") &&
                     errors.contains("NOPERM"),
                 errors.constData());
        watch->kill();
        watch->waitForFinished(10000);
        QCOMPARE(watch->readAllStandardOutput(), QByteArray()); // no line saying the key went
    }

    void aKeyThatIsNotUtf8ComesWithItsBytesInJson()
    {
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        const auto watch = m_tokencache->start(
            {QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("watch")});
        QVERIFY(subscribed());
        // Bytes 0xff 0xfe, written by Lua's decimal escapes; no TTL, so audit names it too.
        cli({QStringLiteral("EVAL"), QStringLiteral("redis.call('SET', 'oauth2token:\\255\\254', ARGV[1])"),
             QStringLiteral("0"), response("b", 600)});
        QByteArray seen;
        const QJsonObject line = QJsonDocument::fromJson(lineWith(*watch, seen, "key_base64")).object();
        watch->kill();
        watch->waitForFinished(10000);
        QCOMPARE(line.value(QStringLiteral("key_base64")).toString(), QStringLiteral("b2F1dGgydG9rZW46//4="));
        const HeadlessRun audit =
            run({QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("audit")});
        QCOMPARE(audit.exitCode, 8);
        QCOMPARE(QJsonDocument::fromJson(audit.out).object().value(QStringLiteral("key_base64")).toString(),
                 QStringLiteral("b2F1dGgydG9rZW46//4="));
    }

    void forgedEventsPrintNothing()
    {
        // Any client allowed to PUBLISH can send on a keyspace channel: an event name that Redis
        // never sends is dropped, a "del" of a key that is still there is not believed.
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:kept"), response("k", 600)});
        const auto watch = m_tokencache->start({QStringLiteral("watch")});
        QVERIFY(subscribed());
        const QString channel = QStringLiteral("__keyspace@0__:oauth2token:kept");
        cli({QStringLiteral("PUBLISH"), channel,
             QStringLiteral("set\x1b]0;pwned\x07\n2026-01-01T00:00:00.000Z  del  oauth2token:kept")});
        cli({QStringLiteral("PUBLISH"), channel, QStringLiteral("del")});
        cli({QStringLiteral("PUBLISH"), QStringLiteral("__keyspace@0__:oauth2token:nowhere"),
             QStringLiteral("set")});
        // Events are read in order: once this key's line is out, the forged ones were dealt with.
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:marker"), response("m", 600)});
        QByteArray seen;
        QVERIFY(!lineWith(*watch, seen, "oauth2token:marker").isEmpty());
        watch->kill();
        watch->waitForFinished(10000);
        seen += watch->readAllStandardOutput();
        QVERIFY2(!seen.contains("oauth2token:kept") && !seen.contains("pwned") && !seen.contains("nowhere"),
                 seen.constData());
    }

    void watchSaysOnceThatRedisWentAndWhenChangesArriveAgain()
    {
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        const auto watch =
            m_tokencache->start({QStringLiteral("watch"), QStringLiteral("--interval"), QStringLiteral("1")});
        QVERIFY(subscribed());
        QByteArray errors;
        const auto stderrHas = [&](const QByteArray& text) {
            return QTest::qWaitFor(
                [&] {
                    errors += watch->readAllStandardError();
                    return errors.contains(text);
                },
                30000);
        };
        m_redis->stop();
        QVERIFY2(stderrHas("the keyspace subscription was lost"), errors.constData());
        QVERIFY(m_redis->restart());
        QVERIFY2(stderrHas("changes arrive again: "), errors.constData());
        watch->kill();
        watch->waitForFinished(10000);
        // Down for a while and retried every second: said once, not at every retry.
        QCOMPARE(errors.count("was lost"), 1);
        QVERIFY2(errors.count("connection refused") <= 1, errors.constData());
    }

    void watchAndAuditExitThreeWhenRedisIsUnreachableAtTheStart()
    {
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"),
                                     QStringLiteral("redis://127.0.0.1:1/0"));
        for (const QString& command : {QStringLiteral("watch"), QStringLiteral("audit")}) {
            const HeadlessRun finished = run({command});
            QCOMPARE(finished.exitCode, 3);
            QVERIFY2(finished.err.contains("connection refused"), finished.err.constData());
        }
    }

    void auditForExitsThreeWhenItWasBlindForAWhile()
    {
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        const auto audit =
            m_tokencache->start({QStringLiteral("audit"), QStringLiteral("--for"), QStringLiteral("10")});
        QVERIFY(subscribed());
        m_redis->stop(); // storms written now would go unseen: no clean bill of health
        const HeadlessRun finished = HeadlessProcess::finish(*audit, 60000);
        QCOMPARE(finished.exitCode, 3);
        QVERIFY2(finished.err.contains("rewrite storms may have been missed"), finished.err.constData());
    }

    void watchPollsAndSaysSoWhenTheServerPublishesNoEvents()
    {
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QString()});
        const auto watch =
            m_tokencache->start({QStringLiteral("watch"), QStringLiteral("--interval"), QStringLiteral("1")});
        QByteArray errors;
        QVERIFY(QTest::qWaitFor(
            [&] {
                errors += watch->readAllStandardError();
                return errors.contains("live updates off");
            },
            30000));
        QVERIFY2(errors.contains("the server does not publish keyspace events"), errors.constData());
        // Polled: the first scan is the baseline, the key after it is a change.
        QVERIFY(QTest::qWaitFor([this] { return m_redis->commandCalls("scan") >= 1; }, 30000));
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:acme"), response("t", 600)});
        QByteArray seen;
        QVERIFY(lineWith(*watch, seen, "oauth2token:acme").contains("set"));
        watch->kill();
        watch->waitForFinished(10000);
    }

    void liveUpdatesRunUnderTheReadmesRule()
    {
        // Exactly the rule the README documents: CONFIG GET says whether events are published, and
        // PSUBSCRIBE takes the rule's channel pattern.
        const QStringList rule = ReadmeAcl::serverRule(QStringLiteral("acl-pass"));
        QVERIFY(!rule.isEmpty());
        QCOMPARE(cli(rule), QByteArray("OK"));
        m_tokencache->setEnvironment(
            QStringLiteral("TOKENCACHE_REDIS_URL"),
            QStringLiteral("redis://tokencache:acl-pass@127.0.0.1:%1/0").arg(m_redis->port()));
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        const auto watch = m_tokencache->start({QStringLiteral("watch")});
        QVERIFY(subscribed());
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:live"), response("l", 600),
             QStringLiteral("EX"), QStringLiteral("540")});
        QByteArray seen;
        QVERIFY(!lineWith(*watch, seen, "oauth2token:live").isEmpty());
        watch->kill();
        watch->waitForFinished(10000);
        QVERIFY2(!watch->readAllStandardError().contains("NOPERM"), "the rule refused part of live updates");
        QCOMPARE(run({QStringLiteral("audit")}).exitCode, 0);
    }

    void whereConfigGetIsRefusedTheConnectionsPreferenceDecides()
    {
        // A managed service's user: keyspace channels allowed, CONFIG not.
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KA")});
        QCOMPARE(cli({QStringLiteral("ACL"), QStringLiteral("SETUSER"), QStringLiteral("managed"),
                      QStringLiteral("on"), QStringLiteral(">pw"), QStringLiteral("~*"), QStringLiteral("&*"),
                      QStringLiteral("+@all"), QStringLiteral("-config")}),
                 QByteArray("OK"));
        const QString url = QStringLiteral("redis://managed:pw@127.0.0.1:%1/0").arg(m_redis->port());
        m_tokencache->setEnvironment(QStringLiteral("TOKENCACHE_REDIS_URL"), QString());
        for (const char* events : {"auto", "subscribe"})
            QCOMPARE(run({QStringLiteral("connections"), QStringLiteral("add"), QLatin1String(events),
                          QStringLiteral("--url"), url, QStringLiteral("--keyspace-events"),
                          QLatin1String(events)})
                         .exitCode,
                     0);
        // auto: the server will not say, so it polls and says why.
        const auto polling =
            m_tokencache->start({QStringLiteral("-C"), QStringLiteral("auto"), QStringLiteral("watch")});
        QByteArray errors;
        QVERIFY(QTest::qWaitFor(
            [&] {
                errors += polling->readAllStandardError();
                return errors.contains("live updates off");
            },
            30000));
        QVERIFY2(errors.contains("does not say whether it publishes keyspace events") &&
                     errors.contains("NOPERM"),
                 errors.constData());
        polling->kill();
        polling->waitForFinished(10000);
        // subscribe: it subscribes anyway, and the changes come.
        const auto live =
            m_tokencache->start({QStringLiteral("-C"), QStringLiteral("subscribe"), QStringLiteral("watch")});
        QVERIFY(subscribed());
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:managed"), response("m", 600)});
        QByteArray seen;
        QVERIFY(lineWith(*live, seen, "oauth2token:managed").contains("set"));
        live->kill();
        live->waitForFinished(10000);
        // Unconfirmed, and said: a server with the events off would leave it silent.
        QVERIFY(live->readAllStandardError().contains("if no change arrives, notify-keyspace-events is off"));
    }

    void auditNamesEachProblemAndExitsEight()
    {
        QCOMPARE(run({QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("short"),
                      QStringLiteral("--token-url"), QStringLiteral("https://idp.example/token"),
                      QStringLiteral("--client-id"), QStringLiteral("c"), QStringLiteral("--client-secret"),
                      QStringLiteral("env:X")})
                     .exitCode,
                 0);
        QCOMPARE(run({QStringLiteral("audit")}).exitCode, 0); // an empty cache has no problems
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:forever"), response("a", 600)});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:outlives"),
             response(makeJwt({{QStringLiteral("exp"), now + 100}}), 600), QStringLiteral("EX"),
             QStringLiteral("1000")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:short"), response("b", 90),
             QStringLiteral("EX"), QStringLiteral("60")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:garbage"), QStringLiteral("not json"),
             QStringLiteral("EX"), QStringLiteral("60")});
        cli({QStringLiteral("SET"), QStringLiteral("{oauth2token:gone}:lock"), QStringLiteral("holder-1")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:fine"), response("c", 600),
             QStringLiteral("EX"), QStringLiteral("540")});
        const HeadlessRun audited = run({QStringLiteral("audit")});
        QCOMPARE(audited.exitCode, 8);
        for (const QByteArray& expected : {QByteArray("no-ttl             oauth2token:forever"),
                                           QByteArray("ttl-outlives-token oauth2token:outlives"),
                                           QByteArray("short-lifetime     oauth2token:short"),
                                           QByteArray("unreadable         oauth2token:garbage"),
                                           QByteArray("stale-lock         {oauth2token:gone}:lock"),
                                           QByteArray("5 problems in 6 entries")})
            QVERIFY2(audited.out.contains(expected), audited.out.constData());
        QVERIFY(!audited.out.contains("oauth2token:fine"));
        // The same problems as list's filter terms.
        const HeadlessRun listed = run(
            {QStringLiteral("list"), QStringLiteral("--filter"), QStringLiteral("problem:short-lifetime")});
        QVERIFY2(listed.out.contains("oauth2token:short") && !listed.out.contains("oauth2token:forever"),
                 listed.out.constData());
        QCOMPARE(run({QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("list"),
                      QStringLiteral("--filter"), QStringLiteral("problem:any")})
                     .out.count('\n'),
                 5);

        // The same as metrics node_exporter's textfile collector reads; promtool says they are valid.
        const HeadlessRun metrics =
            run({QStringLiteral("audit"), QStringLiteral("--output"), QStringLiteral("prometheus")});
        QCOMPARE(metrics.exitCode, 8);
        QVERIFY2(metrics.out.contains("tokencache_problems{connection=\"default\",kind=\"no-ttl\"} 1"),
                 metrics.out.constData());
        QVERIFY(metrics.out.contains("tokencache_entries{connection=\"default\",status=\"stale_lock\"} 1"));
        QVERIFY(metrics.out.contains(
            "tokencache_earliest_expiry_seconds{connection=\"default\",profile=\"short\"} "));
        QProcess promtool;
        promtool.start(QStringLiteral(TOKENCACHE_PROMTOOL),
                       {QStringLiteral("check"), QStringLiteral("metrics")});
        QVERIFY2(promtool.waitForStarted(10000), "promtool is missing: scripts/test.sh unpacks it");
        promtool.write(metrics.out);
        promtool.closeWriteChannel();
        QVERIFY(promtool.waitForFinished(30000));
        QVERIFY2(promtool.exitCode() == 0, promtool.readAllStandardError().constData());
        QCOMPARE(
            run({QStringLiteral("list"), QStringLiteral("--output"), QStringLiteral("prometheus")}).exitCode,
            2);
    }

    void auditForCatchesARewriteStormFromSetEvents()
    {
        cli({QStringLiteral("CONFIG"), QStringLiteral("SET"), QStringLiteral("notify-keyspace-events"),
             QStringLiteral("KEg$xe")});
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:busy"), response("t0", 3600),
             QStringLiteral("EX"), QStringLiteral("3500")});
        const auto audit =
            m_tokencache->start({QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("audit"),
                                 QStringLiteral("--for"), QStringLiteral("10")});
        QVERIFY(subscribed());
        // Forged "set" events for a key nobody writes: no write happened, none is counted.
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:calm"), response("c", 3600),
             QStringLiteral("EX"), QStringLiteral("3500")});
        int reads = m_redis->commandCalls("getrange");
        for (int i = 0; i < 6; ++i)
            cli({QStringLiteral("PUBLISH"), QStringLiteral("__keyspace@0__:oauth2token:calm"),
                 QStringLiteral("set")});
        const int forgedRead = reads + 6; // each is checked by reading the key
        QVERIFY(QTest::qWaitFor([&] { return (reads = m_redis->commandCalls("getrange")) >= forgedRead; },
                                30000));
        // A service that fetches on every request, bypassing the cache: five writes of an hour's token,
        // each read after its two events (set, expire) before the next: faster writes count once.
        for (int i = 1; i <= 5; ++i) {
            cli({QStringLiteral("SET"), QStringLiteral("oauth2token:busy"),
                 response(QByteArray("t") + QByteArray::number(i), 3600), QStringLiteral("EX"),
                 QStringLiteral("3500")});
            const int bothRead = reads + 2;
            QVERIFY(QTest::qWaitFor([&] { return (reads = m_redis->commandCalls("getrange")) >= bothRead; },
                                    30000));
        }
        const HeadlessRun finished = HeadlessProcess::finish(*audit, 60000);
        QCOMPARE(finished.exitCode, 8);
        const QJsonObject storm = QJsonDocument::fromJson(finished.out.trimmed()).object();
        QCOMPARE(storm.value(QStringLiteral("kind")).toString(), QStringLiteral("rewrite-storm"));
        QCOMPARE(storm.value(QStringLiteral("key")).toString(), QStringLiteral("oauth2token:busy"));
        QVERIFY2(storm.value(QStringLiteral("detail"))
                     .toString()
                     .startsWith(QLatin1String("rewritten 5 times in")),
                 qPrintable(storm.value(QStringLiteral("detail")).toString()));
    }

    void auditForWithoutEventsCountsAtLeastTheTokensItSawChange()
    {
        cli({QStringLiteral("SET"), QStringLiteral("oauth2token:busy"), response("t0", 3600),
             QStringLiteral("EX"), QStringLiteral("3500")});
        const auto audit =
            m_tokencache->start({QStringLiteral("--output"), QStringLiteral("jsonl"), QStringLiteral("audit"),
                                 QStringLiteral("--for"), QStringLiteral("15")});
        // Without events it compares fingerprints once a second (here one read of the key each): each
        // write waits until the key was read again, so each is seen; writes between two count once.
        int reads = 0;
        QVERIFY(QTest::qWaitFor([&] { return (reads = m_redis->commandCalls("getrange")) >= 2; }, 30000));
        for (int i = 1; i <= 4; ++i) {
            cli({QStringLiteral("SET"), QStringLiteral("oauth2token:busy"),
                 response(QByteArray("t") + QByteArray::number(i), 3600), QStringLiteral("EX"),
                 QStringLiteral("3500")});
            const int before = reads;
            QVERIFY(
                QTest::qWaitFor([&] { return (reads = m_redis->commandCalls("getrange")) > before; }, 30000));
        }
        const HeadlessRun finished = HeadlessProcess::finish(*audit, 60000);
        QCOMPARE(finished.exitCode, 8);
        QVERIFY2(finished.err.contains("comparing fingerprints every second"), finished.err.constData());
        const QJsonObject storm = QJsonDocument::fromJson(finished.out.trimmed()).object();
        QCOMPARE(storm.value(QStringLiteral("kind")).toString(), QStringLiteral("rewrite-storm"));
        QVERIFY2(storm.value(QStringLiteral("detail"))
                     .toString()
                     .startsWith(QLatin1String("rewritten at least 4 times")),
                 qPrintable(storm.value(QStringLiteral("detail")).toString()));
    }
};

QTEST_GUILESS_MAIN(tst_Monitoring)
#include "tst_Monitoring.moc"
