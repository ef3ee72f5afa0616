#include "FakeAnthropic.h"
#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// Metrics, live events, usage accounting and hot reload, over loopback against fake upstreams.
class TestObservability final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void usageIsReadFromEveryFormat_data();
    void usageIsReadFromEveryFormat();
    void metricsCountRequestsTokensAndLatency();
    void metricsPassPromtool();
    void eventStreamCarriesSummariesWithoutPrompts();
    void liveSnapshotsArriveEverySecond();
    void hotReloadKeepsInFlightStreams();
    void vramSaysPlainlyWhenThereIsNoGpu();
    void hotReloadReportsRestartOnlySettings();
    void vramHealthAndGauges();

private:
    QByteArray configJson(const QString &extraRoutes = {}) const;
    QList<base::RequestRecord> waitForRecords(int count);

    std::unique_ptr<FakeOpenAi> m_openai;
    std::unique_ptr<FakeAnthropic> m_anthropic;
    std::unique_ptr<core::GatewayHost> m_host;
    std::unique_ptr<QSignalSpy> m_records;
    quint16 m_port = 0;
};

QByteArray TestObservability::configJson(const QString &extraRoutes) const
{
    return QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [
          {"name": "oa", "kind": "openai", "base_url": "%1/v1", "models": ["gpt-x"]},
          {"name": "an", "kind": "anthropic", "base_url": "%2/v1", "models": ["claude-x"]}],
        "routes": [{"model": "chat", "strategy": "fallback", "targets": ["oa/gpt-x"]}%3]})")
        .arg(QString::fromLatin1(m_openai->baseUrl()), QString::fromLatin1(m_anthropic->baseUrl()),
             extraRoutes)
        .toUtf8();
}

void TestObservability::init()
{
    m_openai = std::make_unique<FakeOpenAi>();
    m_anthropic = std::make_unique<FakeAnthropic>();
    QVERIFY(m_openai->start() != 0);
    QVERIFY(m_anthropic->start() != 0);
    auto config = config::ConfigLoader::parse(configJson());
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    m_records = std::make_unique<QSignalSpy>(m_host.get(), &core::GatewayHost::requestsCompleted);
    auto port = m_host->start(*config);
    QVERIFY(port.ok());
    m_port = *port;
}

void TestObservability::cleanup()
{
    m_records.reset();
    m_host.reset();
    m_openai.reset();
    m_anthropic.reset();
}

QList<base::RequestRecord> TestObservability::waitForRecords(int count)
{
    QList<base::RequestRecord> records;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < 5000) {
        records.clear();
        for (const QList<QVariant> &args : std::as_const(*m_records))
            records += args.at(0).value<QList<base::RequestRecord>>();
        if (records.size() >= count)
            break;
        QTest::qWait(20);
    }
    return records;
}

void TestObservability::usageIsReadFromEveryFormat_data()
{
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<qint64>("in");
    QTest::addColumn<qint64>("out");
    QTest::addColumn<qint64>("cached");

    // FakeOpenAi reports prompt 12 / completion 7; FakeAnthropic input 21 + cache read 100
    // (not part of input_tokens: the record counts every prompt token, so 121).
    const QByteArray chat = R"({"model":"chat","messages":[{"role":"user","content":"hi"}])";
    QTest::newRow("openai buffered")
        << QByteArray("/v1/chat/completions") << chat + "}" << qint64(12) << qint64(7) << qint64(0);
    QTest::newRow("openai stream")
        << QByteArray("/v1/chat/completions") << chat + R"(,"stream":true})" << qint64(12)
        << qint64(7) << qint64(0);
    const QByteArray messages
        = R"({"model":"an/claude-x","max_tokens":50,"messages":[{"role":"user","content":"hi"}])";
    QTest::newRow("anthropic buffered")
        << QByteArray("/v1/messages") << messages + "}" << qint64(121) << qint64(-1) << qint64(100);
    QTest::newRow("anthropic stream")
        << QByteArray("/v1/messages") << messages + R"(,"stream":true})" << qint64(121)
        << qint64(-1) << qint64(100);
    QTest::newRow("anthropic upstream, openai client")
        << QByteArray("/v1/chat/completions")
        << QByteArray(R"({"model":"an/claude-x","messages":[{"role":"user","content":"hi"}]})")
        << qint64(121) << qint64(-1) << qint64(100);
}

