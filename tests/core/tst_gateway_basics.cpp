#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/GatewayHost.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTcpServer>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// The gateway in its own thread, over loopback: health, errors, lifecycle.
class TestGatewayBasics final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void healthReportsStatus();
    void headRootIsOk();
    void unknownPathIsOpenAiError();
    void wrongMethodIs405();
    void requestIdIsEchoedOrGenerated();
    void portInUseIsAClearError();
    void stopAndRestart();

private:
    std::unique_ptr<core::GatewayHost> m_host;
    quint16 m_port = 0;
};

void TestGatewayBasics::initTestCase()
{
    auto config = config::ConfigLoader::parse(
        R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "a", "kind": "openai", "base_url": "http://127.0.0.1:9/v1", "models": ["m"]}]})");
    QVERIFY(config.ok());
    m_host = std::make_unique<core::GatewayHost>();
    auto port = m_host->start(*config);
    QVERIFY2(port.ok(), port.ok() ? "" : qPrintable(port.error().message));
    m_port = *port;
    QVERIFY(m_port != 0);
}

void TestGatewayBasics::cleanupTestCase()
{
    m_host.reset();
}

void TestGatewayBasics::healthReportsStatus()
{
    const auto r = TestClient::request(m_port, "GET", "/health");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    const QJsonObject body = QJsonDocument::fromJson(r.body).object();
    QCOMPARE(body.value(u"status"_s).toString(), u"ok"_s);
    QCOMPARE(body.value(u"version"_s).toString(), QStringLiteral(SWITCHYARD_VERSION));
    QVERIFY(body.value(u"uptime_s"_s).isDouble());
    QCOMPARE(body.value(u"providers"_s).toInt(), 1);
}

void TestGatewayBasics::headRootIsOk()
{
    const auto r = TestClient::raw(m_port, "HEAD / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(r.status, 200);
    QVERIFY(r.body.isEmpty());
}

void TestGatewayBasics::unknownPathIsOpenAiError()
{
    const auto r = TestClient::request(m_port, "GET", "/v1/nothing-here");
    QCOMPARE(r.status, 404);
    const QJsonObject error = QJsonDocument::fromJson(r.body).object().value(u"error"_s).toObject();
    QVERIFY(error.value(u"message"_s).toString().contains(u"/v1/nothing-here"_s));
    QCOMPARE(error.value(u"type"_s).toString(), u"invalid_request_error"_s);
    QVERIFY(error.contains(u"param"_s));
    QVERIFY(error.contains(u"code"_s));
    QCOMPARE(error.value(u"code"_s).toString(), u"not_found"_s);
}

void TestGatewayBasics::wrongMethodIs405()
{
    const auto r = TestClient::request(m_port, "POST", "/health", "{}");
    QCOMPARE(r.status, 405);
    QCOMPARE(r.header("allow"), QByteArray("GET"));
    QCOMPARE(QJsonDocument::fromJson(r.body)
                 .object()
                 .value(u"error"_s)
                 .toObject()
                 .value(u"code"_s)
                 .toString(),
             u"method_not_allowed"_s);
}

void TestGatewayBasics::requestIdIsEchoedOrGenerated()
{
    auto r = TestClient::request(m_port, "GET", "/health", {}, { { "X-Request-Id", "abc-123" } });
    QCOMPARE(r.header("x-request-id"), QByteArray("abc-123"));
    r = TestClient::request(m_port, "GET", "/health", {}, { { "X-Request-Id", "<script>" } });
    QVERIFY(r.header("x-request-id").startsWith("req_"));
    r = TestClient::request(m_port, "GET", "/nowhere");
    QVERIFY(r.header("x-request-id").startsWith("req_"));
}

void TestGatewayBasics::portInUseIsAClearError()
{
    auto config = config::ConfigLoader::parse("{}");
    QVERIFY(config.ok());
    config->gateway.port = m_port;
    core::GatewayHost second;
    auto port = second.start(*config);
    QVERIFY(!port.ok());
    QCOMPARE(port.error().code, ErrorCode::AddressInUse);
    QVERIFY2(port.error().message.contains(QString::number(m_port)),
             qPrintable(port.error().message));
    QVERIFY(port.error().message.contains(u"--port"_s));
    QVERIFY(!second.isRunning());
}

void TestGatewayBasics::stopAndRestart()
{
    m_host->stop();
    QVERIFY(!m_host->isRunning());
    QCOMPARE(TestClient::request(m_port, "GET", "/health", {}, {}, 1000).status, 0);
    auto config = config::ConfigLoader::parse(R"({"gateway": {"port": 0}})");
    auto port = m_host->start(*config);
    QVERIFY(port.ok());
    m_port = *port;
    QCOMPARE(TestClient::request(m_port, "GET", "/health").status, 200);
}

QTEST_GUILESS_MAIN(TestGatewayBasics)
#include "tst_gateway_basics.moc"
