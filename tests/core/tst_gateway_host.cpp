#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QJsonDocument>
#include <QSignalSpy>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// The desktop app's seam: GatewayHost's queued signals and asynchronous calls, each answered
// in the asking object's thread (here the test's main thread) while the gateway runs in its
// own.
class TestGatewayHost final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void healthSnapshotsArriveEverySecond();
    void healthNowAnswersInTheCallersThread();
    void routeDryRunShowsTheDecision();
    void routeDryRunReportsTheClientsError();
    void applyConfigAsyncReportsRestartOnlySettings();
    void requestsAndLiveStatsAreForwarded();
    void callbacksOfDeadContextsAreDropped();
    void testProviderProbesWithTheGatewaysKeys();
    void testProviderReportsFailures();
    void discoverModelsAsksTheProvider();

private:
    config::Config makeConfig(const QString &routes) const;

    std::unique_ptr<FakeOpenAi> m_upstream;
    std::unique_ptr<core::GatewayHost> m_host;
    quint16 m_port = 0;
};

config::Config TestGatewayHost::makeConfig(const QString &routes) const
{
    const QString json
        = QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "p", "kind": "openai", "base_url": "%1/v1", "models": ["m", "n"]}],
        "routes": [%2]})")
              .arg(QString::fromLatin1(m_upstream->baseUrl()), routes);
    auto config = config::ConfigLoader::parse(json.toUtf8());
    if (!config)
        qFatal("bad test config: %s", qPrintable(config.error().message));
    return *config;
}

void TestGatewayHost::init()
{
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(makeConfig(uR"({"model": "fast", "targets": ["p/m", "p/n"]})"_s));
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    m_port = *port;
}

void TestGatewayHost::cleanup()
{
    m_host.reset();
    m_upstream.reset();
}

void TestGatewayHost::healthSnapshotsArriveEverySecond()
{
    QSignalSpy spy(m_host.get(), &core::GatewayHost::healthSnapshot);
    QVERIFY(spy.wait(3000));
    const auto snapshot = spy.takeFirst().first().value<routing::HealthSnapshot>();
    QCOMPARE(snapshot.providers.size(), 1);
    QCOMPARE(snapshot.providers.first().name, u"p"_s);
    QCOMPARE(snapshot.providers.first().targets.size(), 2);
}

void TestGatewayHost::healthNowAnswersInTheCallersThread()
{
    bool answered = false;
    QObject context;
    m_host->healthNow(&context, [&](const routing::HealthSnapshot &snapshot) {
        answered = true;
        QCOMPARE(QThread::currentThread(), qApp->thread());
        QCOMPARE(snapshot.providers.size(), 1);
    });
    QTRY_VERIFY_WITH_TIMEOUT(answered, 3000);
}

