#include "tests/support/HeadlessProcess.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace tokencache;

/**
 * `export` and `import` through the real binary: one config exported, the file read for secrets,
 * and imported into another config. Neither needs Redis.
 */
class tst_HeadlessTransfer : public QObject
{
    Q_OBJECT

    // What the source config holds itself, which must never leave it.
    static constexpr const char* kSecrets[] = {"url-pass-123", "literal-client-456", "header-789"};

    std::unique_ptr<QTemporaryDir> m_directory;
    std::unique_ptr<HeadlessProcess> m_source;
    std::unique_ptr<HeadlessProcess> m_target;

    QString path(const QString& name) const { return m_directory->filePath(name); }

    static HeadlessRun run(const HeadlessProcess& tokencache, const QStringList& arguments,
                           const QByteArray& input = {})
    {
        const auto process = tokencache.prepare();
        HeadlessProcess::begin(*process, arguments);
        process->write(input);
        process->closeWriteChannel();
        return HeadlessProcess::finish(*process);
    }

    static QString text(const HeadlessRun& run)
    {
        return QStringLiteral("exit %1\nstdout: %2\nstderr: %3")
            .arg(run.exitCode)
            .arg(QString::fromUtf8(run.out), QString::fromUtf8(run.err));
    }

    static QByteArray read(const QString& file)
    {
        QFile input(file);
        return input.open(QIODevice::ReadOnly) ? input.readAll() : QByteArray();
    }

    static QJsonObject json(const QByteArray& bytes) { return QJsonDocument::fromJson(bytes).object(); }

    /** The audit log's (connection, action) pairs of the config in @p folder. */
    QStringList audited(const QString& folder) const
    {
        QStringList found;
        const QByteArray lines = read(path(folder + QStringLiteral("/state/tokencache/audit.jsonl")));
        for (const QByteArray& line : lines.split('\n')) {
            if (line.isEmpty())
                continue;
            const QJsonObject record = json(line);
            found.append(record.value(QStringLiteral("connection")).toString() + QLatin1Char(' ') +
                         record.value(QStringLiteral("action")).toString());
        }
        return found;
    }

    /** prod keeps its secrets in the config; staging names them only. */
    void setUpSource()
    {
        const QList<QStringList> commands{
            {QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("prod"),
             QStringLiteral("--url"), QStringLiteral("redis://ops:url-pass-123@redis.prod.example:6380/0"),
             QStringLiteral("--tag"), QStringLiteral("production"), QStringLiteral("--color"),
             QStringLiteral("#c62828"), QStringLiteral("--read-only")},
            {QStringLiteral("-C"), QStringLiteral("prod"), QStringLiteral("profiles"), QStringLiteral("add"),
             QStringLiteral("billing"), QStringLiteral("--token-url"),
             QStringLiteral("https://idp.example/token"), QStringLiteral("--client-id"),
             QStringLiteral("billing-client"), QStringLiteral("--client-secret"),
             QStringLiteral("literal-client-456"), QStringLiteral("--header"),
             QStringLiteral("X-Api-Key=literal:header-789"), QStringLiteral("--header"),
             QStringLiteral("Accept=plain:application/json"), QStringLiteral("--auth"),
             QStringLiteral("post"), QStringLiteral("--store-secret-in-config")},
            {QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("staging"),
             QStringLiteral("--url"), QStringLiteral("redis://redis.staging.example:6379/1"),
             QStringLiteral("--password"), QStringLiteral("keychain:staging-redis"), QStringLiteral("--tag"),
             QStringLiteral("staging")},
            {QStringLiteral("profiles"), QStringLiteral("add"), QStringLiteral("acme"),
             QStringLiteral("--token-url"), QStringLiteral("https://idp.example/token"),
             QStringLiteral("--client-id"), QStringLiteral("acme"), QStringLiteral("--client-secret"),
             QStringLiteral("env:ACME_SECRET"), QStringLiteral("-C"), QStringLiteral("staging")},
            {QStringLiteral("--connection"), QStringLiteral("staging"), QStringLiteral("profiles"),
             QStringLiteral("add"), QStringLiteral("pay"), QStringLiteral("--token-url"),
             QStringLiteral("https://pay.example/token"), QStringLiteral("--client-id"),
             QStringLiteral("pay"), QStringLiteral("--client-secret"),
             QStringLiteral("file:/run/secrets/pay"), QStringLiteral("--header"),
             QStringLiteral("X-Api-Key=keychain:pay-api-key")},
        };
        for (const QStringList& command : commands) {
            const HeadlessRun done = run(*m_source, command);
            QVERIFY2(done.exitCode == 0, qPrintable(text(done)));
        }
    }

private slots:
    void init()
    {
        m_directory = std::make_unique<QTemporaryDir>();
        QVERIFY(QDir(m_directory->path()).mkpath(QStringLiteral("source")));
        QVERIFY(QDir(m_directory->path()).mkpath(QStringLiteral("target")));
        m_source = std::make_unique<HeadlessProcess>(path(QStringLiteral("source/config.json")));
        m_target = std::make_unique<HeadlessProcess>(path(QStringLiteral("target/config.json")));
    }

