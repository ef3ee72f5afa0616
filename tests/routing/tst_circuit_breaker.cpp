#include "FakeClock.h"
#include "routing/CircuitBreaker.h"
#include "routing/HealthRegistry.h"

#include <QJsonArray>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::routing;

class TestCircuitBreaker final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void opensAfterConsecutiveFailures_data();
    void opensAfterConsecutiveFailures();
    void successResetsTheRun();
    void opensOnErrorRate_data();
    void opensOnErrorRate();
    void oldFailuresLeaveTheWindow();
    void exactlyOneHalfOpenProbe();
    void probeSuccessCloses();
    void probeFailureReopensWithLongerCooldown();
    void releasedProbeFreesTheSlot();
    void lateAnswersDoNotMoveAnOpenBreaker();

    void registrySkipsOpenTargetUntilCooldown();
    void retryAfterCoolsDownWithoutTrippingBreaker();
    void neutralOutcomesDoNotCount_data();
    void neutralOutcomesDoNotCount();
    void endAttemptIsIdempotent();
    void snapshotStates();
    void overallStatus_data();
    void overallStatus();

private:
    static void fail(HealthRegistry &registry, const QString &target, int times,
                     OutcomeKind kind = OutcomeKind::Connect);
};

void TestCircuitBreaker::fail(HealthRegistry &registry, const QString &target, int times,
                              OutcomeKind kind)
{
    for (int i = 0; i < times; ++i)
        registry.endAttempt(registry.beginAttempt(target),
                            Outcome { kind, 0, -1, -1, 0, u"boom"_s });
}

void TestCircuitBreaker::opensAfterConsecutiveFailures_data()
{
    QTest::addColumn<int>("threshold");
    QTest::newRow("default 5") << 5;
    QTest::newRow("1") << 1;
    QTest::newRow("3") << 3;
}

void TestCircuitBreaker::opensAfterConsecutiveFailures()
{
    QFETCH(int, threshold);
    BreakerSettings settings;
    settings.consecutiveFailures = threshold;
    CircuitBreaker breaker(settings);
    qint64 now = 0;
    for (int i = 1; i < threshold; ++i) {
        breaker.recordFailure(++now, false);
        QCOMPARE(breaker.state(now), BreakerState::Closed);
    }
    breaker.recordFailure(++now, false);
    QCOMPARE(breaker.state(now), BreakerState::Open);
    QVERIFY(!breaker.allowsRequest(now));
}

void TestCircuitBreaker::successResetsTheRun()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 4; ++i)
        breaker.recordFailure(i, false);
    breaker.recordSuccess(5, false);
    QCOMPARE(breaker.consecutiveFailures(), 0);
    for (int i = 0; i < 4; ++i)
        breaker.recordFailure(6 + i, false);
    QCOMPARE(breaker.state(10), BreakerState::Closed);
}

void TestCircuitBreaker::opensOnErrorRate_data()
{
    QTest::addColumn<QString>("pattern"); // F = failure, S = success, one per second
    QTest::addColumn<bool>("opens");
    QTest::newRow("70 % of 10") << u"FFSFFSFFSF"_s << true;
    QTest::newRow("60 % of 10") << u"FFSFSFSFSF"_s << true;
    QTest::newRow("exactly 50 % does not") << u"FSFSFSFSFS"_s << false;
    QTest::newRow("too few requests") << u"FFSFFSFFS"_s << false;
}

void TestCircuitBreaker::opensOnErrorRate()
{
    QFETCH(QString, pattern);
    QFETCH(bool, opens);
    CircuitBreaker breaker;
    qint64 now = 0;
    for (QChar c : pattern) {
        now += 1000;
        if (c == u'F')
            breaker.recordFailure(now, false);
        else
            breaker.recordSuccess(now, false);
    }
    QVERIFY(breaker.consecutiveFailures() < 5);
    QCOMPARE(breaker.state(now) == BreakerState::Open, opens);
}

