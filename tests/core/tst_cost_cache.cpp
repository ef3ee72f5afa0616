#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// Cost per request, budgets and the response cache, over loopback against a fake upstream.
class TestCostCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void cleanup();
    void costComesFromUsageAndPrices();
    void bundledPricesApplyToKnownModels();
    void budgetWarnsThenBlocks();
    void cacheHitMissAndBypass();
    void cachedStreamIsReplayedAsSse();
    void cacheEntriesExpire();
    void cacheIsOffByDefault();

private:
    void startGateway(const QString &extra, const QString &routeExtra = {},
                      const QString &model = u"m"_s);
    TestResponse chat(const QByteArray &model, bool stream = false,
                      const QList<std::pair<QByteArray, QByteArray>> &headers = {});
    QList<base::RequestRecord> records(int atLeast);

    std::unique_ptr<FakeOpenAi> m_upstream;
    std::unique_ptr<core::GatewayHost> m_host;
    std::unique_ptr<QSignalSpy> m_spy;
    quint16 m_port = 0;
};

void TestCostCache::startGateway(const QString &extra, const QString &routeExtra,
                                 const QString &model)
{
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    const QByteArray json
        = QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "models": ["%4"],
                       "model_info": {"%4": {"input_per_mtok": 1.0, "output_per_mtok": 2.0}}}],
        "routes": [{"model": "r", "targets": ["p/%4"]%2}]%3})")
              .arg(QString::fromLatin1(m_upstream->baseUrl()), routeExtra, extra, model)
              .toUtf8();
    auto config = config::ConfigLoader::parse(json);
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    m_spy = std::make_unique<QSignalSpy>(m_host.get(), &core::GatewayHost::requestsCompleted);
    auto port = m_host->start(*config);
    QVERIFY(port.ok());
    m_port = *port;
}

void TestCostCache::cleanup()
{
    m_spy.reset();
    m_host.reset();
    m_upstream.reset();
}

TestResponse TestCostCache::chat(const QByteArray &model, bool stream,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers)
{
    QList<std::pair<QByteArray, QByteArray>> all { { "Content-Type", "application/json" } };
    all += headers;
    return TestClient::request(m_port, "POST", "/v1/chat/completions",
                               R"({"model":")" + model + R"(","stream":)"
                                   + (stream ? "true" : "false")
                                   + R"(,"messages":[{"role":"user","content":"hi"}]})",
                               all);
}

QList<base::RequestRecord> TestCostCache::records(int atLeast)
{
    QList<base::RequestRecord> all;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 5000) {
        all.clear();
        for (const QList<QVariant> &args : std::as_const(*m_spy))
            all += args.at(0).value<QList<base::RequestRecord>>();
        if (all.size() >= atLeast)
            break;
        QTest::qWait(20);
    }
    return all;
}

void TestCostCache::costComesFromUsageAndPrices()
{
    startGateway({});
    QCOMPARE(chat("r").status, 200);
    QCOMPARE(chat("r", true).status, 200);
    const auto all = records(2);
    QCOMPARE(all.size(), 2);
    for (const base::RequestRecord &r : all) {
        // FakeOpenAi reports 12 prompt and 7 completion tokens: 12·$1/M + 7·$2/M.
        QVERIFY(r.costKnown);
        QCOMPARE(r.priceVersion, u"config"_s);
        QVERIFY(qFuzzyCompare(r.costUsd, 26e-6));
    }
}

void TestCostCache::bundledPricesApplyToKnownModels()
{
    // No model_info for this model: the bundled table prices it.
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    auto config = config::ConfigLoader::parse(
        QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "local": false, "models": ["gpt-4o-mini"]}]})")
            .arg(QString::fromLatin1(m_upstream->baseUrl()))
            .toUtf8());
    QVERIFY(config.ok());
    m_host = std::make_unique<core::GatewayHost>();
    m_spy = std::make_unique<QSignalSpy>(m_host.get(), &core::GatewayHost::requestsCompleted);
    m_port = *m_host->start(*config);
    QCOMPARE(chat("p/gpt-4o-mini").status, 200);
    const auto all = records(1);
    QCOMPARE(all.size(), 1);
    QVERIFY(all.first().costKnown);
    QVERIFY(all.first().priceVersion.startsWith(u"litellm-"_s));
    QVERIFY(all.first().costUsd > 0 && all.first().costUsd < 0.001);
}