    void cleanup()
    {
        m_source.reset();
        m_target.reset();
        m_directory.reset();
    }

    void anExportHoldsReferencesOnlyAndImportsIntoAnotherConfig()
    {
        setUpSource();
        const QString exportPath = path(QStringLiteral("export.json"));
        const HeadlessRun exported =
            run(*m_source, {QStringLiteral("export"), QStringLiteral("--file"), exportPath});
        QVERIFY2(exported.exitCode == 0, qPrintable(text(exported)));
        QCOMPARE(exported.out, "exported connections prod, staging to " + exportPath.toUtf8() + '\n');
        // stderr names every secret left out, never the secret.
        QCOMPARE(exported.err,
                 QByteArray("tokencache: left out 3 secrets stored in the config itself (null in the "
                            "export; set again after import):\n"
                            "  connections[prod].redis.url.password\n"
                            "  connections[prod].profiles[billing].clientSecret\n"
                            "  connections[prod].profiles[billing].headers[X-Api-Key]\n"));

        QFile file(exportPath);
        QCOMPARE(file.permissions() & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        const QByteArray bytes = read(exportPath);
        for (const char* secret : kSecrets)
            QVERIFY2(!bytes.contains(secret), secret);
        for (const char* reference : {"keychain:staging-redis", "env:ACME_SECRET", "file:/run/secrets/pay",
                                      "keychain:pay-api-key", "plain:application/json"})
            QVERIFY2(bytes.contains(reference), reference);
        const QJsonObject document = json(bytes);
        QCOMPARE(document.value(QStringLiteral("format")).toString(), QStringLiteral("tokencache-export"));
        QCOMPARE(document.value(QStringLiteral("omitted")).toArray().size(), 3);

        // stdout: the same document. $TOKENCACHE_CONNECTION does not narrow it; -C does.
        m_source->setEnvironment(QStringLiteral("TOKENCACHE_CONNECTION"), QStringLiteral("staging"));
        const HeadlessRun printed = run(*m_source, {QStringLiteral("export")});
        QCOMPARE(printed.exitCode, 0);
        QCOMPARE(json(printed.out), document);
        const HeadlessRun one =
            run(*m_source, {QStringLiteral("-C"), QStringLiteral("staging"), QStringLiteral("export")});
        QVERIFY2(one.exitCode == 0 && one.err.isEmpty(), qPrintable(text(one)));
        const QJsonArray connections = json(one.out).value(QStringLiteral("connections")).toArray();
        QCOMPARE(connections.size(), 1);
        QCOMPARE(connections.at(0).toObject().value(QStringLiteral("name")).toString(),
                 QStringLiteral("staging"));
        const HeadlessRun unknown =
            run(*m_source, {QStringLiteral("export"), QStringLiteral("-C"), QStringLiteral("nope")});
        QVERIFY2(unknown.exitCode == 5 && unknown.out.isEmpty(), qPrintable(text(unknown)));

        // Into an empty config: the built-in default gives way, as to `connections add`.
        const HeadlessRun imported = run(*m_target, {QStringLiteral("import"), exportPath});
        QVERIFY2(imported.exitCode == 0, qPrintable(text(imported)));
        const QString targetConfig = path(QStringLiteral("target/config.json"));
        QCOMPARE(
            QString::fromUtf8(imported.out),
            QStringLiteral("added connection prod\n"
                           "added connection staging\n"
                           "default connection: prod (in place of the built-in one)\n"
                           "not set: the export left these secrets out; set them before use (REF: env:NAME, "
                           "file:/path or keychain:NAME):\n"
                           "  connections[prod].redis.password\n"
                           "      set \"password\" under connection prod's \"redis\" in %1 to REF, or in the "
                           "window's connection settings\n"
                           "  connections[prod].profiles[billing].clientSecret\n"
                           "  connections[prod].profiles[billing].headers[X-Api-Key]\n"
                           "      tokencache -C prod profiles edit billing --client-secret REF --header "
                           "X-Api-Key=REF\n")
                .arg(targetConfig));

        // The same connections and profiles, but for the secrets that stayed behind: unset, never made up.
        QJsonObject expected = json(read(path(QStringLiteral("source/config.json"))));
        QJsonArray expectedConnections = expected.value(QStringLiteral("connections")).toArray();
        QJsonObject prod = expectedConnections.at(0).toObject();
        QJsonObject redis = prod.value(QStringLiteral("redis")).toObject();
        redis.insert(QStringLiteral("url"), QStringLiteral("redis://ops@redis.prod.example:6380/0"));
        prod.insert(QStringLiteral("redis"), redis);
        QJsonArray profiles = prod.value(QStringLiteral("profiles")).toArray();
        QJsonObject billing = profiles.at(0).toObject();
        billing.insert(QStringLiteral("clientSecret"), QString());
        QJsonObject headers = billing.value(QStringLiteral("headers")).toObject();
        headers.insert(QStringLiteral("X-Api-Key"), QString());
        billing.insert(QStringLiteral("headers"), headers);
        profiles.replace(0, billing);
        prod.insert(QStringLiteral("profiles"), profiles);
        expectedConnections.replace(0, prod);
        expected.insert(QStringLiteral("connections"), expectedConnections);
        const QByteArray imported_config = read(targetConfig);
        QCOMPARE(json(imported_config), expected);
        for (const char* secret : kSecrets)
            QVERIFY2(!imported_config.contains(secret), secret);
        // The file loads, and the hint sets what is missing.
        const HeadlessRun set =
            run(*m_target, {QStringLiteral("-C"), QStringLiteral("prod"), QStringLiteral("profiles"),
                            QStringLiteral("edit"), QStringLiteral("billing"),
                            QStringLiteral("--client-secret"), QStringLiteral("env:BILLING_SECRET"),
                            QStringLiteral("--header"), QStringLiteral("X-Api-Key=env:BILLING_KEY")});
        QVERIFY2(set.exitCode == 0, qPrintable(text(set)));

        // Again: refused by name, nothing changed; --replace replaces, and keeps what the file does not name.
        const HeadlessRun addedDev =
            run(*m_target, {QStringLiteral("connections"), QStringLiteral("add"), QStringLiteral("dev"),
                            QStringLiteral("--url"), QStringLiteral("redis://127.0.0.1:6379/3")});
        QVERIFY2(addedDev.exitCode == 0, qPrintable(text(addedDev)));
        const QByteArray before = read(targetConfig);
        const HeadlessRun refused = run(*m_target, {QStringLiteral("import"), exportPath});
        QCOMPARE(refused.exitCode, 2);
        QCOMPARE(refused.out, QByteArray());
        QCOMPARE(refused.err, "tokencache: import " + exportPath.toUtf8() +
                                  ": connections \"prod\", \"staging\" exist already; nothing was imported "
                                  "(replacing them needs --replace)\n");
        QCOMPARE(read(targetConfig), before);
        const HeadlessRun replaced =
            run(*m_target, {QStringLiteral("import"), QStringLiteral("--replace"), exportPath});
        QVERIFY2(replaced.exitCode == 0, qPrintable(text(replaced)));
        QVERIFY2(replaced.out.startsWith("replaced connection prod\nreplaced connection staging\nnot set:"),
                 replaced.out.constData());
        const QJsonArray after = json(read(targetConfig)).value(QStringLiteral("connections")).toArray();
        QStringList names;
        for (const QJsonValue& connection : after)
            names.append(connection.toObject().value(QStringLiteral("name")).toString());
        QCOMPARE(names,
                 (QStringList{QStringLiteral("prod"), QStringLiteral("staging"), QStringLiteral("dev")}));
        QCOMPARE(after.at(0).toObject(),
                 expected.value(QStringLiteral("connections")).toArray().at(0).toObject());

        // Each connection exported and imported is in the log of the config it left or reached.
        QCOMPARE(audited(QStringLiteral("source")),
                 (QStringList{QStringLiteral("prod connection-add"), QStringLiteral("prod profile-add"),
                              QStringLiteral("staging connection-add"), QStringLiteral("staging profile-add"),
                              QStringLiteral("staging profile-add"), QStringLiteral("prod export"),
                              QStringLiteral("staging export"), QStringLiteral("prod export"),
                              QStringLiteral("staging export"), QStringLiteral("staging export")}));
        QCOMPARE(
            audited(QStringLiteral("target")),
            (QStringList{QStringLiteral("prod import"), QStringLiteral("staging import"),
                         QStringLiteral("prod profile-edit"), QStringLiteral("dev connection-add"),
                         QStringLiteral("prod import-replace"), QStringLiteral("staging import-replace")}));
        for (const QString& folder : {QStringLiteral("source"), QStringLiteral("target")}) {
            const QByteArray log = read(path(folder + QStringLiteral("/state/tokencache/audit.jsonl")));
            for (const char* secret : kSecrets)
                QVERIFY2(!log.contains(secret), secret);
        }
    }

    void stdinAndOneConnectionAndJsonOutput()
    {
        setUpSource();
        const HeadlessRun exported = run(*m_source, {QStringLiteral("export")});
        QCOMPARE(exported.exitCode, 0);
        const HeadlessRun imported = run(*m_target,
                                         {QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("-C"),
                                          QStringLiteral("prod"), QStringLiteral("--json")},
                                         exported.out);
        QVERIFY2(imported.exitCode == 0, qPrintable(text(imported)));
        const QJsonObject result = json(imported.out);
        QCOMPARE(result.value(QStringLiteral("added")).toArray(), QJsonArray{QStringLiteral("prod")});
        QCOMPARE(result.value(QStringLiteral("replaced")).toArray(), QJsonArray());
        QCOMPARE(result.value(QStringLiteral("defaultConnection")).toString(), QStringLiteral("prod"));
        const QJsonArray unset = result.value(QStringLiteral("unset")).toArray();
        QCOMPARE(unset.size(), 3);
        const QJsonObject header = unset.at(2).toObject();
        QCOMPARE(header.value(QStringLiteral("path")).toString(),
                 QStringLiteral("connections[prod].profiles[billing].headers[X-Api-Key]"));
        QCOMPARE(header.value(QStringLiteral("profile")).toString(), QStringLiteral("billing"));
        QCOMPARE(header.value(QStringLiteral("header")).toString(), QStringLiteral("X-Api-Key"));
        const HeadlessRun listed = run(*m_target, {QStringLiteral("connections"), QStringLiteral("list")});
        QVERIFY2(listed.out.contains("* prod") && !listed.out.contains("staging"), listed.out.constData());
        const HeadlessRun missing =
            run(*m_target,
                {QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("-C"), QStringLiteral("nope")},
                exported.out);
        QCOMPARE(missing.exitCode, 5);
        QVERIFY2(missing.err.contains("the export has no connection named \"nope\" (it has: prod, staging)"),
                 missing.err.constData());

        // Larger than a pipe holds at once (64 KiB): read to its end, not its first piece.
        QJsonObject large = json(exported.out);
        QJsonArray connections = large.value(QStringLiteral("connections")).toArray();
        QJsonObject staging = connections.at(1).toObject();
        staging.insert(QStringLiteral("notes"), QString(200'000, QLatin1Char('n'))); // kept as unknown
        connections.replace(1, staging);
        large.insert(QStringLiteral("connections"), connections);
        const HeadlessRun piped = run(
            *m_target,
            {QStringLiteral("import"), QStringLiteral("-"), QStringLiteral("-C"), QStringLiteral("staging")},
            QJsonDocument(large).toJson());
        QVERIFY2(piped.exitCode == 0, qPrintable(text(piped)));

        // A device is written to, not replaced by a file: /dev/stdout is the pipe this test reads.
        const HeadlessRun toStdout = run(
            *m_source, {QStringLiteral("export"), QStringLiteral("--file"), QStringLiteral("/dev/stdout")});
        QVERIFY2(toStdout.exitCode == 0, qPrintable(text(toStdout)));
        QVERIFY(toStdout.out.contains("\"format\": \"tokencache-export\""));
    }

    void badFilesAreRefusedByNameAndChangeNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QByteArray>("message");
        QTest::newRow("not JSON") << QByteArray("{\"format\": ") << QByteArray("not valid JSON");
        QTest::newRow("a config") << QByteArray("{\"version\": 3, \"connections\": []}")
                                  << QByteArray("not a tokencache export");
        QTest::newRow("newer")
            << QByteArray("{\"format\": \"tokencache-export\", \"version\": 99, \"connections\": []}")
            << QByteArray("written by a newer tokencache (format version 99; this one reads 5)");
        QTest::newRow("a bad connection")
            << QByteArray("{\"format\": \"tokencache-export\", \"version\": 3, \"connections\": "
                          "[{\"name\": \"ok\"}, {\"name\": \"x\", \"redis\": {\"url\": 7}}]}")
            << QByteArray("connections[1].redis.url must be a string");
    }

    void badFilesAreRefusedByNameAndChangeNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QByteArray, message);
        const QString file = path(QStringLiteral("bad.json"));
        QFile output(file);
        QVERIFY(output.open(QIODevice::WriteOnly));
        output.write(content);
        output.close();
        const HeadlessRun refused = run(*m_target, {QStringLiteral("import"), file});
        QCOMPARE(refused.exitCode, 2);
        QVERIFY2(refused.err.startsWith("tokencache: import") && refused.err.contains(file.toUtf8()) &&
                     refused.err.contains(message),
                 refused.err.constData());
        QVERIFY(!QFile::exists(path(QStringLiteral("target/config.json"))));
        QVERIFY(audited(QStringLiteral("target")).isEmpty());
    }

