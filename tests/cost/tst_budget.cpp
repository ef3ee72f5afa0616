#include "base/ConfigValidator.h"
#include "base/RequestRecord.h"
#include "config/BudgetConfig.h"
#include "cost/BudgetTracker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using switchyard::base::ConfigValidator;
using switchyard::config::BudgetConfig;
using switchyard::config::BudgetPeriod;
using switchyard::config::BudgetScope;
using switchyard::cost::BudgetTracker;
using switchyard::cost::BudgetWarning;

namespace {

QDateTime at(int y, int mo, int d, int h = 12, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s)); // local time, like the tracker
}

BudgetConfig budget(BudgetScope scope, const QString &name, BudgetPeriod period, double limit,
                    bool block = true, double warnAt = 0.8)
{
    BudgetConfig b;
    b.scope = scope;
    b.name = name;
    b.period = period;
    b.limitUsd = limit;
    b.block = block;
    b.warnAt = warnAt;
    return b;
}

QList<BudgetWarning::Level> levels(const QList<BudgetWarning> &warnings)
{
    QList<BudgetWarning::Level> result;
    for (const BudgetWarning &w : warnings)
        result.append(w.level);
    return result;
}

} // namespace

class TestBudget : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void warnsOnceAtThresholdAndOnceAtLimit();
    void blocksAtLimit();
    void nonBlockingBudgetOnlyWarns();
    void dailyRollover();
    void monthlyRollover();
    void scopes();
    void recordsWithoutKnownCostAreIgnored();
    void seeding();
    void latestResetWinsWhenSeveralBlock();
    void warningHandler();
    void status();
    void parse_data();
    void parse();
    void parseValid();
    void jsonRoundTrip();

private:
    BudgetTracker::Clock clock()
    {
        return [this] {
            return m_now;
        };
    }
    QDateTime m_now;
};

void TestBudget::init()
{
    m_now = at(2026, 3, 10);
}

void TestBudget::warnsOnceAtThresholdAndOnceAtLimit()
{
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Monthly, 10) }, clock());
    t.addCost(u"fa"_s, {}, 5);
    QVERIFY(t.takeWarnings().isEmpty());
    t.addCost(u"fa"_s, {}, 3); // 8 = 80 %
    const QList<BudgetWarning> first = t.takeWarnings();
    QCOMPARE(levels(first), QList { BudgetWarning::Level::Warning });
    QCOMPARE(first.first().spentUsd, 8.0);
    QCOMPARE(first.first().periodEnd, at(2026, 4, 1, 0));
    t.addCost(u"fa"_s, {}, 0.5);
    QVERIFY(t.takeWarnings().isEmpty());
    t.addCost(u"fa"_s, {}, 2); // 10.5
    QCOMPARE(levels(t.takeWarnings()), QList { BudgetWarning::Level::Exceeded });
    t.addCost(u"fa"_s, {}, 1);
    QVERIFY(t.takeWarnings().isEmpty());
}

void TestBudget::blocksAtLimit()
{
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Monthly, 10) }, clock());
    t.addCost(u"fa"_s, {}, 9.99);
    QVERIFY(!t.blocked(u"fa"_s, {}));
    t.addCost(u"fa"_s, {}, 0.01);
    const auto hit = t.blocked(u"fb"_s, u"coder"_s); // overall covers everyone
    QVERIFY(hit);
    QCOMPARE(hit->limitUsd, 10.0);
    QVERIFY(qAbs(hit->spentUsd - 10.0) < 1e-9);
    QCOMPARE(hit->periodEnd, at(2026, 4, 1, 0));
    QCOMPARE(hit->retryAfterSeconds(m_now), m_now.secsTo(at(2026, 4, 1, 0)));
    QCOMPARE(hit->budget.scope, BudgetScope::Overall);
}

void TestBudget::nonBlockingBudgetOnlyWarns()
{
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Monthly, 1, false) }, clock());
    t.addCost(u"fa"_s, {}, 2);
    QVERIFY(!t.blocked(u"fa"_s, {}));
    QCOMPARE(levels(t.takeWarnings()),
             (QList { BudgetWarning::Level::Warning, BudgetWarning::Level::Exceeded }));
}