void TestCostCache::budgetWarnsThenBlocks()
{
    // Each request costs $0.000026; the budget allows less than two.
    startGateway(
        uR"(, "budgets": [{"scope": "route:r", "period": "daily", "limit_usd": 0.00004, "warn_at": 0.5, "block": true}])"_s);
    QSignalSpy warnings(m_host.get(), &core::GatewayHost::budgetWarning);
    QCOMPARE(chat("r").status, 200);
    QTRY_COMPARE(warnings.size(), 1);
    QCOMPARE(warnings.at(0).at(1).toBool(), false);
    QCOMPARE(chat("r").status, 200); // admitted before its cost was known
    QTRY_COMPARE(warnings.size(), 2);
    QCOMPARE(warnings.at(1).at(1).toBool(), true);
    const TestResponse refused = chat("r");
    QCOMPARE(refused.status, 429);
    QVERIFY(refused.header("retry-after").toLongLong() >= 1);
    const QJsonObject error
        = QJsonDocument::fromJson(refused.body).object().value(u"error"_s).toObject();
    QCOMPARE(error.value(u"code"_s).toString(), u"budget_exceeded"_s);
    QCOMPARE(error.value(u"type"_s).toString(), u"rate_limit_error"_s);
    QCOMPARE(m_upstream->chatRequests(), 2);
    // The provider model directly is outside the route's budget.
    QCOMPARE(chat("p/m").status, 200);
    // Anthropic clients get their own error format.
    const TestResponse anthropic = TestClient::request(
        m_port, "POST", "/v1/messages",
        R"({"model":"r","max_tokens":10,"messages":[{"role":"user","content":"hi"}]})",
        { { "Content-Type", "application/json" }, { "anthropic-version", "2023-06-01" } });
    QCOMPARE(anthropic.status, 429);
    const QJsonObject body = QJsonDocument::fromJson(anthropic.body).object();
    QCOMPARE(body.value(u"type"_s).toString(), u"error"_s);
    QCOMPARE(body.value(u"error"_s).toObject().value(u"type"_s).toString(), u"rate_limit_error"_s);
}

void TestCostCache::cacheHitMissAndBypass()
{
    startGateway({}, uR"(, "cache": {"enabled": true, "ttl_s": 60})"_s);
    const TestResponse first = chat("r");
    QCOMPARE(first.status, 200);
    QCOMPARE(first.header("x-switchyard-cache"), QByteArray("miss"));
    const TestResponse second = chat("r");
    QCOMPARE(second.status, 200);
    QCOMPARE(second.header("x-switchyard-cache"), QByteArray("hit"));
    QCOMPARE(second.body, first.body);
    QCOMPARE(m_upstream->chatRequests(), 1);
    const TestResponse bypass = chat("r", false, { { "Cache-Control", "no-cache" } });
    QCOMPARE(bypass.status, 200);
    QCOMPARE(bypass.header("x-switchyard-cache"), QByteArray());
    QCOMPARE(m_upstream->chatRequests(), 2);
    const auto all = records(3);
    QCOMPARE(all.size(), 3);
    QVERIFY(!all.at(0).cacheHit);
    QVERIFY(all.at(1).cacheHit);
    QVERIFY(all.at(1).costKnown);
    QCOMPARE(all.at(1).costUsd, 0.0);
    QCOMPARE(all.at(1).provider, u"p"_s);
    const TestResponse metrics = TestClient::request(m_port, "GET", "/metrics");
    QVERIFY(metrics.body.contains(R"(switchyard_cache_lookups_total{result="hit"} 1)"));
    QVERIFY(metrics.body.contains(R"(switchyard_cache_lookups_total{result="miss"} 1)"));
    QVERIFY(metrics.body.contains("switchyard_cache_entries 1"));
}

void TestCostCache::cachedStreamIsReplayedAsSse()
{
    startGateway({}, uR"(, "cache": {"enabled": true, "ttl_s": 60})"_s);
    const TestResponse first = chat("r", true);
    QCOMPARE(first.status, 200);
    QVERIFY(first.body.contains("data: [DONE]"));
    const TestResponse second = chat("r", true);
    QCOMPARE(second.status, 200);
    QCOMPARE(second.header("x-switchyard-cache"), QByteArray("hit"));
    QVERIFY(second.header("content-type").startsWith("text/event-stream"));
    QCOMPARE(second.body, first.body);
    QCOMPARE(m_upstream->chatRequests(), 1);
    // The non-stream request is a different cache entry.
    QCOMPARE(chat("r").header("x-switchyard-cache"), QByteArray("miss"));
}

void TestCostCache::cacheEntriesExpire()
{
    startGateway({}, uR"(, "cache": {"enabled": true, "ttl_s": 1})"_s);
    QCOMPARE(chat("r").header("x-switchyard-cache"), QByteArray("miss"));
    QCOMPARE(chat("r").header("x-switchyard-cache"), QByteArray("hit"));
    QTest::qWait(1100);
    QCOMPARE(chat("r").header("x-switchyard-cache"), QByteArray("miss"));
    QCOMPARE(m_upstream->chatRequests(), 2);
}

void TestCostCache::cacheIsOffByDefault()
{
    startGateway({});
    QCOMPARE(chat("r").header("x-switchyard-cache"), QByteArray());
    QCOMPARE(chat("r").status, 200);
    QCOMPARE(m_upstream->chatRequests(), 2);
}

QTEST_GUILESS_MAIN(TestCostCache)
#include "tst_cost_cache.moc"
