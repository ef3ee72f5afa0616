#include "FakeClock.h"
#include "FakeRandom.h"
#include "config/ConfigLoader.h"
#include "routing/RoutingEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::routing;

namespace {

// Providers l1, l2 (local: loopback) and c1, c2, c3 (cloud), each serving model "m".
// Prices: "c1/m=0.15:0.6" in USD per 1M tokens in:out; context: "c1/m=8192".
QByteArray configJson(const QString &strategy, const QStringList &targets,
                      const QStringList &prices = {}, const QStringList &contexts = {},
                      const QByteArray &retry = {})
{
    QJsonArray providers;
    for (const QString &name : { u"l1"_s, u"l2"_s, u"c1"_s, u"c2"_s, u"c3"_s }) {
        QJsonObject info;
        for (const QString &price : prices) {
            if (price.startsWith(name + u'/')) {
                const QStringList io = price.section(u'=', 1).split(u':');
                info.insert(u"input_per_mtok"_s, io.at(0).toDouble());
                info.insert(u"output_per_mtok"_s, io.at(1).toDouble());
            }
        }
        for (const QString &context : contexts) {
            if (context.startsWith(name + u'/'))
                info.insert(u"context_length"_s, context.section(u'=', 1).toLongLong());
        }
        QJsonObject p { { u"name"_s, name },
                        { u"kind"_s, u"openai"_s },
                        { u"base_url"_s,
                          name.startsWith(u'l') ? u"http://127.0.0.1:1/v1"_s
                                                : u"https://%1.example.com/v1"_s.arg(name) },
                        { u"models"_s, QJsonArray { u"m"_s } } };
        if (!info.isEmpty())
            p.insert(u"model_info"_s, QJsonObject { { u"m"_s, info } });
        providers.append(p);
    }
    QJsonArray targetArray;
    for (const QString &t : targets) {
        if (t.contains(u'*')) // "c1/m*3": weight 3
            targetArray.append(QJsonObject { { u"target"_s, t.section(u'*', 0, 0) },
                                             { u"weight"_s, t.section(u'*', 1).toInt() } });
        else
            targetArray.append(t);
    }
    QJsonObject route { { u"model"_s, u"r"_s },
                        { u"strategy"_s, strategy },
                        { u"targets"_s, targetArray } };
    if (!retry.isEmpty())
        route.insert(u"retry"_s, QJsonDocument::fromJson(retry).object());
    return QJsonDocument(
               QJsonObject { { u"providers"_s, providers }, { u"routes"_s, QJsonArray { route } } })
        .toJson();
}

QStringList ids(const RoutingDecision &decision)
{
    QStringList result;
    for (const auto &a : decision.attempts)
        result.append(a.targetId);
    return result;
}

} // namespace

class TestStrategies final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void strategies_data();
    void strategies();
    void roundRobinRotates();
    void weightedDistribution_data();
    void weightedDistribution();
    void weightedSkipsUnhealthy();
    void latencyFollowsDegradation();
    void unmeasuredTargetIsTriedOnce();
    void latencyExploresSometimes();
    void allUnhealthyStillReturnsTargets();
    void halfOpenProbeIsOfferedOnce();
    void contextLengthSkipsSmallerWindows();
    void retryPolicyLimitsAttempts();
    void nextAttemptSkipsNewlyUnhealthy();
    void chooseRoute();
    void directTarget();

private:
    void load(const QByteArray &json);
    RoutingDecision decide(const QByteArray &body = R"({"model": "r"})");
    void succeed(const QString &target, qint64 latencyMs);
    void breakTarget(const QString &target);

    FakeClock *m_clock = nullptr;
    FakeRandom *m_random = nullptr;
    std::unique_ptr<RoutingEngine> m_engine;
    config::Config m_config;
};

void TestStrategies::init()
{
    auto clock = std::make_unique<FakeClock>();
    auto random = std::make_unique<FakeRandom>();
    m_clock = clock.get();
    m_random = random.get();
    m_engine = std::make_unique<RoutingEngine>(std::move(clock), std::move(random));
}

void TestStrategies::load(const QByteArray &json)
{
    const auto config = config::ConfigLoader::parse(json);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_config = *config;
    m_engine->setConfig(m_config);
}