void TestBudget::dailyRollover()
{
    m_now = at(2026, 3, 10, 23, 59, 0);
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Daily, 1) }, clock());
    t.addCost(u"fa"_s, {}, 1);
    QCOMPARE(t.takeWarnings().size(), 2);
    const auto hit = t.blocked(u"fa"_s, {});
    QVERIFY(hit);
    QCOMPARE(hit->periodEnd, at(2026, 3, 11, 0));
    QCOMPARE(hit->retryAfterSeconds(m_now), qint64(60));

    m_now = at(2026, 3, 11, 0, 0, 1); // local midnight passed
    QVERIFY(!t.blocked(u"fa"_s, {}));
    QCOMPARE(t.status().first().spentUsd, 0.0);
    t.addCost(u"fa"_s, {}, 0.9);
    // A new period warns again.
    QCOMPARE(levels(t.takeWarnings()), QList { BudgetWarning::Level::Warning });
    QCOMPARE(t.status().first().spentUsd, 0.9);
    QCOMPARE(t.currentPeriodStart(BudgetPeriod::Daily), at(2026, 3, 11, 0));
}

void TestBudget::monthlyRollover()
{
    m_now = at(2026, 1, 31, 22);
    BudgetTracker t({ budget(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 5) }, clock());
    t.addCost(u"fa"_s, {}, 6);
    QVERIFY(t.blocked(u"fa"_s, {}));
    QCOMPARE(t.blocked(u"fa"_s, {})->periodEnd, at(2026, 2, 1, 0));
    m_now = at(2026, 2, 1, 0, 0, 0); // the first of the month, local midnight
    QVERIFY(!t.blocked(u"fa"_s, {}));
    QCOMPARE(t.status().first().spentUsd, 0.0);
    QCOMPARE(t.currentPeriodStart(BudgetPeriod::Monthly), at(2026, 2, 1, 0));
    QCOMPARE(t.status().first().periodEnd, at(2026, 3, 1, 0));
}

void TestBudget::scopes()
{
    BudgetTracker t({ budget(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 1),
                      budget(BudgetScope::Route, u"coder"_s, BudgetPeriod::Monthly, 1),
                      budget(BudgetScope::Overall, {}, BudgetPeriod::Monthly, 100) },
                    clock());
    t.addCost(u"fa"_s, {}, 1);
    QVERIFY(t.blocked(u"fa"_s, {}));
    QCOMPARE(t.blocked(u"fa"_s, {})->budget.scope, BudgetScope::Provider);
    QVERIFY(!t.blocked(u"fb"_s, {}));
    QVERIFY(!t.blocked(u"fb"_s, u"coder"_s));
    QCOMPARE(t.blockedProviders(), QStringList { u"fa"_s });

    t.addCost(u"fb"_s, u"coder"_s, 1);
    const auto routeHit = t.blocked(u"fb"_s, u"coder"_s);
    QVERIFY(routeHit);
    QCOMPARE(routeHit->budget.scope, BudgetScope::Route);
    QCOMPARE(routeHit->budget.name, u"coder"_s);
    QVERIFY(!t.blocked(u"fb"_s, u"other"_s));
    QCOMPARE(t.blockedProviders(), QStringList { u"fa"_s }); // route budgets are not providers

    const QList<switchyard::cost::BudgetStatus> s = t.status();
    QCOMPARE(s.size(), qsizetype(3));
    QCOMPARE(s.at(0).spentUsd, 1.0); // fa only
    QCOMPARE(s.at(1).spentUsd, 1.0); // coder only
    QCOMPARE(s.at(2).spentUsd, 2.0); // everything
}

void TestBudget::recordsWithoutKnownCostAreIgnored()
{
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Monthly, 10) }, clock());
    switchyard::base::RequestRecord r;
    r.provider = u"fa"_s;
    r.route = u"coder"_s;
    r.costUsd = 4;
    r.costKnown = false;
    t.add(r);
    QCOMPARE(t.status().first().spentUsd, 0.0);
    r.costKnown = true;
    t.add(r);
    QCOMPARE(t.status().first().spentUsd, 4.0);
}