    void unreadableFilesAndBadArguments()
    {
        const HeadlessRun missing =
            run(*m_target, {QStringLiteral("import"), path(QStringLiteral("none.json"))});
        QVERIFY2(missing.exitCode == 2 && missing.err.contains("import: cannot read"),
                 qPrintable(text(missing)));
        QCOMPARE(run(*m_target, {QStringLiteral("import")}).exitCode, 2);
        QCOMPARE(run(*m_target, {QStringLiteral("export"), QStringLiteral("--file"), QString()}).exitCode, 2);
        // An export that cannot be written: exit 1, as any output that cannot be written.
        const HeadlessRun unwritable = run(*m_source, {QStringLiteral("export"), QStringLiteral("--file"),
                                                       path(QStringLiteral("no/such/folder/export.json"))});
        QVERIFY2(unwritable.exitCode == 1 && unwritable.err.contains("export: cannot write"),
                 qPrintable(text(unwritable)));
    }

    void helpNamesTheCommands()
    {
        const HeadlessRun help = run(*m_source, {QStringLiteral("--help")});
        QVERIFY(help.out.contains("export [--file FILE]"));
        QVERIFY(help.out.contains("import FILE [--replace]"));
        for (const char* command : {"export", "import"}) {
            const HeadlessRun own = run(*m_source, {QString::fromLatin1(command), QStringLiteral("--help")});
            QCOMPARE(own.exitCode, 0);
            QVERIFY2(own.out.startsWith("Usage: tokencache " + QByteArray(command)), own.out.constData());
        }
    }
};

QTEST_GUILESS_MAIN(tst_HeadlessTransfer)
#include "tst_HeadlessTransfer.moc"