RoutingDecision TestStrategies::decide(const QByteArray &body)
{
    const auto features = RequestFeatures::fromRequest(QJsonDocument::fromJson(body).object(), {});
    auto decision = m_engine->route(features);
    if (!decision) {
        qWarning("no decision");
        return {};
    }
    return *decision;
}

void TestStrategies::succeed(const QString &target, qint64 latencyMs)
{
    HealthRegistry &health = m_engine->health();
    health.endAttempt(health.beginAttempt(target),
                      Outcome { OutcomeKind::Success, 200, latencyMs, latencyMs, 0, {} });
}

void TestStrategies::breakTarget(const QString &target)
{
    HealthRegistry &health = m_engine->health();
    for (int i = 0; i < 5; ++i)
        health.endAttempt(health.beginAttempt(target),
                          Outcome { OutcomeKind::Connect, 0, -1, -1, 0, u"refused"_s });
}

void TestStrategies::strategies_data()
{
    QTest::addColumn<QString>("strategy");
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QStringList>("prices");
    QTest::addColumn<QStringList>("latencies"); // "c1/m=500": one success that fast
    QTest::addColumn<QStringList>("inFlight"); // "c1/m=2": attempts begun, not ended
    QTest::addColumn<QStringList>("broken"); // breaker open
    QTest::addColumn<QStringList>("expected");
    QTest::addColumn<QString>("firstReason");

    const QStringList none;
    const QStringList mixed { u"c1/m"_s, u"l1/m"_s, u"c2/m"_s, u"l2/m"_s };
    QTest::newRow("fallback: as listed")
        << u"fallback"_s << mixed << none << none << none << none << mixed << u"listed #1"_s;
    QTest::newRow("fallback: skips open breaker")
        << u"fallback"_s << mixed << none << none << none << QStringList { u"c1/m"_s }
        << QStringList { u"l1/m"_s, u"c2/m"_s, u"l2/m"_s } << u"listed #2"_s;
    QTest::newRow("local-first") << u"local-first"_s << mixed << none << none << none << none
                                 << QStringList { u"l1/m"_s, u"l2/m"_s, u"c1/m"_s, u"c2/m"_s }
                                 << u"local"_s;
    QTest::newRow("local-first: local down → cloud")
        << u"local-first"_s << mixed << none << none << none << QStringList { u"l1/m"_s, u"l2/m"_s }
        << QStringList { u"c1/m"_s, u"c2/m"_s } << u"cloud"_s;
    QTest::newRow("cloud-first") << u"cloud-first"_s << mixed << none << none << none << none
                                 << QStringList { u"c1/m"_s, u"c2/m"_s, u"l1/m"_s, u"l2/m"_s }
                                 << u"cloud"_s;
    QTest::newRow("cost: local free, unknown last")
        << u"cost-optimized"_s << QStringList { u"c3/m"_s, u"c2/m"_s, u"c1/m"_s, u"l1/m"_s }
        << QStringList { u"c1/m=0.15:0.6"_s, u"c2/m=2.5:10"_s } << none << none << none
        << QStringList { u"l1/m"_s, u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << u"cost $0 est., local"_s;
    QTest::newRow("cost: output price matters")
        << u"cost-optimized"_s << QStringList { u"c1/m"_s, u"c2/m"_s }
        << QStringList { u"c1/m=0.1:20"_s, u"c2/m=1:1"_s } << none << none << none
        << QStringList { u"c2/m"_s, u"c1/m"_s } << u"cost $0.00051 est."_s;
    QTest::newRow("cost: skips cheapest when broken")
        << u"cost-optimized"_s << QStringList { u"c1/m"_s, u"c2/m"_s }
        << QStringList { u"c1/m=0.1:0.1"_s, u"c2/m=1:1"_s } << none << none
        << QStringList { u"c1/m"_s } << QStringList { u"c2/m"_s } << u"cost $0.00051 est."_s;
    QTest::newRow("latency: fastest first")
        << u"latency-optimized"_s << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << none
        << QStringList { u"c1/m=500"_s, u"c2/m=200"_s, u"c3/m=900"_s } << none << none
        << QStringList { u"c2/m"_s, u"c1/m"_s, u"c3/m"_s } << u"latency 200 ms avg"_s;
    QTest::newRow("latency: unmeasured tried first")
        << u"latency-optimized"_s << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << none
        << QStringList { u"c1/m=500"_s, u"c2/m=200"_s } << none << none
        << QStringList { u"c3/m"_s, u"c2/m"_s, u"c1/m"_s } << u"not measured yet"_s;
    QTest::newRow("latency: unmeasured already in flight waits")
        << u"latency-optimized"_s << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << none
        << QStringList { u"c1/m=500"_s, u"c2/m=200"_s } << QStringList { u"c3/m=1"_s } << none
        << QStringList { u"c2/m"_s, u"c1/m"_s, u"c3/m"_s } << u"latency 200 ms avg"_s;
    QTest::newRow("latency: nothing measured keeps order")
        << u"latency-optimized"_s << QStringList { u"c1/m"_s, u"c2/m"_s } << none << none << none
        << none << QStringList { u"c1/m"_s, u"c2/m"_s } << u"not measured yet"_s;
    QTest::newRow("least-busy") << u"least-busy"_s
                                << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << none << none
                                << QStringList { u"c1/m=2"_s, u"c3/m=1"_s } << none
                                << QStringList { u"c2/m"_s, u"c3/m"_s, u"c1/m"_s }
                                << u"0 in flight"_s;
    QTest::newRow("least-busy: ties keep order")
        << u"least-busy"_s << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << none << none
        << QStringList { u"c1/m=1"_s, u"c2/m=1"_s, u"c3/m=1"_s } << none
        << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << u"1 in flight"_s;
    QTest::newRow("round-robin: first turn")
        << u"round-robin"_s << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << none << none
        << none << none << QStringList { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s } << u"round-robin turn"_s;
    QTest::newRow("weighted: heaviest first")
        << u"weighted"_s << QStringList { u"c1/m"_s, u"c2/m*3"_s, u"c3/m*2"_s } << none << none
        << none << none << QStringList { u"c2/m"_s, u"c3/m"_s, u"c1/m"_s } << u"weight 3/6"_s;
}

void TestStrategies::strategies()
{
    QFETCH(QString, strategy);
    QFETCH(QStringList, targets);
    QFETCH(QStringList, prices);
    QFETCH(QStringList, latencies);
    QFETCH(QStringList, inFlight);
    QFETCH(QStringList, broken);
    QFETCH(QStringList, expected);
    QFETCH(QString, firstReason);

    load(configJson(strategy, targets, prices));
    for (const QString &l : latencies)
        succeed(l.section(u'=', 0, 0), l.section(u'=', 1).toLongLong());
    for (const QString &f : inFlight) {
        for (int i = 0; i < f.section(u'=', 1).toInt(); ++i)
            (void)m_engine->health().beginAttempt(f.section(u'=', 0, 0));
    }
    for (const QString &b : broken)
        breakTarget(b);

    // 10 prompt tokens (4 of text, 3 framing, 3 priming), max_tokens 500:
    // cost = (10 × in + 500 × out) / 1M.
    const RoutingDecision decision = decide(R"({"model": "r", "max_tokens": 500,
        "messages": [{"role": "user", "content": "Hello, world!"}]})");
    QCOMPARE(ids(decision), expected);
    QCOMPARE(decision.attempts.first().reason, firstReason);
    QCOMPARE(decision.strategy, *strategyFromName(strategy));
    QVERIFY(!decision.degraded);
    QCOMPARE(decision.skipped.size(), broken.size());
    for (const auto &skipped : decision.skipped)
        QVERIFY2(skipped.reason.startsWith(u"breaker open"_s), qPrintable(skipped.reason));
    QCOMPARE(decision.route, u"r"_s);
}