void TestBudget::seeding()
{
    BudgetTracker t({ budget(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 10),
                      budget(BudgetScope::Overall, {}, BudgetPeriod::Daily, 5) },
                    clock());
    t.seed(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 9.5);
    t.seed(BudgetScope::Provider, u"fb"_s, BudgetPeriod::Monthly, 50); // no such budget
    t.seed(BudgetScope::Overall, {}, BudgetPeriod::Daily, 1);
    QVERIFY(t.takeWarnings().isEmpty()); // already past 80 %: not repeated after a restart
    QCOMPARE(t.status().at(0).spentUsd, 9.5);
    QCOMPARE(t.status().at(1).spentUsd, 1.0);
    QVERIFY(!t.blocked(u"fa"_s, {}));

    t.addCost(u"fa"_s, {}, 0.5);
    const QList<BudgetWarning> w = t.takeWarnings();
    QCOMPARE(levels(w), QList { BudgetWarning::Level::Exceeded });
    QCOMPARE(w.first().budget.name, u"fa"_s);
    QVERIFY(t.blocked(u"fa"_s, {}));
    QCOMPARE(t.status().at(1).spentUsd, 1.5);
}

void TestBudget::latestResetWinsWhenSeveralBlock()
{
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Daily, 1),
                      budget(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 1) },
                    clock());
    t.addCost(u"fa"_s, {}, 2);
    const auto hit = t.blocked(u"fa"_s, {});
    QVERIFY(hit);
    QCOMPARE(hit->budget.period, BudgetPeriod::Monthly);
    QCOMPARE(hit->periodEnd, at(2026, 4, 1, 0));
    // Another provider is only held back by the daily overall budget.
    QCOMPARE(t.blocked(u"fb"_s, {})->periodEnd, at(2026, 3, 11, 0));
}

void TestBudget::warningHandler()
{
    BudgetTracker t({ budget(BudgetScope::Route, u"coder"_s, BudgetPeriod::Monthly, 1, true, 1.0) },
                    clock());
    QList<BudgetWarning> seen;
    t.setWarningHandler([&seen](const BudgetWarning &w) { seen.append(w); });
    t.addCost(u"fa"_s, u"coder"_s, 1);
    // warn_at 1.0: one "exceeded" message, not a warning and an exceeded one.
    QCOMPARE(levels(seen), QList { BudgetWarning::Level::Exceeded });
    QCOMPARE(seen.first().budget.scopeString(), u"route:coder"_s);
}

void TestBudget::status()
{
    BudgetTracker t({ budget(BudgetScope::Overall, {}, BudgetPeriod::Monthly, 10, false) },
                    clock());
    t.addCost({}, {}, 8.5);
    const auto s = t.status().first();
    QCOMPARE(s.periodStart, at(2026, 3, 1, 0));
    QCOMPARE(s.periodEnd, at(2026, 4, 1, 0));
    QVERIFY(s.warned);
    QVERIFY(!s.exceeded);
    QVERIFY(!s.blocking);
    t.addCost({}, {}, 2);
    QVERIFY(t.status().first().exceeded);
    QVERIFY(!t.status().first().blocking);
}

void TestBudget::parse_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<int>("count");
    QTest::addColumn<QStringList>("errors");

    QTest::newRow("missing is empty") << "null"_ba << 0 << QStringList();
    QTest::newRow("not an array") << R"({"scope": "overall"})"_ba << 0
                                  << QStringList { u"budgets: must be an array"_s };
    QTest::newRow("element not object")
        << R"([1])"_ba << 0 << QStringList { u"budgets[0]: must be an object"_s };
    QTest::newRow("unknown key") << R"([{"scope": "overall", "limit_usd": 1, "colour": "red"}])"_ba
                                 << 0 << QStringList { u"budgets[0].colour: unknown field"_s };
    QTest::newRow("missing scope")
        << R"([{"limit_usd": 1}])"_ba << 0 << QStringList { u"budgets[0].scope: missing"_s };
    QTest::newRow("bad scope") << R"([{"scope": "team:x", "limit_usd": 1}])"_ba << 0
                               << QStringList { u"budgets[0].scope: must be"_s };
    QTest::newRow("scope without name") << R"([{"scope": "provider:", "limit_usd": 1}])"_ba << 0
                                        << QStringList { u"budgets[0].scope: must be"_s };
    QTest::newRow("bad period")
        << R"([{"scope": "overall", "period": "weekly", "limit_usd": 1}])"_ba << 0
        << QStringList { u"budgets[0].period: must be \"daily\" or \"monthly\""_s };
    QTest::newRow("missing limit") << R"([{"scope": "overall"}])"_ba << 0
                                   << QStringList { u"budgets[0].limit_usd: missing"_s };
    QTest::newRow("zero limit") << R"([{"scope": "overall", "limit_usd": 0}])"_ba << 0
                                << QStringList { u"budgets[0].limit_usd: must be greater"_s };
    QTest::newRow("negative limit") << R"([{"scope": "overall", "limit_usd": -5}])"_ba << 0
                                    << QStringList { u"budgets[0].limit_usd: must be a number"_s };
    QTest::newRow("warn_at above 1")
        << R"([{"scope": "overall", "limit_usd": 1, "warn_at": 1.5}])"_ba << 0
        << QStringList { u"budgets[0].warn_at: must be a fraction"_s };
    QTest::newRow("block not bool")
        << R"([{"scope": "overall", "limit_usd": 1, "block": "yes"}])"_ba << 0
        << QStringList { u"budgets[0].block: must be true or false"_s };
    QTest::newRow("duplicate")
        << R"([{"scope": "provider:fa", "limit_usd": 1}, {"scope": "provider:fa", "period": "monthly", "limit_usd": 2}])"_ba
        << 1 << QStringList { u"budgets[1]: duplicate budget for provider:fa monthly"_s };
    QTest::newRow("every error reported")
        << R"([{"scope": "overall", "limit_usd": 1}, {"scope": "x", "limit_usd": "1"}])"_ba << 1
        << QStringList { u"budgets[1].scope: must be"_s, u"budgets[1].limit_usd: must be"_s };
}

