#include "security/ConcurrencyLimiter.h"

#include <QElapsedTimer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using namespace switchyard::security;

namespace {
// What one acquire() was answered, if it was.
struct Outcome
{
    bool called = false;
    bool granted = false;
    QString reason;
    int calls = 0;
};

ConcurrencyLimiter::Callback record(Outcome &outcome)
{
    return [&outcome](bool granted, const QString &reason) {
        outcome.called = true;
        outcome.granted = granted;
        outcome.reason = reason;
        ++outcome.calls;
    };
}
} // namespace

// Per-provider slots with a bounded FIFO queue and timeouts, driven by the event loop.
class TestConcurrencyLimiter final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void unlimitedGrantsAtOnce();
    void grantsUpToTheCapThenQueues();
    void releaseGrantsInFifoOrder();
    void queueFullIsRefusedAtOnce();
    void zeroQueueRefusesWhenBusy();
    void waitersTimeOut();
    void deadContextsAreSkipped();
    void deadContextsDoNotFillTheQueue();
    void providersAreIndependent();
    void raisingTheCapGrantsWaiters();
    void callbackMayReleaseAgain();
    void releaseWithoutAcquireIsHarmless();

private:
    std::unique_ptr<QObject> m_context;
    std::unique_ptr<ConcurrencyLimiter> m_limiter;
};

void TestConcurrencyLimiter::init()
{
    m_context = std::make_unique<QObject>();
    m_limiter = std::make_unique<ConcurrencyLimiter>();
    m_limiter->setLimits(u"ollama"_s, { 2, 2, 0 });
}

void TestConcurrencyLimiter::cleanup()
{
    m_limiter.reset();
    m_context.reset();
}

void TestConcurrencyLimiter::unlimitedGrantsAtOnce()
{
    QList<Outcome> outcomes(50);
    for (Outcome &o : outcomes)
        m_limiter->acquire(u"cloud"_s, m_context.get(), record(o));
    for (const Outcome &o : outcomes)
        QVERIFY(o.called && o.granted);
    QCOMPARE(m_limiter->running(u"cloud"_s), 50);
}

void TestConcurrencyLimiter::grantsUpToTheCapThenQueues()
{
    Outcome a, b, c;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(a));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(b));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(c));
    QVERIFY(a.granted && b.granted);
    QVERIFY(!c.called);
    QCOMPARE(m_limiter->running(u"ollama"_s), 2);
    QCOMPARE(m_limiter->queued(u"ollama"_s), 1);
    m_limiter->release(u"ollama"_s);
    QVERIFY(c.called && c.granted);
    QCOMPARE(m_limiter->running(u"ollama"_s), 2);
    QCOMPARE(m_limiter->queued(u"ollama"_s), 0);
}

void TestConcurrencyLimiter::releaseGrantsInFifoOrder()
{
    m_limiter->setLimits(u"ollama"_s, { 1, 10, 0 });
    QList<int> order;
    Outcome first;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(first));
    for (int i = 0; i < 5; ++i)
        m_limiter->acquire(u"ollama"_s, m_context.get(),
                           [&order, i](bool granted, const QString &) {
                               if (granted)
                                   order.append(i);
                           });
    for (int i = 0; i < 5; ++i)
        m_limiter->release(u"ollama"_s);
    QCOMPARE(order, (QList<int> { 0, 1, 2, 3, 4 }));
    QCOMPARE(m_limiter->running(u"ollama"_s), 1);
}

void TestConcurrencyLimiter::queueFullIsRefusedAtOnce()
{
    Outcome o[5];
    for (Outcome &x : o)
        m_limiter->acquire(u"ollama"_s, m_context.get(), record(x));
    QVERIFY(o[0].granted && o[1].granted);
    QVERIFY(!o[2].called && !o[3].called);
    QVERIFY(o[4].called);
    QVERIFY(!o[4].granted);
    QVERIFY2(o[4].reason.contains(u"queue full"_s), qPrintable(o[4].reason));
    QCOMPARE(m_limiter->queued(u"ollama"_s), 2);
}

void TestConcurrencyLimiter::zeroQueueRefusesWhenBusy()
{
    m_limiter->setLimits(u"ollama"_s, { 1, 0, 0 });
    Outcome a, b;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(a));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(b));
    QVERIFY(a.granted);
    QVERIFY(b.called && !b.granted);
    QVERIFY(b.reason.contains(u"queue full"_s));
}

