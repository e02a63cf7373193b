#include "TestTokens.h"
#include "model/TokenFilterProxy.h"
#include "model/TokenTableModel.h"
#include "widgets/TtlBarDelegate.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QSignalSpy>
#include <QTest>

namespace {

CacheEntry entry(const QString& key, qint64 ttlMs, int expiresIn = 3600,
                 const QString& scope = QStringLiteral("read"))
{
    const QByteArray raw =
        QStringLiteral(R"({"access_token":"t-%1","token_type":"Bearer","expires_in":%2,"scope":"%3"})")
            .arg(key)
            .arg(expiresIn)
            .arg(scope)
            .toUtf8();
    CacheEntry parsed = CacheEntry::fromValue(key, raw, ttlMs);
    parsed.profile = key.section(QLatin1Char(':'), 1);
    return parsed;
}

QString cell(const QAbstractItemModel& model, const QString& key, int column)
{
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(TokenTableModel::KeyRole).toString() == key)
            return model.index(row, column).data().toString();
    }
    return {};
}

} // namespace

class tst_TokenTableModel : public QObject
{
    Q_OBJECT

private slots:
    void rowsStreamInAndUpdateInPlace()
    {
        TokenTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.upsert({entry(QStringLiteral("oauth2token:a"), 600'000),
                      entry(QStringLiteral("oauth2token:b"), 60'000)});
        model.upsert({entry(QStringLiteral("oauth2token:c"), 1'000)});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(inserted.size(), 2); // one insertion per batch
        QCOMPARE(reset.size(), 0);

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.upsert({entry(QStringLiteral("oauth2token:a"), 900'000, 3600, QStringLiteral("read write"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(cell(model, QStringLiteral("oauth2token:a"), TokenTableModel::Scopes),
                 QStringLiteral("read write"));

        model.retainOnly({QStringLiteral("oauth2token:b")});
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, TokenTableModel::Key).data().toString(), QStringLiteral("oauth2token:b"));
        QVERIFY(model.rowForKey(QStringLiteral("oauth2token:b")));
        QVERIFY(!model.rowForKey(QStringLiteral("oauth2token:a")));
        model.removeKey(QStringLiteral("oauth2token:b"));
        QCOMPARE(model.rowCount(), 0);
    }

    void countdownRunsBetweenSyncs()
    {
        TokenTableModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.upsert({entry(QStringLiteral("oauth2token:a"), 61'500)});
        const QModelIndex expiresIn = model.index(0, TokenTableModel::ExpiresIn);
        QCOMPARE(expiresIn.data().toString(), QStringLiteral("1m 1s"));
        QCOMPARE(CacheEntry::Status(expiresIn.data(TokenTableModel::StatusRole).toInt()),
                 CacheEntry::Status::Valid);
        // Nothing is sent to Redis or emitted: the value is computed when read.
        QTRY_COMPARE_WITH_TIMEOUT(expiresIn.data().toString(), QStringLiteral("59s"), 5000);
        QCOMPARE(CacheEntry::Status(expiresIn.data(TokenTableModel::StatusRole).toInt()),
                 CacheEntry::Status::Expiring);
        QCOMPARE(model.index(0, TokenTableModel::Status).data().toString(), QStringLiteral("expiring"));
    }

    void ttlBarShowsTheShareOfLifetimeLeft()
    {
        TokenTableModel model;
        model.upsert({entry(QStringLiteral("oauth2token:half"), 1'800'000),
                      entry(QStringLiteral("oauth2token:never"), CacheEntry::kNoTtl)});
        QCOMPARE(
            model.index(0, TokenTableModel::TtlBar).data(TokenTableModel::RemainingFractionRole).toDouble(),
            0.5);
        QCOMPARE(
            model.index(1, TokenTableModel::TtlBar).data(TokenTableModel::RemainingFractionRole).toDouble(),
            -1.0);
        QCOMPARE(model.index(1, TokenTableModel::ExpiresIn).data().toString(), QStringLiteral("never"));
        QCOMPARE(TtlBarDelegate::colorFor(0.5), QColor(0x33, 0xb0, 0x5a));
        QCOMPARE(TtlBarDelegate::colorFor(0.2), QColor(0xf5, 0xa6, 0x23));
        QCOMPARE(TtlBarDelegate::colorFor(0.05), QColor(0xe0, 0x1b, 0x24));
        QCOMPARE(TtlBarDelegate::colorFor(-1), QColor(0x9a, 0x99, 0x96));
    }

    void staleRowsAreMarked()
    {
        TokenTableModel model;
        model.upsert({entry(QStringLiteral("oauth2token:a"), 600'000)});
        QVERIFY(!model.index(0, TokenTableModel::Key).data(Qt::ForegroundRole).isValid());
        model.setStale(true);
        QVERIFY(model.index(0, TokenTableModel::Key).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(0, TokenTableModel::Key)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("unreachable")));
    }

    void proxyFiltersWithTheCoreRulesAndSortsByTimeLeft()
    {
        TokenTableModel model;
        TokenFilterProxy proxy;
        proxy.setSourceModel(&model);
        QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.upsert(
            {entry(QStringLiteral("oauth2token:billing"), 600'000, 3600, QStringLiteral("invoices:read")),
             entry(QStringLiteral("oauth2token:search"), 30'000, 3600, QStringLiteral("catalog:read")),
             entry(QStringLiteral("oauth2token:never"), CacheEntry::kNoTtl)});
        proxy.sort(TokenTableModel::ExpiresIn, Qt::AscendingOrder);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("oauth2token:search"));
        QCOMPARE(proxy.index(2, 0).data().toString(), QStringLiteral("oauth2token:never"));

        proxy.setFilterText(QStringLiteral("INVOICES"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText(QStringLiteral("status:expiring"));
        QCOMPARE(proxy.rowCount(), 1);
        QCOMPARE(proxy.index(0, 0).data().toString(), QStringLiteral("oauth2token:search"));
        proxy.setFilterText(QStringLiteral("profile:search read"));
        QCOMPARE(proxy.rowCount(), 1);
        proxy.setFilterText(QStringLiteral("key:nomatch"));
        QCOMPARE(proxy.rowCount(), 0);
        proxy.setFilterText({});
        QCOMPARE(proxy.rowCount(), 3);
        model.upsert({entry(QStringLiteral("oauth2token:new"), 10'000)});
        QCOMPARE(proxy.rowCount(), 4);
    }
};

QTEST_MAIN(tst_TokenTableModel)
#include "tst_TokenTableModel.moc"