void TestBudget::parse()
{
    QFETCH(QByteArray, json);
    QFETCH(int, count);
    QFETCH(QStringList, errors);

    const QJsonValue value = json == "null"
        ? QJsonValue(QJsonValue::Undefined)
        : QJsonDocument::fromJson(u"{\"b\": %1}"_s.arg(QString::fromUtf8(json)).toUtf8())
              .object()
              .value(u"b"_s);
    ConfigValidator v;
    const QList<BudgetConfig> budgets = switchyard::config::parseBudgets(value, v, u"budgets"_s);
    QCOMPARE(budgets.size(), qsizetype(count));
    QCOMPARE(v.failed(), !errors.isEmpty());
    for (const QString &e : errors)
        QVERIFY2(v.message().contains(e), qPrintable(v.message()));
}

void TestBudget::parseValid()
{
    const QByteArray json = R"([
        {"scope": "overall", "period": "daily", "limit_usd": 50, "warn_at": 0.5, "block": true},
        {"scope": "provider:fa", "limit_usd": 10},
        {"scope": "route:coder", "period": "monthly", "limit_usd": 2.5, "block": false}])"_ba;
    ConfigValidator v;
    const auto budgets
        = switchyard::config::parseBudgets(QJsonDocument::fromJson(json).array(), v, u"budgets"_s);
    QVERIFY2(!v.failed(), qPrintable(v.message()));
    QCOMPARE(budgets.size(), qsizetype(3));
    QCOMPARE(budgets.at(0), budget(BudgetScope::Overall, {}, BudgetPeriod::Daily, 50, true, 0.5));
    // Defaults: monthly, warn at 80 %, warn only.
    QCOMPARE(budgets.at(1),
             budget(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 10, false, 0.8));
    QCOMPARE(budgets.at(2),
             budget(BudgetScope::Route, u"coder"_s, BudgetPeriod::Monthly, 2.5, false, 0.8));
}

void TestBudget::jsonRoundTrip()
{
    const QList<BudgetConfig> budgets {
        budget(BudgetScope::Overall, {}, BudgetPeriod::Daily, 50, true, 0.5),
        budget(BudgetScope::Provider, u"fa"_s, BudgetPeriod::Monthly, 10, false, 0.9),
        budget(BudgetScope::Route, u"coder"_s, BudgetPeriod::Monthly, 2.5, true, 1.0),
    };
    const QJsonArray json = switchyard::config::budgetsToJson(budgets);
    QCOMPARE(json.at(1).toObject().value(u"scope"_s).toString(), u"provider:fa"_s);
    ConfigValidator v;
    QCOMPARE(switchyard::config::parseBudgets(json, v, u"budgets"_s), budgets);
    QVERIFY(!v.failed());
}

QTEST_GUILESS_MAIN(TestBudget)
#include "tst_budget.moc"