void TestConcurrencyLimiter::waitersTimeOut()
{
    m_limiter->setLimits(u"ollama"_s, { 1, 5, 200 });
    Outcome holder, waiter, later;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(holder));
    QElapsedTimer clock;
    clock.start();
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(waiter));
    QTest::qWait(100);
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(later));
    QTRY_VERIFY_WITH_TIMEOUT(waiter.called, 2000);
    const qint64 waited = clock.elapsed();
    QVERIFY(!waiter.granted);
    QVERIFY2(waited >= 190 && waited < 600, QByteArray::number(waited).constData());
    QVERIFY2(waiter.reason.startsWith(u"waited "_s) && waiter.reason.contains(u" ms"_s),
             qPrintable(waiter.reason));
    QVERIFY(!later.called); // its own deadline is 100 ms later
    QTRY_VERIFY_WITH_TIMEOUT(later.called, 2000);
    QVERIFY(!later.granted);
    QCOMPARE(m_limiter->queued(u"ollama"_s), 0);
    QCOMPARE(m_limiter->running(u"ollama"_s), 1);
    QCOMPARE(waiter.calls, 1);
    QTest::qWait(300); // no second call after the timeout
    QCOMPARE(waiter.calls, 1);
    QCOMPARE(later.calls, 1);
}

void TestConcurrencyLimiter::deadContextsAreSkipped()
{
    m_limiter->setLimits(u"ollama"_s, { 1, 5, 300 });
    Outcome holder, dead, alive;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(holder));
    {
        QObject gone;
        m_limiter->acquire(u"ollama"_s, &gone, record(dead));
    }
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(alive));
    m_limiter->release(u"ollama"_s);
    QVERIFY(!dead.called);
    QVERIFY(alive.called && alive.granted);
    QCOMPARE(m_limiter->running(u"ollama"_s), 1);
    // A dead waiter never times out into a callback either.
    QObject *shortLived = new QObject(m_context.get());
    Outcome dead2;
    m_limiter->acquire(u"ollama"_s, shortLived, record(dead2));
    delete shortLived;
    QTest::qWait(450);
    QVERIFY(!dead2.called);
    QCOMPARE(m_limiter->queued(u"ollama"_s), 0);
}

void TestConcurrencyLimiter::deadContextsDoNotFillTheQueue()
{
    Outcome a, b, c;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(a));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(b));
    {
        QObject gone1, gone2;
        Outcome x, y;
        m_limiter->acquire(u"ollama"_s, &gone1, record(x));
        m_limiter->acquire(u"ollama"_s, &gone2, record(y));
        QCOMPARE(m_limiter->queued(u"ollama"_s), 2);
    }
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(c));
    QVERIFY(!c.called); // queued, not refused as "queue full"
    QCOMPARE(m_limiter->queued(u"ollama"_s), 1);
}

void TestConcurrencyLimiter::providersAreIndependent()
{
    m_limiter->setLimits(u"other"_s, { 1, 0, 0 });
    Outcome a, b, c;
    m_limiter->acquire(u"other"_s, m_context.get(), record(a));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(b));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(c));
    QVERIFY(a.granted && b.granted && c.granted);
}

void TestConcurrencyLimiter::raisingTheCapGrantsWaiters()
{
    Outcome o[4];
    for (Outcome &x : o)
        m_limiter->acquire(u"ollama"_s, m_context.get(), record(x));
    QVERIFY(!o[2].called && !o[3].called);
    m_limiter->setLimits(u"ollama"_s, { 3, 2, 0 });
    QVERIFY(o[2].granted);
    QVERIFY(!o[3].called);
    m_limiter->setLimits(u"ollama"_s, { 0, 0, 0 });
    QVERIFY(o[3].granted);
    QCOMPARE(m_limiter->running(u"ollama"_s), 4);
}

void TestConcurrencyLimiter::callbackMayReleaseAgain()
{
    m_limiter->setLimits(u"ollama"_s, { 1, 5, 0 });
    Outcome first, third;
    int secondCalls = 0;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(first));
    // The second waiter gives its slot back at once (say its client left meanwhile).
    m_limiter->acquire(u"ollama"_s, m_context.get(),
                       [this, &secondCalls](bool granted, const QString &) {
                           ++secondCalls;
                           if (granted)
                               m_limiter->release(u"ollama"_s);
                       });
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(third));
    m_limiter->release(u"ollama"_s);
    QCOMPARE(secondCalls, 1);
    QVERIFY(third.called && third.granted);
    QCOMPARE(m_limiter->running(u"ollama"_s), 1);
}

void TestConcurrencyLimiter::releaseWithoutAcquireIsHarmless()
{
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(u"release without acquire"_s));
    m_limiter->release(u"ollama"_s);
    QCOMPARE(m_limiter->running(u"ollama"_s), 0);
    Outcome a, b, c;
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(a));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(b));
    m_limiter->acquire(u"ollama"_s, m_context.get(), record(c));
    QVERIFY(!c.called); // the cap still holds
}

QTEST_GUILESS_MAIN(TestConcurrencyLimiter)
#include "tst_concurrency_limiter.moc"