void TestStrategies::roundRobinRotates()
{
    load(configJson(u"round-robin"_s, { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }));
    QCOMPARE(ids(decide()), QStringList({ u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }));
    QCOMPARE(ids(decide()), QStringList({ u"c2/m"_s, u"c3/m"_s, u"c1/m"_s }));
    QCOMPARE(ids(decide()), QStringList({ u"c3/m"_s, u"c1/m"_s, u"c2/m"_s }));
    QMap<QString, int> firsts;
    for (int i = 0; i < 999; ++i)
        ++firsts[decide().attempts.first().targetId];
    QCOMPARE(firsts.value(u"c1/m"_s), 333);
    QCOMPARE(firsts.value(u"c2/m"_s), 333);
    QCOMPARE(firsts.value(u"c3/m"_s), 333);
}

void TestStrategies::weightedDistribution_data()
{
    QTest::addColumn<QStringList>("targets");
    QTest::addColumn<QList<int>>("expected"); // first picks out of 1000
    QTest::newRow("1:3") << QStringList { u"c1/m"_s, u"c2/m*3"_s } << QList<int> { 250, 750 };
    QTest::newRow("1:1") << QStringList { u"c1/m"_s, u"c2/m"_s } << QList<int> { 500, 500 };
    QTest::newRow("5:3:2") << QStringList { u"c1/m*5"_s, u"c2/m*3"_s, u"c3/m*2"_s }
                           << QList<int> { 500, 300, 200 };
}