void TestCircuitBreaker::oldFailuresLeaveTheWindow()
{
    CircuitBreaker breaker;
    qint64 now = 0;
    // 6 failures and 3 successes, then 31 s of quiet: the window forgets them.
    for (QChar c : u"FFSFFSFFS"_s) {
        now += 100;
        c == u'F' ? breaker.recordFailure(now, false) : breaker.recordSuccess(now, false);
    }
    now += 31'000;
    breaker.recordFailure(now, false);
    QCOMPARE(breaker.state(now), BreakerState::Closed);
}

void TestCircuitBreaker::exactlyOneHalfOpenProbe()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure(0, false);
    QCOMPARE(breaker.state(29'999), BreakerState::Open);
    QVERIFY(!breaker.tryAcquireProbe(29'999));
    QCOMPARE(breaker.state(30'000), BreakerState::HalfOpen);
    QVERIFY(breaker.allowsRequest(30'000));
    QVERIFY(breaker.tryAcquireProbe(30'000));
    QVERIFY(!breaker.allowsRequest(30'001));
    QVERIFY(!breaker.tryAcquireProbe(30'001));
    QVERIFY(!breaker.tryAcquireProbe(90'000));
}

void TestCircuitBreaker::probeSuccessCloses()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure(0, false);
    QVERIFY(breaker.tryAcquireProbe(30'000));
    breaker.recordSuccess(30'100, true);
    QCOMPARE(breaker.state(30'100), BreakerState::Closed);
    QVERIFY(breaker.allowsRequest(30'100));
    QCOMPARE(breaker.consecutiveFailures(), 0);
    QCOMPARE(breaker.currentCooldownMs(), 30'000);
}

void TestCircuitBreaker::probeFailureReopensWithLongerCooldown()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure(0, false);
    qint64 now = 30'000;
    const QList<qint64> cooldowns { 60'000, 120'000, 240'000, 300'000, 300'000 };
    for (qint64 cooldown : cooldowns) {
        QVERIFY(breaker.tryAcquireProbe(now));
        breaker.recordFailure(now, true);
        QCOMPARE(breaker.state(now), BreakerState::Open);
        QCOMPARE(breaker.currentCooldownMs(), cooldown);
        QCOMPARE(breaker.state(now + cooldown - 1), BreakerState::Open);
        now += cooldown;
        QCOMPARE(breaker.state(now), BreakerState::HalfOpen);
    }
    // Closing resets the cooldown to the base value for the next time.
    QVERIFY(breaker.tryAcquireProbe(now));
    breaker.recordSuccess(now, true);
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure(now, false);
    QCOMPARE(breaker.currentCooldownMs(), 30'000);
}

void TestCircuitBreaker::releasedProbeFreesTheSlot()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure(0, false);
    QVERIFY(breaker.tryAcquireProbe(30'000));
    breaker.releaseProbe();
    QCOMPARE(breaker.state(30'001), BreakerState::HalfOpen);
    QVERIFY(breaker.tryAcquireProbe(30'001));
}

void TestCircuitBreaker::lateAnswersDoNotMoveAnOpenBreaker()
{
    CircuitBreaker breaker;
    for (int i = 0; i < 5; ++i)
        breaker.recordFailure(0, false);
    breaker.recordSuccess(10, false); // sent before it opened
    QCOMPARE(breaker.state(10), BreakerState::Open);
    breaker.recordFailure(20'000, false);
    QCOMPARE(breaker.openUntilMs(), 30'000);
}

void TestCircuitBreaker::registrySkipsOpenTargetUntilCooldown()
{
    FakeClock clock;
    HealthRegistry registry(clock);
    const QString t = u"p/m"_s;
    fail(registry, t, 5);
    QCOMPARE(registry.breakerState(t), BreakerState::Open);
    QVERIFY(!registry.isAvailable(t));
    QVERIFY(registry.availability(t).reason.startsWith(u"breaker open (probe in 30 s)"_s));
    clock.advance(30'000);
    QVERIFY(registry.isAvailable(t));
    const auto probe = registry.beginAttempt(t);
    QVERIFY(!registry.isAvailable(t));
    QCOMPARE(registry.availability(t).reason, u"breaker half-open, probe in flight"_s);
    registry.endAttempt(probe, Outcome { OutcomeKind::Success, 200, 50, 100, 0, {} });
    QCOMPARE(registry.breakerState(t), BreakerState::Closed);
    QVERIFY(registry.isAvailable(t));
}

void TestCircuitBreaker::retryAfterCoolsDownWithoutTrippingBreaker()
{
    FakeClock clock;
    HealthRegistry registry(clock);
    const QString t = u"p/m"_s;
    for (int i = 0; i < 6; ++i)
        registry.endAttempt(registry.beginAttempt(t),
                            Outcome { OutcomeKind::Http429, 429, -1, -1, 10'000, u"slow down"_s });
    QCOMPARE(registry.breakerState(t), BreakerState::Closed);
    QVERIFY(!registry.isAvailable(t));
    QCOMPARE(registry.availability(t).reason, u"cooling down after 429 (10 s left)"_s);
    clock.advance(9'999);
    QVERIFY(!registry.isAvailable(t));
    clock.advance(1);
    QVERIFY(registry.isAvailable(t));
    QCOMPARE(registry.stats(t)->lastError(), u"slow down"_s);

    // Without Retry-After a 429 is an ordinary failure.
    fail(registry, t, 5, OutcomeKind::Http429);
    QCOMPARE(registry.breakerState(t), BreakerState::Open);
}

void TestCircuitBreaker::neutralOutcomesDoNotCount_data()
{
    QTest::addColumn<OutcomeKind>("kind");
    QTest::newRow("4xx") << OutcomeKind::Http4xx;
    QTest::newRow("cancelled") << OutcomeKind::Cancelled;
    QTest::newRow("context_length") << OutcomeKind::ContextLength;
}

void TestCircuitBreaker::neutralOutcomesDoNotCount()
{
    QFETCH(OutcomeKind, kind);
    FakeClock clock;
    HealthRegistry registry(clock);
    fail(registry, u"p/m"_s, 20, kind);
    QCOMPARE(registry.breakerState(u"p/m"_s), BreakerState::Closed);
    QCOMPARE(registry.stats(u"p/m"_s)->failures(), 0);

    // ...and a neutral end of a probe hands the probe slot back.
    fail(registry, u"p/m"_s, 5);
    clock.advance(30'000);
    registry.endAttempt(registry.beginAttempt(u"p/m"_s), Outcome { kind, 0, -1, -1, 0, {} });
    QVERIFY(registry.isAvailable(u"p/m"_s));
    QCOMPARE(registry.breakerState(u"p/m"_s), BreakerState::HalfOpen);
}

void TestCircuitBreaker::endAttemptIsIdempotent()
{
    FakeClock clock;
    HealthRegistry registry(clock);
    const auto a = registry.beginAttempt(u"p/m"_s);
    const auto b = registry.beginAttempt(u"p/m"_s);
    QCOMPARE(registry.stats(u"p/m"_s)->inFlight(), 2);
    registry.endAttempt(a, Outcome { OutcomeKind::Connect, 0, -1, -1, 0, {} });
    registry.endAttempt(a, Outcome { OutcomeKind::Connect, 0, -1, -1, 0, {} });
    registry.endAttempt(12345, Outcome {});
    QCOMPARE(registry.stats(u"p/m"_s)->inFlight(), 1);
    QCOMPARE(registry.stats(u"p/m"_s)->failures(), 1);
    registry.endAttempt(b, Outcome { OutcomeKind::Success, 200, 100, 300, 0, {} });
    QCOMPARE(registry.stats(u"p/m"_s)->inFlight(), 0);
    QCOMPARE(*registry.stats(u"p/m"_s)->ewmaTtftMs(), 100.0);
    QCOMPARE(*registry.stats(u"p/m"_s)->ewmaTotalMs(), 300.0);
}

void TestCircuitBreaker::snapshotStates()
{
    FakeClock clock;
    HealthRegistry registry(clock);
    registry.setKnown({ u"a"_s, u"b"_s, u"c"_s, u"d"_s },
                      { u"a/1"_s, u"a/2"_s, u"b/1"_s, u"c/1"_s, u"d/1"_s });
    fail(registry, u"a/1"_s, 5); // a: one of two targets open → degraded
    fail(registry, u"b/1"_s, 5); // b: all targets open → unhealthy
    registry.setProviderStale(u"c"_s, true);
    clock.advance(1'000);

    const HealthSnapshot snapshot = registry.snapshot();
    QCOMPARE(snapshot.providers.size(), 4);
    QCOMPARE(snapshot.providers.at(0).name, u"a"_s);
    QCOMPARE(snapshot.providers.at(0).state, HealthState::Degraded);
    QCOMPARE(snapshot.providers.at(0).lastError, u"boom"_s);
    QCOMPARE(snapshot.providers.at(0).targets.size(), 2);
    const TargetHealth &a1 = snapshot.providers.at(0).targets.at(0);
    QCOMPARE(a1.id, u"a/1"_s);
    QCOMPARE(a1.breaker, BreakerState::Open);
    QVERIFY(!a1.available);
    QCOMPARE(a1.consecutiveFailures, 5);
    QCOMPARE(a1.lastErrorAgoMs, 1'000);
    QCOMPARE(snapshot.providers.at(1).state, HealthState::Unhealthy);
    QCOMPARE(snapshot.providers.at(2).state, HealthState::Stale);
    QVERIFY(!registry.isAvailable(u"c/1"_s));
    QCOMPARE(snapshot.providers.at(3).state, HealthState::Healthy);
    QCOMPARE(snapshot.overall, HealthState::Degraded);

    const QJsonObject json = snapshot.toJson();
    QCOMPARE(json.value(u"status"_s).toString(), u"degraded"_s);
    QCOMPARE(json.value(u"providers"_s).toArray().at(1).toObject().value(u"state"_s).toString(),
             u"unhealthy"_s);

    registry.setProviderCheck(u"d"_s, false, u"connection refused"_s);
    QCOMPARE(registry.snapshot().providers.at(3).state, HealthState::Unhealthy);
    QCOMPARE(registry.snapshot().providers.at(3).lastError, u"connection refused"_s);
    QVERIFY(registry.availability(u"d/1"_s).reason.contains(u"connection refused"_s));
}

void TestCircuitBreaker::overallStatus_data()
{
    QTest::addColumn<int>("providers");
    QTest::addColumn<int>("broken");
    QTest::addColumn<HealthState>("overall");
    QTest::newRow("no providers") << 0 << 0 << HealthState::Healthy;
    QTest::newRow("all healthy") << 3 << 0 << HealthState::Healthy;
    QTest::newRow("some unhealthy") << 3 << 1 << HealthState::Degraded;
    QTest::newRow("none healthy") << 2 << 2 << HealthState::Unhealthy;
}

void TestCircuitBreaker::overallStatus()
{
    QFETCH(int, providers);
    QFETCH(int, broken);
    QFETCH(HealthState, overall);
    FakeClock clock;
    HealthRegistry registry(clock);
    QStringList names, targets;
    for (int i = 0; i < providers; ++i) {
        names.append(u"p%1"_s.arg(i));
        targets.append(u"p%1/m"_s.arg(i));
    }
    registry.setKnown(names, targets);
    for (int i = 0; i < broken; ++i)
        registry.setProviderCheck(names.at(i), false, u"down"_s);
    QCOMPARE(registry.snapshot().overall, overall);
}

QTEST_GUILESS_MAIN(TestCircuitBreaker)
#include "tst_circuit_breaker.moc"