void TestObservability::usageIsReadFromEveryFormat()
{
    QFETCH(QByteArray, path);
    QFETCH(QByteArray, body);
    QFETCH(qint64, in);
    QFETCH(qint64, out);
    QFETCH(qint64, cached);
    const auto r = TestClient::request(
        m_port, "POST", path, body,
        { { "Content-Type", "application/json" }, { "anthropic-version", "2023-06-01" } });
    QCOMPARE(r.status, 200);
    const auto records = waitForRecords(1);
    QCOMPARE(records.size(), 1);
    const base::RequestRecord &record = records.first();
    QVERIFY(record.usageKnown);
    QCOMPARE(record.tokensIn, in);
    if (out >= 0)
        QCOMPARE(record.tokensOut, out);
    else
        QVERIFY(record.tokensOut > 0);
    QCOMPARE(record.tokensCached, cached);
    QCOMPARE(record.inboundApi.isEmpty(), false);
}

void TestObservability::metricsCountRequestsTokensAndLatency()
{
    for (int i = 0; i < 3; ++i) {
        const auto r
            = TestClient::request(m_port, "POST", "/v1/chat/completions",
                                  R"({"model":"chat","messages":[{"role":"user","content":"hi"}]})",
                                  { { "Content-Type", "application/json" } });
        QCOMPARE(r.status, 200);
    }
    TestClient::request(m_port, "POST", "/v1/chat/completions",
                        R"({"model":"nope","messages":[{"role":"user","content":"hi"}]})",
                        { { "Content-Type", "application/json" } });
    waitForRecords(3);
    const auto m = TestClient::request(m_port, "GET", "/metrics");
    QCOMPARE(m.status, 200);
    QVERIFY(m.header("content-type").startsWith("text/plain; version=0.0.4"));
    const QByteArray text = m.body;
    QVERIFY2(
        text.contains(
            R"(switchyard_requests_total{endpoint="chat.completions",route="chat",provider="oa",model="gpt-x",status="200"} 3)"),
        text.constData());
    QVERIFY(
        text.contains(R"(switchyard_tokens_total{provider="oa",model="gpt-x",type="input"} 36)"));
    QVERIFY(
        text.contains(R"(switchyard_tokens_total{provider="oa",model="gpt-x",type="output"} 21)"));
    QVERIFY(text.contains(
        R"(switchyard_request_duration_seconds_count{route="chat",provider="oa",model="gpt-x"} 3)"));
    QVERIFY(text.contains(
        R"(switchyard_request_duration_seconds_bucket{route="chat",provider="oa",model="gpt-x",le="+Inf"} 3)"));
    QVERIFY(text.contains("switchyard_in_flight_requests "));
    QVERIFY(text.contains("switchyard_process_resident_memory_bytes "));
    QVERIFY(text.contains("switchyard_log_rows_dropped_total "));
    QVERIFY(text.contains(R"(switchyard_breaker_state{target="oa/gpt-x"} 0)"));
    // The unknown model never becomes a label.
    QVERIFY(!text.contains("nope"));

    // Format: every sample belongs to a family declared before it, names and labels are
    // well-formed, and histogram buckets never decrease.
    static const QRegularExpression sample(
        uR"(^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? (-?[0-9.eE+-]+|NaN|\+Inf|-Inf)$)"_s);
    QSet<QByteArray> declared;
    double lastBucket = -1;
    QByteArray lastSeries;
    for (const QByteArray &line : text.split('\n')) {
        if (line.isEmpty())
            continue;
        if (line.startsWith("# TYPE ")) {
            declared.insert(line.split(' ').at(2));
            continue;
        }
        if (line.startsWith("# HELP "))
            continue;
        const auto match = sample.match(QString::fromUtf8(line));
        QVERIFY2(match.hasMatch(), line.constData());
        QByteArray family = match.captured(1).toUtf8();
        for (const char *suffix : { "_bucket", "_sum", "_count" }) {
            if (family.endsWith(suffix) && !declared.contains(family))
                family.chop(qstrlen(suffix));
        }
        QVERIFY2(declared.contains(family), line.constData());
        if (line.contains("_bucket{")) {
            const QByteArray series = line.left(line.indexOf(",le="));
            const double value = line.mid(line.lastIndexOf(' ') + 1).toDouble();
            if (series == lastSeries)
                QVERIFY2(value >= lastBucket, line.constData());
            lastSeries = series;
            lastBucket = value;
        }
    }
}

