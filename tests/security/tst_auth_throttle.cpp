#include "security/AuthThrottle.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::security;

// Growing delays after failed authentications, per peer, with bounded memory.
class TestAuthThrottle final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void delaysGrowToCap_data();
    void delaysGrowToCap();
    void successResets();
    void peersAreIndependent();
    void quietPeersAreForgotten();
    void memoryIsBounded();
};

void TestAuthThrottle::delaysGrowToCap_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("delayMs");
    QTest::newRow("none") << 0 << 0;
    QTest::newRow("1") << 1 << 0;
    QTest::newRow("3 (free)") << 3 << 0;
    QTest::newRow("4") << 4 << 250;
    QTest::newRow("5") << 5 << 500;
    QTest::newRow("6") << 6 << 1000;
    QTest::newRow("8") << 8 << 4000;
    QTest::newRow("9 (capped)") << 9 << 5000;
    QTest::newRow("100 (capped)") << 100 << 5000;
}

void TestAuthThrottle::delaysGrowToCap()
{
    QFETCH(int, failures);
    QFETCH(int, delayMs);
    AuthThrottle throttle;
    for (int i = 0; i < failures; ++i)
        throttle.recordFailure(u"127.0.0.1"_s, 1000 + i);
    QCOMPARE(throttle.delayFor(u"127.0.0.1"_s, 2000), delayMs);
}

void TestAuthThrottle::successResets()
{
    AuthThrottle throttle;
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure(u"p"_s, 0);
    QCOMPARE(throttle.delayFor(u"p"_s, 0), 1000);
    throttle.recordSuccess(u"p"_s);
    QCOMPARE(throttle.delayFor(u"p"_s, 0), 0);
    QCOMPARE(throttle.trackedPeers(), 0);
    throttle.recordFailure(u"p"_s, 0);
    QCOMPARE(throttle.delayFor(u"p"_s, 0), 0);
}

void TestAuthThrottle::peersAreIndependent()
{
    AuthThrottle throttle;
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(u"a"_s, 0);
    QCOMPARE(throttle.delayFor(u"a"_s, 0), 500);
    QCOMPARE(throttle.delayFor(u"b"_s, 0), 0);
}

void TestAuthThrottle::quietPeersAreForgotten()
{
    AuthThrottle::Settings settings;
    settings.forgetAfterMs = 10'000;
    AuthThrottle throttle(settings);
    for (int i = 0; i < 6; ++i)
        throttle.recordFailure(u"p"_s, 0);
    QCOMPARE(throttle.delayFor(u"p"_s, 9'999), 1000);
    QCOMPARE(throttle.delayFor(u"p"_s, 10'000), 0);
    throttle.recordFailure(u"p"_s, 10'000); // starts over at one failure
    QCOMPARE(throttle.delayFor(u"p"_s, 10'000), 0);
}

void TestAuthThrottle::memoryIsBounded()
{
    AuthThrottle::Settings settings;
    settings.maxPeers = 64;
    AuthThrottle throttle(settings);
    for (int i = 0; i < 5; ++i)
        throttle.recordFailure(u"busy"_s, 100'000);
    for (int i = 0; i < 5000; ++i) {
        throttle.recordFailure(u"10.0.%1.%2"_s.arg(i / 256).arg(i % 256), i);
        QVERIFY(throttle.trackedPeers() <= 64);
    }
    // The most recent offender survived the evictions.
    QCOMPARE(throttle.delayFor(u"busy"_s, 100'000), 500);
}

QTEST_GUILESS_MAIN(TestAuthThrottle)
#include "tst_auth_throttle.moc"
