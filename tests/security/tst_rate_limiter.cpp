#include "security/RateLimiter.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::security;

using LimitedBy = RateLimiter::LimitedBy;

// Token-bucket limits per key with an injected clock, so every number here is exact.
class TestRateLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void unlimitedKeysKeepNoState();
    void requestsPerMinute();
    void refillIsContinuous();
    void retryAfter_data();
    void retryAfter();
    void tokensPerMinute();
    void refusalChargesNothing();
    void oversizedRequestWaitsForFullBucket();
    void commitCorrectsTheEstimate();
    void keysAreIndependentAndDefaultApplies();
    void idleKeysAreEvicted();
    void memoryIsBoundedUnderChurn();
};

void TestRateLimiter::unlimitedKeysKeepNoState()
{
    RateLimiter limiter;
    for (int i = 0; i < 1000; ++i)
        QVERIFY(limiter.check(u"k%1"_s.arg(i), 1'000'000, i).allowed);
    QCOMPARE(limiter.trackedKeys(), 0);
}

void TestRateLimiter::requestsPerMinute()
{
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { 3, 0 });
    QVERIFY(limiter.check(u"t"_s, 0, 1000).allowed);
    QVERIFY(limiter.check(u"t"_s, 0, 1000).allowed);
    QVERIFY(limiter.check(u"t"_s, 0, 1000).allowed);
    const auto refused = limiter.check(u"t"_s, 0, 1000);
    QVERIFY(!refused.allowed);
    QCOMPARE(refused.limitedBy, LimitedBy::Requests);
    QCOMPARE(refused.retryAfterSeconds, 20); // one request per 20 s at 3/min
}

void TestRateLimiter::refillIsContinuous()
{
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { 60, 0 }); // one per second
    for (int i = 0; i < 60; ++i)
        QVERIFY(limiter.check(u"t"_s, 0, 0).allowed);
    QVERIFY(!limiter.check(u"t"_s, 0, 0).allowed);
    QVERIFY(!limiter.check(u"t"_s, 0, 999).allowed);
    QVERIFY(limiter.check(u"t"_s, 0, 1000).allowed);
    QVERIFY(!limiter.check(u"t"_s, 0, 1000).allowed);
    // Ten seconds later ten more, not a whole new minute's worth.
    for (int i = 0; i < 10; ++i)
        QVERIFY(limiter.check(u"t"_s, 0, 11'000).allowed);
    QVERIFY(!limiter.check(u"t"_s, 0, 11'000).allowed);
}

void TestRateLimiter::retryAfter_data()
{
    QTest::addColumn<int>("rpm");
    QTest::addColumn<int>("elapsedMs");
    QTest::addColumn<int>("retryAfter");
    QTest::newRow("1/min right away") << 1 << 0 << 60;
    QTest::newRow("1/min after 59.5 s") << 1 << 59'500 << 1;
    QTest::newRow("1/min after 30 s") << 1 << 30'000 << 30;
    QTest::newRow("6000/min rounds up to 1 s") << 6000 << 0 << 1;
    QTest::newRow("2/min after 10.2 s") << 2 << 10'200 << 20;
}

void TestRateLimiter::retryAfter()
{
    QFETCH(int, rpm);
    QFETCH(int, elapsedMs);
    QFETCH(int, retryAfter);
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { rpm, 0 });
    for (int i = 0; i < rpm; ++i)
        QVERIFY(limiter.check(u"t"_s, 0, 0).allowed);
    const auto d = limiter.check(u"t"_s, 0, elapsedMs);
    QVERIFY(!d.allowed);
    QCOMPARE(d.retryAfterSeconds, retryAfter);
}

void TestRateLimiter::tokensPerMinute()
{
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { 0, 6000 }); // 100 tokens per second
    QVERIFY(limiter.check(u"t"_s, 4000, 0).allowed);
    QVERIFY(limiter.check(u"t"_s, 2000, 0).allowed);
    const auto d = limiter.check(u"t"_s, 500, 0);
    QVERIFY(!d.allowed);
    QCOMPARE(d.limitedBy, LimitedBy::Tokens);
    QCOMPARE(d.retryAfterSeconds, 5);
    QVERIFY(!limiter.check(u"t"_s, 500, 4990).allowed);
    QVERIFY(limiter.check(u"t"_s, 500, 5000).allowed);
}

void TestRateLimiter::refusalChargesNothing()
{
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { 2, 1000 });
    QVERIFY(limiter.check(u"t"_s, 900, 0).allowed);
    // Refused for tokens: must not use up the second request either.
    QVERIFY(!limiter.check(u"t"_s, 500, 0).allowed);
    QVERIFY(!limiter.check(u"t"_s, 500, 0).allowed);
    QVERIFY(limiter.check(u"t"_s, 100, 0).allowed);
    const auto d = limiter.check(u"t"_s, 0, 0);
    QVERIFY(!d.allowed);
    QCOMPARE(d.limitedBy, LimitedBy::Requests);
}

