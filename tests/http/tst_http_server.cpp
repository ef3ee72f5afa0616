#include "TestClient.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// The HTTP layer on its own: limits, timeouts, framing and shutdown, over real sockets.
class TestHttpServer final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();

    void answersSimpleRequest();
    void keepAliveReusesConnection();
    void connectionCloseIsHonoured();
    void http10GetsClosedConnection();
    void headTooLargeGets431();
    void bodyTooLargeGets413BeforeBody();
    void expectContinueIsAnswered();
    void malformedRequests_data();
    void malformedRequests();
    void slowHeadTimesOut();
    void slowBodyTimesOut();
    void idleKeepAliveIsClosed();
    void connectionCapRefusesExtra();
    void streamsChunkedEvents();
    void disconnectIsReportedAndNeverWritten();
    void shutdownWaitsForInFlight();

private:
    void startServer(const config::HttpLimits &limits = {});

    std::unique_ptr<http::HttpServer> m_server;
    quint16 m_port = 0;
    int m_delayMs = 0;
    int m_disconnects = 0;
    bool m_stream = false;
};

void TestHttpServer::init()
{
    m_delayMs = 0;
    m_disconnects = 0;
    m_stream = false;
    startServer();
}

void TestHttpServer::cleanup()
{
    m_server.reset();
}

void TestHttpServer::startServer(const config::HttpLimits &limits)
{
    m_server.reset();
    m_server = std::make_unique<http::HttpServer>(limits, [this](http::HttpExchange *exchange) {
        QPointer<http::HttpExchange> e(exchange);
        connect(exchange, &http::HttpExchange::clientDisconnected, this,
                [this] { ++m_disconnects; });
        const QByteArray body = "{\"path\":\"" + exchange->request().path
            + "\",\"size\":" + QByteArray::number(exchange->request().body.size()) + "}";
        if (m_stream) {
            exchange->beginStream(200, { { "Content-Type", "text/event-stream" } });
            for (int i = 0; i < 3; ++i) {
                QTimer::singleShot(20 * (i + 1), this, [e, i] {
                    if (e)
                        e->writeChunk("data: " + QByteArray::number(i) + "\n\n");
                });
            }
            QTimer::singleShot(100, this, [e] {
                if (e)
                    e->endStream();
            });
            return;
        }
        if (m_delayMs == 0) {
            exchange->respond(200, body, { { "Content-Type", "application/json" } });
            return;
        }
        QTimer::singleShot(m_delayMs, this, [e, body] {
            if (e)
                e->respond(200, body, { { "Content-Type", "application/json" } });
        });
    });
    auto port = m_server->listen(QHostAddress::LocalHost, 0);
    QVERIFY(port.ok());
    m_port = *port;
}

void TestHttpServer::answersSimpleRequest()
{
    const auto r = TestClient::request(m_port, "POST", "/v1/x?y=1", "{\"a\":1}");
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{\"path\":\"/v1/x\",\"size\":7}"));
    QCOMPARE(r.header("content-length"), QByteArray("25"));
}

void TestHttpServer::keepAliveReusesConnection()
{
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    for (int i = 0; i < 3; ++i) {
        client.sendRaw("GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QCOMPARE(client.readResponse().status, 200);
    }
    QCOMPARE(m_server->openConnections(), 1);
}

void TestHttpServer::connectionCloseIsHonoured()
{
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
    const auto r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("connection"), QByteArray("close"));
    QVERIFY(client.waitForClose());
}

void TestHttpServer::http10GetsClosedConnection()
{
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("GET /a HTTP/1.0\r\n\r\n");
    QCOMPARE(client.readResponse().status, 200);
    QVERIFY(client.waitForClose());
}

void TestHttpServer::headTooLargeGets431()
{
    const QByteArray big(70 * 1024, 'a');
    const auto r = TestClient::raw(
        m_port, "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + big + "\r\n\r\n");
    QCOMPARE(r.status, 431);
    QVERIFY(QJsonDocument::fromJson(r.body).object().contains(u"error"_s));
}

void TestHttpServer::bodyTooLargeGets413BeforeBody()
{
    config::HttpLimits limits;
    limits.maxBodyBytes = 1024;
    startServer(limits);
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    // Only the head is sent: the answer must come without waiting for the body.
    client.sendRaw(
        "POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5000\r\n\r\n");
    const auto r = client.readResponse(3000);
    QCOMPARE(r.status, 413);
    QVERIFY(r.body.contains("exceeds the limit of 1024 bytes"));
    QVERIFY(client.waitForClose());
}

void TestHttpServer::expectContinueIsAnswered()
{
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("POST /up HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nExpect: "
                   "100-continue\r\n\r\n");
    QTRY_VERIFY_WITH_TIMEOUT(
        (client.socket().waitForReadyRead(5), client.socket().bytesAvailable() > 0), 3000);
    QCOMPARE(client.socket().peek(25), QByteArray("HTTP/1.1 100 Continue\r\n\r\n"));
    client.sendRaw("abcd");
    const auto r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{\"path\":\"/up\",\"size\":4}"));
}