void TestObservability::metricsPassPromtool()
{
    const QString promtool = QStandardPaths::findExecutable(u"promtool"_s);
    if (promtool.isEmpty())
        QSKIP("promtool is not installed (Debian package 'prometheus'); the format test above "
              "still checks the exposition format");
    const auto r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":"chat","stream":true,"messages":[{"role":"user","content":"hi"}]})",
        { { "Content-Type", "application/json" } });
    QCOMPARE(r.status, 200);
    waitForRecords(1);
    const auto m = TestClient::request(m_port, "GET", "/metrics");
    QProcess process;
    process.start(promtool, { u"check"_s, u"metrics"_s });
    QVERIFY(process.waitForStarted());
    process.write(m.body);
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30'000));
    const QByteArray output = process.readAllStandardOutput() + process.readAllStandardError();
    QVERIFY2(process.exitCode() == 0, output.constData());
}

void TestObservability::eventStreamCarriesSummariesWithoutPrompts()
{
    TestClient events(m_port);
    QVERIFY(events.connectToServer());
    events.sendRaw("GET /v1/switchyard/events HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray received;
    QTRY_VERIFY_WITH_TIMEOUT(
        (received += events.socket().readAll()).contains(": switchyard events"), 5000);
    QVERIFY(received.contains("text/event-stream"));
    const auto r = TestClient::request(
        m_port, "POST", "/v1/chat/completions",
        R"({"model":"chat","messages":[{"role":"user","content":"my secret prompt"}]})",
        { { "Content-Type", "application/json" } });
    QCOMPARE(r.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT((received += events.socket().readAll()).contains("event: request"),
                             5000);
    const qsizetype at = received.indexOf("event: request\ndata: ");
    QVERIFY(at >= 0);
    const qsizetype start = at + qstrlen("event: request\ndata: ");
    // The chunked framing may split the line; the JSON ends at the first newline.
    const QByteArray data = received.mid(start, received.indexOf('\n', start) - start);
    const QJsonObject event = QJsonDocument::fromJson(data).object();
    QCOMPARE(event.value(u"requested_model"_s).toString(), u"chat"_s);
    QCOMPARE(event.value(u"provider"_s).toString(), u"oa"_s);
    QCOMPARE(event.value(u"status"_s).toInt(), 200);
    QCOMPARE(event.value(u"usage"_s).toObject().value(u"input_tokens"_s).toInt(), 12);
    QVERIFY(!received.contains("my secret prompt"));
    QVERIFY(!received.contains("Hello from the fake upstream"));
}

void TestObservability::liveSnapshotsArriveEverySecond()
{
    QSignalSpy spy(m_host.get(), &core::GatewayHost::liveSnapshot);
    const auto r
        = TestClient::request(m_port, "POST", "/v1/chat/completions",
                              R"({"model":"chat","messages":[{"role":"user","content":"hi"}]})",
                              { { "Content-Type", "application/json" } });
    QCOMPARE(r.status, 200);
    QTRY_VERIFY_WITH_TIMEOUT(spy.size() >= 2, 4000);
    const auto snapshot = spy.last().at(0).value<telemetry::LiveSnapshot>();
    QCOMPARE(snapshot.requestsLastMinute, 1);
    QCOMPARE(snapshot.requestsTotal, 1);
    QVERIFY(snapshot.latencyP50Ms > 0);
    QCOMPARE(snapshot.errorRate, 0.0);
    QCOMPARE(snapshot.tokensLastMinute, 19);
}

void TestObservability::hotReloadKeepsInFlightStreams()
{
    m_openai->fault = FakeOpenAi::Fault::SlowChunks;
    m_openai->chunkDelayMs = 150;
    TestClient streaming(m_port);
    QVERIFY(streaming.connectToServer());
    const QByteArray body
        = R"({"model":"chat","stream":true,"messages":[{"role":"user","content":"hi"}]})";
    streaming.sendRaw("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                      "Content-Type: application/json\r\nContent-Length: "
                      + QByteArray::number(body.size()) + "\r\n\r\n" + body);
    QTRY_VERIFY_WITH_TIMEOUT(streaming.socket().bytesAvailable() > 0, 5000);

    // Replace the config while the stream is in flight: a new route appears and the old
    // route now points at the Anthropic provider.
    auto next = config::ConfigLoader::parse(
        configJson(uR"(, {"model": "fresh", "targets": ["an/claude-x"]})"_s)
            .replace(R"("targets": ["oa/gpt-x"])", R"("targets": ["an/claude-x"])"));
    QVERIFY2(next.ok(), next.ok() ? "" : qPrintable(next.error().message));
    QCOMPARE(m_host->applyConfig(*next), QStringList());

    const TestResponse streamed = streaming.readResponse(15'000);
    QCOMPARE(streamed.status, 200);
    QVERIFY2(streamed.body.contains("data: [DONE]"), streamed.body.constData());

    m_openai->fault = FakeOpenAi::Fault::None;
    const auto fresh
        = TestClient::request(m_port, "POST", "/v1/chat/completions",
                              R"({"model":"fresh","messages":[{"role":"user","content":"hi"}]})",
                              { { "Content-Type", "application/json" } });
    QCOMPARE(fresh.status, 200);
    QCOMPARE(fresh.header("x-switchyard-provider"), QByteArray("an"));
    const auto moved
        = TestClient::request(m_port, "POST", "/v1/chat/completions",
                              R"({"model":"chat","messages":[{"role":"user","content":"hi"}]})",
                              { { "Content-Type", "application/json" } });
    QCOMPARE(moved.status, 200);
    QCOMPARE(moved.header("x-switchyard-provider"), QByteArray("an"));
}

void TestObservability::hotReloadReportsRestartOnlySettings()
{
    auto next = config::ConfigLoader::parse(
        configJson().replace(R"("port": 0)", R"("port": 1, "host": "127.0.0.2")"));
    QVERIFY(next.ok());
    const QStringList restart = m_host->applyConfig(*next);
    QCOMPARE(restart, QStringList({ u"gateway.host"_s, u"gateway.port"_s }));
    // Still serving on the old port.
    QCOMPARE(TestClient::request(m_port, "GET", "/health").status, 200);
}

void TestObservability::vramSaysPlainlyWhenThereIsNoGpu()
{
    if (QFile::exists(u"/dev/nvidia0"_s)
        || !QDir(u"/sys/class/drm"_s).entryList({ u"card*"_s }).isEmpty())
        QSKIP("this machine has a GPU");
    const auto r = TestClient::request(m_port, "GET", "/health/vram");
    QCOMPARE(r.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.value(u"gpu"_s).toString(), u"none"_s);
    QVERIFY(body.value(u"message"_s).toString().startsWith(u"No GPU found"_s));
}

void TestObservability::vramHealthAndGauges()
{
    // A gateway whose VRAM probe loads the fake NVML library (two GPUs).
    m_host.reset();
    qputenv("SWITCHYARD_NVML_LIBRARY", FAKE_NVML_PATH);
    auto config = config::ConfigLoader::parse(configJson().replace(
        R"("health_check": {"interval_ms": 0})",
        R"("health_check": {"interval_ms": 0}, "telemetry": {"vram_interval_ms": 200})"));
    QVERIFY2(config.ok(), config.ok() ? "" : qPrintable(config.error().message));
    m_host = std::make_unique<core::GatewayHost>();
    QSignalSpy samples(m_host.get(), &core::GatewayHost::vramSampled);
    m_port = *m_host->start(*config);
    qunsetenv("SWITCHYARD_NVML_LIBRARY");
    QTRY_VERIFY_WITH_TIMEOUT(samples.size() >= 2, 5000);
    const auto sample = samples.last().at(0).value<telemetry::VramSample>();
    QCOMPARE(sample.gpus.size(), 2);
    const auto r = TestClient::request(m_port, "GET", "/health/vram");
    QCOMPARE(r.status, 200);
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.value(u"gpus"_s).toArray().size(), 2);
    QVERIFY(body.value(u"gpus"_s).toArray().at(0).toObject().value(u"total_bytes"_s).toDouble()
            > 0);
    const auto m = TestClient::request(m_port, "GET", "/metrics");
    QVERIFY2(m.body.contains("switchyard_gpu_memory_total_bytes{gpu=\"0\""), m.body.constData());
}

QTEST_GUILESS_MAIN(TestObservability)
#include "tst_observability.moc"