void TestStrategies::weightedDistribution()
{
    QFETCH(QStringList, targets);
    QFETCH(QList<int>, expected);
    load(configJson(u"weighted"_s, targets));
    QMap<QString, int> firsts;
    QString previous;
    int run = 0;
    int longestRun = 0;
    for (int i = 0; i < 1000; ++i) {
        const QString first = decide().attempts.first().targetId;
        ++firsts[first];
        run = first == previous ? run + 1 : 1;
        longestRun = std::max(longestRun, run);
        previous = first;
    }
    for (qsizetype i = 0; i < targets.size(); ++i)
        QCOMPARE(firsts.value(targets.at(i).section(u'*', 0, 0)), expected.at(i));
    // Smooth: with 1:3 the heavy target never gets more than 3 picks in a row.
    QVERIFY(longestRun <= 3);
}

void TestStrategies::weightedSkipsUnhealthy()
{
    load(configJson(u"weighted"_s, { u"c1/m"_s, u"c2/m*3"_s }));
    breakTarget(u"c2/m"_s);
    for (int i = 0; i < 10; ++i)
        QCOMPARE(ids(decide()), QStringList { u"c1/m"_s });
}

void TestStrategies::latencyFollowsDegradation()
{
    load(configJson(u"latency-optimized"_s, { u"c1/m"_s, u"c2/m"_s }));
    succeed(u"c1/m"_s, 100);
    succeed(u"c2/m"_s, 200);
    QCOMPARE(decide().attempts.first().targetId, u"c1/m"_s);
    // c1 slows down: EWMA 100 → 370 → 559 (alpha 0.3), past c2 on the second slow answer.
    succeed(u"c1/m"_s, 1000);
    QCOMPARE(decide().attempts.first().targetId, u"c2/m"_s);
    QCOMPARE(qRound(*m_engine->health().stats(u"c1/m"_s)->ewmaTotalMs()), 370);
    // ...and wins again once it is fast again.
    for (int i = 0; i < 5; ++i)
        succeed(u"c1/m"_s, 50);
    QCOMPARE(decide().attempts.first().targetId, u"c1/m"_s);
}

void TestStrategies::unmeasuredTargetIsTriedOnce()
{
    load(configJson(u"latency-optimized"_s, { u"c1/m"_s, u"c2/m"_s }));
    succeed(u"c1/m"_s, 300);
    QCOMPARE(decide().attempts.first().targetId, u"c2/m"_s);
    succeed(u"c2/m"_s, 800);
    QCOMPARE(ids(decide()), QStringList({ u"c1/m"_s, u"c2/m"_s }));
}

void TestStrategies::latencyExploresSometimes()
{
    load(configJson(u"latency-optimized"_s, { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }));
    succeed(u"c1/m"_s, 100);
    succeed(u"c2/m"_s, 200);
    succeed(u"c3/m"_s, 300);
    m_random->script({ 0.01, 0.9 }); // explore; pick the last of the others
    const RoutingDecision explored = decide();
    QCOMPARE(ids(explored), QStringList({ u"c3/m"_s, u"c1/m"_s, u"c2/m"_s }));
    QVERIFY(explored.attempts.first().reason.endsWith(u"exploring"_s));
    m_random->script({ 0.06 }); // just above the 5 % threshold
    QCOMPARE(ids(decide()), QStringList({ u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }));
}