void TestRateLimiter::oversizedRequestWaitsForFullBucket()
{
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { 0, 1000 });
    QVERIFY(limiter.check(u"t"_s, 50'000, 0).allowed); // full bucket: admitted, empties it
    const auto d = limiter.check(u"t"_s, 50'000, 0);
    QVERIFY(!d.allowed);
    QCOMPARE(d.retryAfterSeconds, 60);
    QVERIFY(limiter.check(u"t"_s, 50'000, 60'000).allowed);
}

void TestRateLimiter::commitCorrectsTheEstimate()
{
    RateLimiter limiter;
    limiter.setLimit(u"t"_s, { 0, 6000 });
    QVERIFY(limiter.check(u"t"_s, 5000, 0).allowed);
    limiter.commitTokens(u"t"_s, 5000, 1000); // used far less: 4000 back
    QVERIFY(limiter.check(u"t"_s, 5000, 0).allowed);
    QVERIFY(!limiter.check(u"t"_s, 100, 0).allowed);

    RateLimiter debt;
    debt.setLimit(u"t"_s, { 0, 6000 });
    QVERIFY(debt.check(u"t"_s, 1000, 0).allowed);
    debt.commitTokens(u"t"_s, 1000, 9000); // used more: 3000 in debt
    const auto d = debt.check(u"t"_s, 100, 0);
    QVERIFY(!d.allowed);
    QCOMPARE(d.retryAfterSeconds, 31); // (3000 + 100) tokens at 100/s
    QVERIFY(debt.check(u"t"_s, 100, 31'000).allowed);

    RateLimiter capped;
    capped.setLimit(u"t"_s, { 0, 1000 });
    QVERIFY(capped.check(u"t"_s, 10, 0).allowed);
    capped.commitTokens(u"t"_s, 10'000, 0); // a bogus refund cannot exceed a full bucket
    QVERIFY(capped.check(u"t"_s, 1000, 0).allowed);
    QVERIFY(!capped.check(u"t"_s, 1, 0).allowed);
}

void TestRateLimiter::keysAreIndependentAndDefaultApplies()
{
    RateLimiter limiter;
    limiter.setLimit(u"a"_s, { 1, 0 });
    limiter.setDefaultLimit({ 2, 0 });
    QVERIFY(limiter.check(u"a"_s, 0, 0).allowed);
    QVERIFY(!limiter.check(u"a"_s, 0, 0).allowed);
    QVERIFY(limiter.check(u"b"_s, 0, 0).allowed);
    QVERIFY(limiter.check(u"b"_s, 0, 0).allowed);
    QVERIFY(!limiter.check(u"b"_s, 0, 0).allowed);
    QVERIFY(limiter.check(QString(), 0, 0).allowed); // the global key is just another key
}

void TestRateLimiter::idleKeysAreEvicted()
{
    RateLimiter limiter(4);
    limiter.setDefaultLimit({ 60, 0 });
    for (int i = 0; i < 4; ++i)
        QVERIFY(limiter.check(u"k%1"_s.arg(i), 0, 0).allowed);
    QCOMPARE(limiter.trackedKeys(), 4);
    // One second refills one request: every bucket is full again and can be forgotten
    // without changing any decision.
    QVERIFY(limiter.check(u"new"_s, 0, 1000).allowed);
    QCOMPARE(limiter.trackedKeys(), 1);
}

void TestRateLimiter::memoryIsBoundedUnderChurn()
{
    RateLimiter limiter(100);
    limiter.setDefaultLimit({ 1, 0 });
    for (int i = 0; i < 10'000; ++i) {
        QVERIFY(limiter.check(u"peer%1"_s.arg(i), 0, i).allowed);
        QVERIFY(limiter.trackedKeys() <= 100);
    }
    // The most recent keys are still limited.
    QVERIFY(!limiter.check(u"peer9999"_s, 0, 10'000).allowed);
}

QTEST_GUILESS_MAIN(TestRateLimiter)
#include "tst_rate_limiter.moc"