void TestGatewayHost::routeDryRunShowsTheDecision()
{
    std::optional<core::GatewayHost::DryRunResult> result;
    QObject context;
    m_host->routeDryRun(R"({"model": "fast", "messages": [{"role": "user", "content": "hi"}]})",
                        &context, [&](const core::GatewayHost::DryRunResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
    const auto *decision = std::get_if<routing::RoutingDecision>(&*result);
    QVERIFY(decision);
    QCOMPARE(decision->route, u"fast"_s);
    QCOMPARE(decision->attempts.size(), 2);
    QCOMPARE(decision->attempts.first().provider, u"p"_s);
}

void TestGatewayHost::routeDryRunReportsTheClientsError()
{
    std::optional<core::GatewayHost::DryRunResult> result;
    QObject context;
    m_host->routeDryRun(R"({"model": "nowhere", "messages": [{"role": "user", "content": "hi"}]})",
                        &context, [&](const core::GatewayHost::DryRunResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
    const auto *error = std::get_if<base::ApiError>(&*result);
    QVERIFY(error);
    QCOMPARE(error->status, 404);

    result.reset();
    m_host->routeDryRun("not json", &context,
                        [&](const core::GatewayHost::DryRunResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
    QVERIFY(std::holds_alternative<base::ApiError>(*result));
    QCOMPARE(std::get<base::ApiError>(*result).status, 400);
}

void TestGatewayHost::applyConfigAsyncReportsRestartOnlySettings()
{
    std::optional<QStringList> restart;
    QObject context;
    m_host->applyConfigAsync(makeConfig(uR"({"model": "fast", "targets": ["p/n"]})"_s), &context,
                             [&](const QStringList &r) { restart = r; });
    QTRY_VERIFY_WITH_TIMEOUT(restart.has_value(), 3000);
    QVERIFY(restart->isEmpty());

    // The new route is live: its only target is p/n.
    std::optional<core::GatewayHost::DryRunResult> result;
    m_host->routeDryRun(R"({"model": "fast", "messages": [{"role": "user", "content": "hi"}]})",
                        &context, [&](const core::GatewayHost::DryRunResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 3000);
    QCOMPARE(std::get<routing::RoutingDecision>(*result).attempts.size(), 1);

    restart.reset();
    config::Config moved = makeConfig(uR"({"model": "fast", "targets": ["p/m"]})"_s);
    moved.gateway.port = 1; // was 0 (any free port)
    m_host->applyConfigAsync(moved, &context, [&](const QStringList &r) { restart = r; });
    QTRY_VERIFY_WITH_TIMEOUT(restart.has_value(), 3000);
    QCOMPARE(*restart, QStringList { u"gateway.port"_s });
}

void TestGatewayHost::requestsAndLiveStatsAreForwarded()
{
    QSignalSpy records(m_host.get(), &core::GatewayHost::requestsCompleted);
    QSignalSpy live(m_host.get(), &core::GatewayHost::liveSnapshot);
    const TestResponse response = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model": "fast", "messages": [{"role": "user", "content": "hi"}]})",
        { { "Content-Type", "application/json" } });
    QCOMPARE(response.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(!records.isEmpty(), 3000);
    const auto batch = records.first().first().value<QList<base::RequestRecord>>();
    QCOMPARE(batch.size(), 1);
    QCOMPARE(batch.first().route, u"fast"_s);
    QVERIFY(live.wait(3000));
}

void TestGatewayHost::callbacksOfDeadContextsAreDropped()
{
    bool called = false;
    auto context = std::make_unique<QObject>();
    m_host->healthNow(context.get(), [&](const routing::HealthSnapshot &) { called = true; });
    context.reset(); // gone before the gateway thread answers
    QTest::qWait(300);
    QVERIFY(!called);
}

void TestGatewayHost::testProviderProbesWithTheGatewaysKeys()
{
    std::optional<providers::ProbeResult> result;
    QObject context;
    m_host->testProvider(u"p"_s, 3000, &context, [&](const providers::ProbeResult &r) {
        QCOMPARE(QThread::currentThread(), qApp->thread());
        result = r;
    });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY2(result->ok, qPrintable(result->error));
    QCOMPARE(result->status, 200);
    QVERIFY(result->models >= 0);
}

void TestGatewayHost::testProviderReportsFailures()
{
    std::optional<providers::ProbeResult> result;
    QObject context;
    m_host->testProvider(u"nope"_s, 3000, &context,
                         [&](const providers::ProbeResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!result->ok);
    QVERIFY2(result->error.contains(u"nope"_s), qPrintable(result->error));

    result.reset();
    m_upstream->stopListening();
    m_host->testProvider(u"p"_s, 3000, &context,
                         [&](const providers::ProbeResult &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(!result->ok);
    QCOMPARE(result->status, 0);
    QVERIFY2(result->error.startsWith(u"no answer"_s), qPrintable(result->error));
}

void TestGatewayHost::discoverModelsAsksTheProvider()
{
    using ModelList = std::variant<QStringList, base::ApiError>;
    std::optional<ModelList> result;
    QObject context;
    m_host->discoverModels(u"p"_s, &context, [&](const ModelList &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QVERIFY(std::holds_alternative<QStringList>(*result));
    QVERIFY(!std::get<QStringList>(*result).isEmpty());

    result.reset();
    m_host->discoverModels(u"nope"_s, &context, [&](const ModelList &r) { result = r; });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QCOMPARE(std::get<base::ApiError>(*result).status, 404);
}

QTEST_GUILESS_MAIN(TestGatewayHost)
#include "tst_gateway_host.moc"