void TestHttpServer::malformedRequests_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<int>("status");
    QTest::newRow("garbage") << QByteArray("HELLO\r\n\r\n") << 400;
    QTest::newRow("no version") << QByteArray("GET /\r\n\r\n") << 400;
    QTest::newRow("http 9.9") << QByteArray("GET / HTTP/9.9\r\nHost: 127.0.0.1\r\n\r\n") << 505;
    QTest::newRow("http 2.0 text")
        << QByteArray("GET / HTTP/2.0\r\nHost: 127.0.0.1\r\n\r\n") << 505;
    QTest::newRow("missing host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::newRow("bad content-length")
        << QByteArray("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 12a\r\n\r\n") << 400;
    QTest::newRow("conflicting content-length") << QByteArray(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 3\r\nContent-Length: 4\r\n\r\nabcd")
                                                << 400;
    QTest::newRow("chunked body") << QByteArray(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: "
        "chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
                                  << 411;
    QTest::newRow("cl and te (smuggling)") << QByteArray(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 4\r\nTransfer-Encoding: "
        "chunked\r\n\r\n0\r\n\r\n") << 400;
    QTest::newRow("obs-fold") << QByteArray(
        "GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nX-A: a\r\n b\r\n\r\n")
                              << 400;
    QTest::newRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : x\r\n\r\n") << 400;
    QTest::newRow("bare LF in header")
        << QByteArray("GET / HTTP/1.1\r\nHost: x\nX-Evil: 1\r\n\r\n") << 400;
    QTest::newRow("unsupported expect") << QByteArray(
        "POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: magic\r\nContent-Length: 0\r\n\r\n")
                                        << 417;
}

void TestHttpServer::malformedRequests()
{
    QFETCH(QByteArray, raw);
    QFETCH(int, status);
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw(raw);
    const auto r = client.readResponse(3000);
    QCOMPARE(r.status, status);
    QVERIFY(client.waitForClose());
    // The server is still fine.
    QCOMPARE(TestClient::request(m_port, "GET", "/ok").status, 200);
}

void TestHttpServer::slowHeadTimesOut()
{
    config::HttpLimits limits;
    limits.headTimeoutMs = 300;
    startServer(limits);
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("GET / HTTP/1.1\r\nHo");
    spin(150);
    client.sendRaw("st: x\r\nX-Slow: 1\r\n"); // still incomplete; must not extend the deadline
    const auto r = client.readResponse(3000);
    QCOMPARE(r.status, 408);
    QVERIFY(client.waitForClose());
}

void TestHttpServer::slowBodyTimesOut()
{
    config::HttpLimits limits;
    limits.bodyTimeoutMs = 300;
    startServer(limits);
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 10\r\n\r\nabc");
    const auto r = client.readResponse(3000);
    QCOMPARE(r.status, 408);
    QVERIFY(client.waitForClose());
}

void TestHttpServer::idleKeepAliveIsClosed()
{
    config::HttpLimits limits;
    limits.idleTimeoutMs = 300;
    startServer(limits);
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(client.readResponse().status, 200);
    QVERIFY(client.waitForClose(3000));
}

void TestHttpServer::connectionCapRefusesExtra()
{
    config::HttpLimits limits;
    limits.maxConnections = 2;
    startServer(limits);
    TestClient a(m_port), b(m_port), c(m_port);
    QVERIFY(a.connectToServer());
    QVERIFY(b.connectToServer());
    QTRY_COMPARE(m_server->openConnections(), 2);
    c.socket().connectToHost(QHostAddress::LocalHost, m_port); // accepted, answered, closed
    const auto r = c.readResponse(3000);
    QCOMPARE(r.status, 503);
    a.sendRaw("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(a.readResponse().status, 200);
}

void TestHttpServer::streamsChunkedEvents()
{
    m_stream = true;
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("GET /s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    const auto r = client.readResponse();
    QCOMPARE(r.status, 200);
    QVERIFY(r.chunked);
    QCOMPARE(r.body, QByteArray("data: 0\n\ndata: 1\n\ndata: 2\n\n"));
    QVERIFY(r.raw.endsWith("9\r\ndata: 2\n\n\r\n0\r\n\r\n"));
    // The connection is reusable after the terminating chunk.
    m_stream = false;
    client.sendRaw("GET /after HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QCOMPARE(client.readResponse().status, 200);
}

void TestHttpServer::disconnectIsReportedAndNeverWritten()
{
    m_delayMs = 200;
    {
        TestClient client(m_port);
        QVERIFY(client.connectToServer());
        client.sendRaw("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        QTRY_COMPARE(m_server->inFlight(), 1);
        client.socket().abort();
    }
    QTRY_COMPARE(m_disconnects, 1);
    QTRY_COMPARE(m_server->inFlight(), 0);
    spin(300); // the delayed respond() must find the exchange gone, not a dead socket
    QCOMPARE(TestClient::request(m_port, "GET", "/ok").status, 200);
}

void TestHttpServer::shutdownWaitsForInFlight()
{
    m_delayMs = 300;
    TestClient client(m_port);
    QVERIFY(client.connectToServer());
    client.sendRaw("GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QTRY_COMPARE(m_server->inFlight(), 1);

    QSignalSpy drained(m_server.get(), &http::HttpServer::drained);
    m_server->stopAccepting();
    QCOMPARE(drained.size(), 0);

    TestClient late(m_port);
    QVERIFY(!late.connectToServer(1000)); // no longer accepting

    const auto r = client.readResponse();
    QCOMPARE(r.status, 200);
    QCOMPARE(r.body, QByteArray("{\"path\":\"/slow\",\"size\":0}"));
    QTRY_COMPARE(drained.size(), 1);
    QVERIFY(client.waitForClose()); // no keep-alive past shutdown
}

QTEST_GUILESS_MAIN(TestHttpServer)
#include "tst_http_server.moc"