void TestStrategies::allUnhealthyStillReturnsTargets()
{
    load(configJson(u"local-first"_s, { u"c1/m"_s, u"l1/m"_s }));
    breakTarget(u"c1/m"_s);
    breakTarget(u"l1/m"_s);
    const RoutingDecision decision = decide();
    QVERIFY(decision.degraded);
    QCOMPARE(ids(decision), QStringList({ u"l1/m"_s, u"c1/m"_s }));
    QVERIFY(decision.skipped.isEmpty());
    QVERIFY2(decision.attempts.first().reason.contains(u"unhealthy: breaker open"_s),
             qPrintable(decision.attempts.first().reason));
    QVERIFY(decision.summary().contains(u"DEGRADED"_s));
    QCOMPARE(decision.toJson().value(u"degraded"_s).toBool(), true);
    // In a degraded decision the engine does not skip unhealthy fallbacks either.
    QCOMPARE(m_engine->nextAttempt(decision, 0, OutcomeKind::Connect, 1), 1);
}

void TestStrategies::halfOpenProbeIsOfferedOnce()
{
    load(configJson(u"fallback"_s, { u"c1/m"_s, u"c2/m"_s }));
    breakTarget(u"c1/m"_s);
    QCOMPARE(ids(decide()), QStringList { u"c2/m"_s });
    m_clock->advance(30'000);
    const RoutingDecision probing = decide();
    QCOMPARE(ids(probing), QStringList({ u"c1/m"_s, u"c2/m"_s }));
    QVERIFY(probing.attempts.first().reason.contains(u"half-open probe"_s));
    const auto probe = m_engine->health().beginAttempt(u"c1/m"_s);
    const RoutingDecision meanwhile = decide();
    QCOMPARE(ids(meanwhile), QStringList { u"c2/m"_s });
    QCOMPARE(meanwhile.skipped.first().reason, u"breaker half-open, probe in flight"_s);
    m_engine->health().endAttempt(probe, Outcome { OutcomeKind::Timeout, 0, -1, -1, 0, {} });
    m_clock->advance(59'999);
    QCOMPARE(ids(decide()), QStringList { u"c2/m"_s });
    m_clock->advance(1);
    QCOMPARE(ids(decide()), QStringList({ u"c1/m"_s, u"c2/m"_s }));
}

void TestStrategies::contextLengthSkipsSmallerWindows()
{
    load(configJson(u"fallback"_s, { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s, u"l1/m"_s, u"l2/m"_s }, {},
                    { u"c1/m=8192"_s, u"c2/m=4096"_s, u"l1/m=32768"_s, u"l2/m=128000"_s }));
    RoutingDecision decision = decide();
    QCOMPARE(decision.attempts.at(0).contextLength, 8192);
    QVERIFY(!decision.attempts.at(2).contextLength);
    // c1 (8k) overflowed: c2 (4k) cannot do better; c3 (unknown) might.
    QCOMPARE(decision.nextAttempt(0, OutcomeKind::ContextLength, 1), 2);
    // c3's window is unknown: compare with the prompt estimate instead.
    decision.estimatedPromptTokens = 60'000;
    QCOMPARE(decision.nextAttempt(2, OutcomeKind::ContextLength, 2), 4);
    decision.estimatedPromptTokens = 10'000;
    QCOMPARE(decision.nextAttempt(2, OutcomeKind::ContextLength, 2), 3);
    // Other failures just move on.
    QCOMPARE(decision.nextAttempt(0, OutcomeKind::Connect, 1), 1);
    QCOMPARE(decision.nextAttempt(4, OutcomeKind::Connect, 5), -1);
    QCOMPARE(m_engine->nextAttempt(decision, 0, OutcomeKind::ContextLength, 1), 2);
}

void TestStrategies::retryPolicyLimitsAttempts()
{
    load(configJson(u"fallback"_s, { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }, {}, {},
                    R"({"attempts": 2, "backoff_ms": 150, "on": ["connect", "5xx"]})"));
    const RoutingDecision decision = decide();
    QCOMPARE(decision.retry.maxAttempts(), 2);
    QCOMPARE(decision.retry.backoffMs(), 150);
    QCOMPARE(decision.nextAttempt(0, OutcomeKind::Connect, 1), 1);
    QCOMPARE(decision.nextAttempt(1, OutcomeKind::Connect, 2), -1);
    QCOMPARE(decision.nextAttempt(0, OutcomeKind::Timeout, 1), -1);
    QCOMPARE(decision.nextAttempt(0, OutcomeKind::Http4xx, 1), -1);

    load(configJson(u"fallback"_s, { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }));
    const RoutingDecision defaults = decide();
    QCOMPARE(defaults.retry.maxAttempts(), 3);
    QCOMPARE(defaults.retry.backoffMs(), 0);
    for (OutcomeKind kind :
         { OutcomeKind::Connect, OutcomeKind::Timeout, OutcomeKind::Http429, OutcomeKind::Http5xx,
           OutcomeKind::ContextLength, OutcomeKind::BadResponse })
        QVERIFY(defaults.retry.retriesOn(kind));
    QVERIFY(!defaults.retry.retriesOn(OutcomeKind::Http4xx));
    QVERIFY(!defaults.retry.retriesOn(OutcomeKind::Cancelled));
}

void TestStrategies::nextAttemptSkipsNewlyUnhealthy()
{
    load(configJson(u"fallback"_s, { u"c1/m"_s, u"c2/m"_s, u"c3/m"_s }));
    const RoutingDecision decision = decide();
    breakTarget(u"c2/m"_s); // other requests broke it meanwhile
    QCOMPARE(m_engine->nextAttempt(decision, 0, OutcomeKind::Http5xx, 1), 2);
    QCOMPARE(decision.nextAttempt(0, OutcomeKind::Http5xx, 1), 1);
}

void TestStrategies::chooseRoute()
{
    QByteArray json = configJson(u"fallback"_s, { u"c1/m"_s });
    json.replace(
        R"("routes": [)",
        R"("rules": [{"when": {"has_tools": true}, "route": "r"}], "routes": [{"model": "default", "targets": ["c2/m"]}, )");
    load(json);
    auto choose = [&](const QByteArray &body) {
        return m_engine->chooseRoute(
            RequestFeatures::fromRequest(QJsonDocument::fromJson(body).object(), {}));
    };
    QCOMPARE(choose(R"({"model": "r"})")->route, u"r"_s);
    QVERIFY(choose(R"({"model": "r"})")->reason.isEmpty());
    QCOMPARE(choose(R"({"model": "default"})")->route, u"default"_s);
    QVERIFY(!choose(R"({"model": "unknown"})"));
    QVERIFY(!choose(R"({"model": "c1/m"})"));
    const auto ruled = choose(R"({"model": "default", "tools": [{"name": "t"}]})");
    QCOMPARE(ruled->route, u"r"_s);
    QCOMPARE(ruled->reason, u"rule 1: has_tools"_s);
    QCOMPARE(choose(R"({"model": "unknown", "tools": [{"name": "t"}]})")->route, u"r"_s);
    // An explicit provider/model is what the client wants: rules do not redirect it.
    QVERIFY(!choose(R"({"model": "c1/m", "tools": [{"name": "t"}]})"));
    QVERIFY(m_config.defaultRoute());
    const auto missing = m_engine->decide({ u"nope"_s, {} }, RequestFeatures());
    QVERIFY(!missing.ok());
    QCOMPARE(missing.error().code, ErrorCode::NotFound);
}

void TestStrategies::directTarget()
{
    load(configJson(u"fallback"_s, { u"c1/m"_s }));
    RequestFeatures features;
    features.model = u"c2/m"_s;
    RoutingDecision decision = m_engine->direct(u"c2/m"_s, features);
    QCOMPARE(ids(decision), QStringList { u"c2/m"_s });
    QCOMPARE(decision.attempts.first().provider, u"c2"_s);
    QCOMPARE(decision.attempts.first().model, u"m"_s);
    QVERIFY(!decision.degraded);
    breakTarget(u"c2/m"_s);
    decision = m_engine->direct(u"c2/m"_s, features);
    QVERIFY(decision.degraded);
    QCOMPARE(ids(decision), QStringList { u"c2/m"_s });
}

QTEST_GUILESS_MAIN(TestStrategies)
#include "tst_strategies.moc"
