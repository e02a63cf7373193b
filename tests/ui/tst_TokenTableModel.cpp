#include "tests/support/ManualClock.h"
#include "tests/support/TestTokens.h"
#include "ui/Theme.h"
#include "ui/model/TokenTableModel.h"
#include "ui/sync/RowBatcher.h"
#include "ui/widgets/TtlBarDelegate.h"

#include <QAbstractItemModelTester>
#include <QBrush>
#include <QPersistentModelIndex>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTest>

#include <limits>

using namespace tokencache;

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
    void theExpiresInTooltipSaysBothWhenTheJwtDisagrees()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        const qint64 issued = clock.nowUtc().toSecsSinceEpoch();
        const QByteArray jwt =
            makeJwt({{QStringLiteral("iat"), issued}, {QStringLiteral("exp"), issued + 100}});
        const QByteArray raw = QStringLiteral(R"({"access_token":"%1","expires_in":3600})")
                                   .arg(QString::fromLatin1(jwt))
                                   .toUtf8();
        model.upsert(
            {CacheEntry::fromValue(QStringLiteral("oauth2token:jwt"), raw, 200'000, clock.nowUtc()),
             CacheEntry::fromValue(QStringLiteral("oauth2token:same"), raw, 100'000, clock.nowUtc())});
        const auto tip = [&model](const QString& key) {
            return model.indexForKey(key)
                .siblingAtColumn(TokenTableModel::ExpiresIn)
                .data(Qt::ToolTipRole)
                .toString();
        };
        QVERIFY2(tip(QStringLiteral("oauth2token:jwt"))
                     .contains(QStringLiteral("Redis TTL: 3m 20s left; the JWT's exp: in 1m 40s")),
                 qPrintable(tip(QStringLiteral("oauth2token:jwt"))));
        QVERIFY(!tip(QStringLiteral("oauth2token:same")).contains(QStringLiteral("Redis TTL")));
        clock.advance(110'000);
        QVERIFY2(
            tip(QStringLiteral("oauth2token:jwt")).contains(QStringLiteral("the JWT's exp: passed 10s ago")),
            qPrintable(tip(QStringLiteral("oauth2token:jwt"))));
    }

    void theAgeGoesOnWhenOnlyTheTtlsAreRead()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        // expires_in 3600 with 3000 s left: issued 10 minutes ago.
        model.upsert({entry(QStringLiteral("oauth2token:a"), 3'000'000)});
        QCOMPARE(cell(model, QStringLiteral("oauth2token:a"), TokenTableModel::Age),
                 QStringLiteral("10m 0s"));
        clock.advance(5000);
        model.updateTtls({{QStringLiteral("oauth2token:a"), 2'995'000}});
        QCOMPARE(cell(model, QStringLiteral("oauth2token:a"), TokenTableModel::Age),
                 QStringLiteral("10m 5s"));
        clock.advance(1000);
        QCOMPARE(cell(model, QStringLiteral("oauth2token:a"), TokenTableModel::Age),
                 QStringLiteral("10m 6s"));
    }

    void groupsFromTheSessionArriveSortedAndMergeIntoTheSameTable()
    {
        ManualClock clock;
        QRandomGenerator random(11);
        QList<TokenRow> rows;
        for (int i = 0; i < 5000; ++i) {
            const QString key = QStringLiteral("oauth2token:k%1").arg(i);
            rows.append(TokenRow::fromEntry(entry(key, 1000 + random.bounded(3'600'000)), 0));
        }
        TokenTableModel grouped(nullptr, clock);
        QAbstractItemModelTester tester(&grouped, QAbstractItemModelTester::FailureReportingMode::QtTest);
        grouped.sort(TokenTableModel::ExpiresIn, Qt::DescendingOrder);
        QList<QList<TokenRow>> groups;
        RowBatcher batcher({TokenTableModel::ExpiresIn, Qt::DescendingOrder}, 0,
                           [&](const QList<TokenRow>& group) {
                               groups.append(group);
                               grouped.upsertRows(group);
                           });
        for (qsizetype first = 0; first < rows.size(); first += 250) {
            if (first == 2500) // the user sorts by key: later groups come in the old order
                grouped.sort(TokenTableModel::Key, Qt::AscendingOrder);
            batcher.add(rows.mid(first, 250));
        }
        batcher.finish();

        // The first rows show at once; every group is in the order asked for; no row twice.
        QCOMPARE(groups.first().size(), 250);
        QSet<QString> keys;
        for (const QList<TokenRow>& group : groups) {
            for (qsizetype i = 0; i < group.size(); ++i) {
                QVERIFY(!keys.contains(group.at(i).key));
                keys.insert(group.at(i).key);
                if (i > 0)
                    QVERIFY(group.at(i - 1).ttlAtSyncMs >= group.at(i).ttlAtSyncMs);
            }
        }
        QCOMPARE(keys.size(), rows.size());
        QVERIFY(groups.size() < rows.size() / 250); // grouped, not passed on as they came

        TokenTableModel atOnce(nullptr, clock);
        atOnce.upsertRows(rows);
        atOnce.sort(TokenTableModel::Key, Qt::AscendingOrder);
        QCOMPARE(grouped.rowCount(), atOnce.rowCount());
        for (int row = 0; row < atOnce.rowCount(); ++row)
            QCOMPARE(grouped.index(row, 0).data(TokenTableModel::KeyRole),
                     atOnce.index(row, 0).data(TokenTableModel::KeyRole));
    }

    void rowsStreamInAndUpdateInPlace()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
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

        // A full pass that sees only b: the others expired or were deleted.
        model.startPass();
        model.upsert({entry(QStringLiteral("oauth2token:b"), 59'000)});
        model.finishPass();
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, TokenTableModel::Key).data().toString(), QStringLiteral("oauth2token:b"));
        QVERIFY(model.rowForKey(QStringLiteral("oauth2token:b")));
        QVERIFY(!model.rowForKey(QStringLiteral("oauth2token:a")));
        model.removeKey(QStringLiteral("oauth2token:b"));
        QCOMPARE(model.rowCount(), 0);
    }

    void countdownRunsBetweenSyncs()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.upsert({entry(QStringLiteral("oauth2token:a"), 61'500)});
        const QModelIndex expiresIn = model.index(0, TokenTableModel::ExpiresIn);
        QCOMPARE(expiresIn.data().toString(), QStringLiteral("1m 2s")); // counted down as a clock does: up
        QCOMPARE(CacheEntry::Status(expiresIn.data(TokenTableModel::StatusRole).toInt()),
                 CacheEntry::Status::Valid);
        // Nothing is sent to Redis or emitted: the value is computed from the clock when read.
        clock.advance(2000);
        QCOMPARE(expiresIn.data().toString(), QStringLiteral("1m 0s"));
        QCOMPARE(CacheEntry::Status(expiresIn.data(TokenTableModel::StatusRole).toInt()),
                 CacheEntry::Status::Expiring);
        QCOMPARE(model.index(0, TokenTableModel::Status).data().toString(), QStringLiteral("expiring"));
    }

    void ttlBarShowsTheShareOfLifetimeLeft()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        model.upsert({entry(QStringLiteral("oauth2token:half"), 1'800'000),
                      entry(QStringLiteral("oauth2token:never"), CacheEntry::kNoTtl)});
        QCOMPARE(
            model.index(0, TokenTableModel::TtlBar).data(TokenTableModel::RemainingFractionRole).toDouble(),
            0.5);
        QCOMPARE(
            model.index(1, TokenTableModel::TtlBar).data(TokenTableModel::RemainingFractionRole).toDouble(),
            -1.0);
        QCOMPARE(model.index(1, TokenTableModel::ExpiresIn).data().toString(), QStringLiteral("never"));
    }

    void statusTextStatusColourBarAndTimeLeftFollowOneRule()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        // expires_in 3600: expiring in the last minute; then expired at 0s and not before.
        model.upsert({entry(QStringLiteral("oauth2token:a"), 61'500)});
        const auto row = [&model](int column) { return model.index(0, column); };
        const QList<std::tuple<qint64, QString, QString>> steps{
            {0, QStringLiteral("1m 2s"), QStringLiteral("valid")},
            {2'000, QStringLiteral("1m 0s"), QStringLiteral("expiring")},
            {59'000, QStringLiteral("1s"), QStringLiteral("expiring")},
            {400, QStringLiteral("1s"), QStringLiteral("expiring")}, // 100 ms left: not yet 0s
            {100, QStringLiteral("0s"), QStringLiteral("expired")},
            {5'000, QStringLiteral("0s"), QStringLiteral("expired")}};
        for (const auto& [advanceMs, left, status] : steps) {
            clock.advance(advanceMs);
            QCOMPARE(row(TokenTableModel::ExpiresIn).data().toString(), left);
            QVERIFY2(row(TokenTableModel::Status).data().toString().startsWith(status),
                     qPrintable(row(TokenTableModel::Status).data().toString()));
            const auto live = CacheEntry::Status(row(0).data(TokenTableModel::StatusRole).toInt());
            QCOMPARE(CacheEntry::statusName(live), status);
            // The bar is painted in the status's tone, the status text in the same tone.
            QCOMPARE(TtlBarDelegate::colorFor(live), Theme::fill(Theme::toneFor(live)));
            QCOMPARE(row(TokenTableModel::Status).data(Qt::ForegroundRole).value<QBrush>().color(),
                     Theme::text(Theme::toneFor(live), QPalette()));
        }
        QCOMPARE(TtlBarDelegate::colorFor(CacheEntry::Status::Valid), QColor(0x33, 0xb0, 0x5a));
        QCOMPARE(TtlBarDelegate::colorFor(CacheEntry::Status::Expiring), QColor(0xf5, 0xa6, 0x23));
        QCOMPARE(TtlBarDelegate::colorFor(CacheEntry::Status::Expired), QColor(0xe0, 0x1b, 0x24));
    }

    void staleRowsAreMarked()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        model.upsert({entry(QStringLiteral("oauth2token:a"), 600'000)});
        QVERIFY(!model.index(0, TokenTableModel::Key).data(Qt::ForegroundRole).isValid());
        model.setStale(true);
        QVERIFY(model.index(0, TokenTableModel::Key).data(Qt::ForegroundRole).isValid());
        QVERIFY(model.index(0, TokenTableModel::Key)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("unreachable")));
    }

    void filtersWithTheCoreRulesAndSortsByTimeLeft()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.upsert(
            {entry(QStringLiteral("oauth2token:billing"), 600'000, 3600, QStringLiteral("invoices:read")),
             entry(QStringLiteral("oauth2token:search"), 30'000, 3600, QStringLiteral("catalog:read")),
             entry(QStringLiteral("oauth2token:never"), CacheEntry::kNoTtl)});
        model.sort(TokenTableModel::ExpiresIn, Qt::AscendingOrder);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("oauth2token:search"));
        QCOMPARE(model.index(2, 0).data().toString(), QStringLiteral("oauth2token:never"));

        model.setFilterText(QStringLiteral("INVOICES"));
        QCOMPARE(model.rowCount(), 1);
        model.setFilterText(QStringLiteral("status:expiring"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("oauth2token:search"));
        model.setFilterText(QStringLiteral("profile:search read"));
        QCOMPARE(model.rowCount(), 1);
        model.setFilterText(QStringLiteral("key:nomatch"));
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.totalRowCount(), 3);

        // Rows arriving or changing while filtered are shown only if they pass.
        model.setFilterText(QStringLiteral("scope::read"));
        QCOMPARE(model.rowCount(), 2);
        model.upsert(
            {entry(QStringLiteral("oauth2token:new"), 10'000, 3600, QStringLiteral("admin")),
             entry(QStringLiteral("oauth2token:newer"), 20'000, 3600, QStringLiteral("users:read"))});
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("oauth2token:newer"));
        model.upsert({entry(QStringLiteral("oauth2token:billing"), 600'000, 3600, QStringLiteral("admin"))});
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(!model.indexForKey(QStringLiteral("oauth2token:billing")).isValid());
        model.setFilterText({});
        QCOMPARE(model.rowCount(), 5);
        QCOMPARE(model.indexForKey(QStringLiteral("oauth2token:new")).row(), 0);
    }

    void filtersByProblemKind()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.upsert({entry(QStringLiteral("oauth2token:fine"), 600'000),
                      entry(QStringLiteral("oauth2token:never"), CacheEntry::kNoTtl),
                      CacheEntry::fromValue(QStringLiteral("oauth2token:junk"), "not json", 600'000)});
        QCOMPARE(model.problemRowCount(), 2);
        model.setFilterText(QStringLiteral("problem:no-ttl"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("oauth2token:never"));
        QVERIFY(cell(model, QStringLiteral("oauth2token:never"), TokenTableModel::Status)
                    .endsWith(QStringLiteral("⚠ no-ttl")));
        model.setFilterText(QStringLiteral("problem:unreadable"));
        QCOMPARE(model.rowCount(), 1);
        // The status says it already: not twice in the cell, and the tooltip names every problem.
        QCOMPARE(cell(model, QStringLiteral("oauth2token:junk"), TokenTableModel::Status),
                 QStringLiteral("unreadable"));
        QVERIFY(model.index(0, TokenTableModel::Status)
                    .data(Qt::ToolTipRole)
                    .toString()
                    .contains(QStringLiteral("Problems: unreadable")));
        model.setFilterText(QStringLiteral("problem:ANY"));
        QCOMPARE(model.rowCount(), 2);

        // A storm is the window's observation: it stays when the key is read again.
        model.setRewriteStorm(QStringLiteral("oauth2token:fine"), true);
        QCOMPARE(model.rowCount(), 3);
        model.upsert({entry(QStringLiteral("oauth2token:fine"), 500'000)});
        model.setFilterText(QStringLiteral("problem:rewrite-storm"));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.problemRowCount(), 3);
        model.setRewriteStorm(QStringLiteral("oauth2token:fine"), false); // the window saw it calm down
        QCOMPARE(model.rowCount(), 0);
        QCOMPARE(model.problemRowCount(), 2);

        model.setFilterText(QStringLiteral("problem:nonsense")); // as an unknown status: nothing
        QCOMPARE(model.rowCount(), 0);
        const auto parsed = EntryFilter::parse(QStringLiteral("problem:nonsense"));
        QVERIFY(!parsed);
        QVERIFY2(parsed.error().message.contains(QStringLiteral("unknown problem \"nonsense\"")) &&
                     parsed.error().message.contains(QStringLiteral("stale-lock, rewrite-storm, any")),
                 qPrintable(parsed.error().message));
    }

    void statusOrderAndStatusFilterFollowTheClock()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        // "soon" turns expiring (under a minute left) two seconds later; nothing re-reads it.
        model.upsert({entry(QStringLiteral("oauth2token:soon"), 61'000),
                      entry(QStringLiteral("oauth2token:later"), 3'000'000),
                      entry(QStringLiteral("oauth2token:now"), 30'000)});
        model.sort(TokenTableModel::Status, Qt::DescendingOrder);
        model.setFilterText(QStringLiteral("status:expiring"));
        QCOMPARE(model.rowCount(), 1);
        clock.advance(2000);
        model.followStatusChanges();
        QCOMPARE(model.rowCount(), 2);
        QVERIFY(model.indexForKey(QStringLiteral("oauth2token:soon")).isValid());

        model.setFilterText({});
        const auto statuses = [&model] {
            QStringList column;
            for (int row = 0; row < model.rowCount(); ++row)
                column.append(model.index(row, TokenTableModel::Status).data().toString());
            return column;
        };
        QCOMPARE(statuses(), (QStringList{QStringLiteral("expiring"), QStringLiteral("expiring"),
                                          QStringLiteral("valid")}));
    }

    void backgroundSortAndFilterGiveTheSameTableAsTheForegroundOne()
    {
        ManualClock clock;
        TokenTableModel background(nullptr, clock);
        TokenTableModel foreground(nullptr, clock);
        background.setBackgroundArrangeFrom(0);
        foreground.setBackgroundArrangeFrom(std::numeric_limits<int>::max());
        QAbstractItemModelTester tester(&background, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy arranged(&background, &TokenTableModel::arranged);
        QRandomGenerator random(7);
        const QString scopes[] = {QStringLiteral("read"), QStringLiteral("write"), QStringLiteral("admin")};
        const auto batch = [&](int count) {
            QList<CacheEntry> entries;
            for (int i = 0; i < count; ++i) {
                const QString key = QStringLiteral("oauth2token:k%1").arg(random.bounded(3000));
                entries.append(entry(key, 1000 + random.bounded(3'600'000), 3600, scopes[random.bounded(3)]));
            }
            return entries;
        };
        const auto keys = [](const TokenTableModel& model) {
            QStringList shown;
            for (int row = 0; row < model.rowCount(); ++row)
                shown.append(model.index(row, 0).data(TokenTableModel::KeyRole).toString());
            return shown;
        };
        // Both models get the same calls; the background one must end up showing the same rows.
        const auto both = [&](const auto& call) {
            call(background);
            call(foreground);
        };
        const auto landed = [&] {
            const qsizetype before = arranged.size();
            return arranged.wait() && arranged.size() == before + 1 && !background.isArranging();
        };
        const QList<CacheEntry> first = batch(2000);
        both([&](TokenTableModel& model) { model.upsert(first); });
        QCOMPARE(keys(background), keys(foreground));
        const QString selectedKey = background.index(background.rowCount() / 3, 0).data().toString();
        QPersistentModelIndex selected(background.index(background.rowCount() / 3, TokenTableModel::Scopes));

        // Rows arriving and changing while a sort is computed wait (its snapshot shares the rows,
        // which a change would copy), then are merged in once it lands.
        both([](TokenTableModel& model) { model.sort(TokenTableModel::Key, Qt::DescendingOrder); });
        QVERIFY(background.isArranging());
        const QList<CacheEntry> during = batch(300);
        const int rowsBefore = background.totalRowCount();
        both([&](TokenTableModel& model) { model.upsert(during); });
        const QString ttlKey = background.index(0, 0).data(TokenTableModel::KeyRole).toString();
        both([&](TokenTableModel& model) { model.updateTtls({{ttlKey, 5000}}); });
        QCOMPARE(background.totalRowCount(), rowsBefore);
        QVERIFY(landed());
        QTRY_COMPARE(background.rowForKey(ttlKey)->ttlAtSyncMs, 5000); // one held-back change per turn
        QTRY_COMPARE(keys(background), keys(foreground));              // held-back changes land one per turn
        QCOMPARE(background.index(selected.row(), 0).data().toString(), selectedKey); // selection kept

        // A filter, then a second sort that supersedes the first: one arrangement lands, the newest.
        both([](TokenTableModel& model) { model.setFilterText(QStringLiteral("scope:write")); });
        QVERIFY(landed());
        QTRY_COMPARE(keys(background), keys(foreground)); // held-back changes land one per turn
        both([](TokenTableModel& model) { model.sort(TokenTableModel::Scopes, Qt::AscendingOrder); });
        both([](TokenTableModel& model) { model.sort(TokenTableModel::ExpiresIn, Qt::DescendingOrder); });
        QVERIFY(landed());
        // The pool ran the superseded arrangement first, so its answer was posted before this one's.
        QTRY_COMPARE(keys(background), keys(foreground)); // held-back changes land one per turn

        // Rows leaving while it is computed leave once it lands.
        both([](TokenTableModel& model) { model.setFilterText(QString()); });
        both([&](TokenTableModel& model) { model.removeKey(first.first().key); });
        QVERIFY(landed());
        QTRY_COMPARE(keys(background), keys(foreground)); // held-back changes land one per turn
        QCOMPARE(background.index(selected.row(), 0).data().toString(), selectedKey);

        // A table cleared while it is arranged (a reconnect) takes the order asked for at once.
        both([](TokenTableModel& model) { model.sort(TokenTableModel::Scopes, Qt::DescendingOrder); });
        QVERIFY(background.isArranging());
        both([](TokenTableModel& model) { model.clear(); });
        QVERIFY(!background.isArranging());
        both([&](TokenTableModel& model) { model.upsert(first); });
        QCOMPARE(keys(background), keys(foreground));
    }

    void staysSortedByEveryColumnAsRowsStreamInChangeAndLeave()
    {
        ManualClock clock;
        TokenTableModel model(nullptr, clock);
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QRandomGenerator random(42);
        const QString scopes[] = {QStringLiteral("read"), QStringLiteral("write"), QStringLiteral("admin")};
        const auto batch = [&](int count) {
            QList<CacheEntry> entries;
            for (int i = 0; i < count; ++i) {
                const QString key = QStringLiteral("oauth2token:k%1").arg(random.bounded(400));
                entries.append(entry(key, 1000 + random.bounded(3'600'000), 3600, scopes[random.bounded(3)]));
            }
            return entries;
        };
        // Each column, both directions: the shown order is the column's order, ties by key.
        const auto verifySorted = [&](int column, Qt::SortOrder order) {
            for (int row = 1; row < model.rowCount(); ++row) {
                const auto value = [&](int r) {
                    // Time left is compared as the deadline: it does not move while the clock runs.
                    const TokenRow* shown = model.rowForKey(model.index(r, 0).data().toString());
                    return column == TokenTableModel::ExpiresIn
                               ? QVariant(shown->syncedAtMs + shown->ttlAtSyncMs)
                               : model.index(r, column).data();
                };
                const QVariant previous = value(row - 1);
                const QVariant current = value(row);
                const auto ordering = QVariant::compare(previous, current);
                const bool inOrder = order == Qt::AscendingOrder ? ordering != QPartialOrdering::Greater
                                                                 : ordering != QPartialOrdering::Less;
                if (!inOrder)
                    return QStringLiteral("column %1 row %2: %3 then %4")
                        .arg(column)
                        .arg(row)
                        .arg(previous.toString(), current.toString());
            }
            return QString();
        };
        for (const int column :
             {int(TokenTableModel::Key), int(TokenTableModel::Scopes), int(TokenTableModel::ExpiresIn)}) {
            for (const Qt::SortOrder order : {Qt::AscendingOrder, Qt::DescendingOrder}) {
                model.clear();
                model.sort(column, order);
                for (int round = 0; round < 6; ++round) {
                    model.upsert(batch(50)); // new keys and changed ones, merged in
                    const QString unsorted = verifySorted(column, order);
                    QVERIFY2(unsorted.isEmpty(), qPrintable(unsorted));
                }
                model.sort(TokenTableModel::Size, Qt::AscendingOrder);
                model.sort(column, order); // a full sort agrees with the merged order
                QVERIFY2(verifySorted(column, order).isEmpty(), qPrintable(verifySorted(column, order)));
            }
        }

        // The selected row is followed through re-sorting and removals of other rows.
        model.sort(TokenTableModel::Key, Qt::AscendingOrder);
        const QString selectedKey = model.index(model.rowCount() / 2, 0).data().toString();
        QPersistentModelIndex selected(model.index(model.rowCount() / 2, TokenTableModel::Scopes));
        model.sort(TokenTableModel::ExpiresIn, Qt::DescendingOrder);
        QVERIFY(selected.isValid());
        QCOMPARE(model.index(selected.row(), 0).data().toString(), selectedKey);
        QCOMPARE(selected.column(), int(TokenTableModel::Scopes));
        const int before = model.rowCount();
        model.startPass();
        QList<CacheEntry> survivors;
        for (int row = 0; row < model.rowCount(); row += 2)
            survivors.append(entry(model.index(row, 0).data().toString(), 600'000));
        survivors.append(entry(selectedKey, 600'000));
        model.upsert(survivors);
        model.finishPass();
        QVERIFY(model.rowCount() < before);
        QCOMPARE(model.totalRowCount(), model.rowCount());
        for (int row = 0; row < model.rowCount(); ++row) { // rows, keys and order still agree
            const QString key = model.index(row, 0).data().toString();
            QCOMPARE(model.indexForKey(key).row(), row);
            QCOMPARE(model.rowForKey(key)->key, key);
        }
        QVERIFY2(verifySorted(TokenTableModel::ExpiresIn, Qt::DescendingOrder).isEmpty(),
                 qPrintable(verifySorted(TokenTableModel::ExpiresIn, Qt::DescendingOrder)));
        QVERIFY(selected.isValid());
        QCOMPARE(model.index(selected.row(), 0).data().toString(), selectedKey);
        model.removeKey(selectedKey);
        QVERIFY(!selected.isValid());
        QVERIFY(!model.rowForKey(selectedKey));
    }
};

QTEST_MAIN(tst_TokenTableModel)
#include "tst_TokenTableModel.moc"
