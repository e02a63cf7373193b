// Where both front ends look for the config file and the Redis URL: one rule, tested once.
#include "app/CommandLine.h"
#include "app/LaunchOptions.h"
#include "core/config/ConfigStore.h"

#include <QCoreApplication>
#include <QTemporaryDir>
#include <QTest>

using namespace tokencache;

class tst_LaunchOptions : public QObject
{
    Q_OBJECT

private slots:
    void init()
    {
        QVERIFY(m_home.isValid());
        qputenv("XDG_CONFIG_HOME", m_home.path().toLocal8Bit());
        qunsetenv("TOKENCACHE_CONFIG");
        qunsetenv("TOKENCACHE_REDIS_URL");
        qunsetenv("TOKENCACHE_REDIS_PRIVATE");
    }

    void defaultPathIsTheSameWhateverTheOrganizationName()
    {
        const QString expected = m_home.path() + QStringLiteral("/tokencache/config.json");
        QCOMPARE(ConfigStore::defaultPath(), expected);
        // The window sets an organization name (settings under ~/.config/tokencache/): the config stays.
        QCoreApplication::setOrganizationName(QStringLiteral("tokencache"));
        QCOMPARE(ConfigStore::defaultPath(), expected);
        QCOMPARE(LaunchOptions::resolve().configPath, expected);
        QCoreApplication::setOrganizationName(QString());
    }

    void commandLineThenEnvironmentThenDefault()
    {
        QCOMPARE(LaunchOptions::resolve().configPath, ConfigStore::defaultPath());
        QCOMPARE(LaunchOptions::resolve().redisUrlOverride, QString());

        qputenv("TOKENCACHE_CONFIG", "/from/environment.json");
        qputenv("TOKENCACHE_REDIS_URL", "redis://environment:6379/1");
        QCOMPARE(LaunchOptions::resolve().configPath, QStringLiteral("/from/environment.json"));
        QCOMPARE(LaunchOptions::resolve().redisUrlOverride, QStringLiteral("redis://environment:6379/1"));

        const LaunchOptions flags =
            LaunchOptions::resolve(QStringLiteral("/from/flag.json"), QStringLiteral("redis://flag:6379/2"));
        QCOMPARE(flags.configPath, QStringLiteral("/from/flag.json"));
        QCOMPARE(flags.redisUrlOverride, QStringLiteral("redis://flag:6379/2"));
    }

    void onlyTheEnvironmentsUrlCanBeAPrivateRedis()
    {
        qputenv("TOKENCACHE_REDIS_PRIVATE", "1");
        QVERIFY(!LaunchOptions::resolve().redisIsPrivate); // no URL: nothing private to speak of
        qputenv("TOKENCACHE_REDIS_URL", "redis://127.0.0.1:40001/0");
        QVERIFY(LaunchOptions::resolve().redisIsPrivate);
        QVERIFY(!LaunchOptions::resolve(std::nullopt, QStringLiteral("redis://mine:6379/0")).redisIsPrivate);
        qputenv("TOKENCACHE_REDIS_PRIVATE", "0");
        QVERIFY(!LaunchOptions::resolve().redisIsPrivate);
    }

    void theWindowOpensOnlyForItsOwnOptions()
    {
        const auto opens = [](const QStringList& arguments) {
            const auto line = CommandLine::split(arguments);
            return line && line->opensWindow();
        };
        QVERIFY(opens({}));
        QVERIFY(opens(
            {QStringLiteral("--config"), QStringLiteral("/c.json"), QStringLiteral("--redis=redis://h")}));
        QVERIFY(!opens({QStringLiteral("list")}));
        QVERIFY(!opens({QStringLiteral("--json")}));
        QVERIFY(!opens({QStringLiteral("--headless")}));
        QVERIFY(!opens({QStringLiteral("--bogus")}));
        const auto line = CommandLine::split({QStringLiteral("--config"), QStringLiteral("/c.json")});
        QCOMPARE(line->value(QStringLiteral("config")), std::optional(QStringLiteral("/c.json")));
        QCOMPARE(line->value(QStringLiteral("redis")), std::nullopt);
    }

    void globalOptionsStandAnywhereButCurlsArgumentsAreCurls()
    {
        const auto line = CommandLine::split({QStringLiteral("list"), QStringLiteral("--sort"),
                                              QStringLiteral("key"), QStringLiteral("--redis"),
                                              QStringLiteral("redis://h"), QStringLiteral("--json")});
        QCOMPARE(line->command(), QStringLiteral("list"));
        QCOMPARE(line->commandArguments(), (QStringList{QStringLiteral("--sort"), QStringLiteral("key")}));
        QCOMPARE(line->value(QStringLiteral("redis")), std::optional(QStringLiteral("redis://h")));
        QVERIFY(line->isSet(QStringLiteral("json")));

        // After curl's PROFILE nothing is ours, not even what looks like a global option.
        const auto curl =
            CommandLine::split({QStringLiteral("--config"), QStringLiteral("/c.json"), QStringLiteral("curl"),
                                QStringLiteral("acme"), QStringLiteral("--json"), QStringLiteral("-d"),
                                QStringLiteral("{}"), QStringLiteral("https://api")});
        QCOMPARE(curl->command(), QStringLiteral("curl"));
        QCOMPARE(curl->commandArguments(),
                 (QStringList{QStringLiteral("acme"), QStringLiteral("--json"), QStringLiteral("-d"),
                              QStringLiteral("{}"), QStringLiteral("https://api")}));
        QVERIFY(!curl->isSet(QStringLiteral("json")));

        const auto missing = CommandLine::split({QStringLiteral("list"), QStringLiteral("--redis")});
        QVERIFY(!missing);
        QCOMPARE(missing.error().message, QStringLiteral("--redis needs a value"));
    }

private:
    QTemporaryDir m_home;
};

QTEST_GUILESS_MAIN(tst_LaunchOptions)
#include "tst_LaunchOptions.moc"
