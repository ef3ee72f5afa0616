#include "FakeHttpServer.h"
#include "TestClient.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSslConfiguration>
#include <QSslKey>
#include <QSslServer>
#include <QSslSocket>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

#include <memory>
#include <vector>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;
using namespace switchyard::upstream;

namespace {

// Everything one transfer emitted, in order. Also the context object of its connections.
class Recorder final : public QObject
{
public:
    explicit Recorder(UpstreamTransfer *transfer) : m_transfer(transfer)
    {
        connect(transfer, &UpstreamTransfer::responseStarted, this,
                [this](int status, const base::HeaderList &headers) {
                    events << u"started"_s;
                    this->status = status;
                    this->headers = headers;
                });
        connect(transfer, &UpstreamTransfer::dataReceived, this, [this](const QByteArray &data) {
            events << u"data"_s;
            chunks << data;
            body += data;
        });
        connect(transfer, &UpstreamTransfer::finished, this,
                [this](TransferError error, const QString &message) {
                    events << u"finished"_s;
                    ++finishedCount;
                    this->error = error;
                    this->message = message;
                    // The transfer deletes itself soon after: snapshot its accessors now.
                    finalStatus = m_transfer->status();
                    finalBytes = m_transfer->bytesReceived();
                    finalTimeToHeadersMs = m_transfer->timeToHeadersMs();
                    finishedFlag = m_transfer->isFinished();
                });
    }

    [[nodiscard]] bool waitFinished(int timeoutMs = 5000)
    {
        return QTest::qWaitFor([this] { return finishedCount > 0; }, timeoutMs);
    }
    QByteArray header(QByteArrayView name) const { return base::headerValue(headers, name); }

    QPointer<UpstreamTransfer> m_transfer;
    QStringList events;
    int status = 0;
    base::HeaderList headers;
    QList<QByteArray> chunks;
    QByteArray body;
    int finishedCount = 0;
    TransferError error = TransferError::None;
    QString message;
    int finalStatus = 0;
    qint64 finalBytes = 0;
    qint64 finalTimeToHeadersMs = -1;
    bool finishedFlag = false;
};

const QStringList kComplete = { u"started"_s, u"data"_s, u"finished"_s };

// Self-signed (CN and SAN 127.0.0.1, valid for 100 years): no CA store trusts it.
const char kSelfSignedCert[] = "-----BEGIN CERTIFICATE-----\n"
                               "MIIBjzCCATagAwIBAgIUBFTY5GDKTsdYTh8lBPP6ojpzB/8wCgYIKoZIzj0EAwIw\n"
                               "FDESMBAGA1UEAwwJMTI3LjAuMC4xMCAXDTI2MTEyMzEzNTcxN1oYDzIxMjYxMDMw\n"
                               "MTM1NzE3WjAUMRIwEAYDVQQDDAkxMjcuMC4wLjEwWTATBgcqhkjOPQIBBggqhkjO\n"
                               "PQMBBwNCAAR1mG8SfZszr0iPjiGfLeFStdRU/Sh1SsLFmzpUAGVX6OihRP+JuR+y\n"
                               "UUZupVGHSBCal0nNfAkWdzYxdQAonW8Ho2QwYjAdBgNVHQ4EFgQUqNDxQtPb00OH\n"
                               "yXcdYVI6V+XAx1swHwYDVR0jBBgwFoAUqNDxQtPb00OHyXcdYVI6V+XAx1swDwYD\n"
                               "VR0TAQH/BAUwAwEB/zAPBgNVHREECDAGhwR/AAABMAoGCCqGSM49BAMCA0cAMEQC\n"
                               "IBVtWv5BWkLRrV5lurMi8HO4cg2FOh8NKRoo0O2rA/YhAiBT1biTYy0mtIrG4Do7\n"
                               "3ZA3Us9MFqIXlnTbwtb7dJyubA==\n"
                               "-----END CERTIFICATE-----\n";
const char kSelfSignedKey[] = "-----BEGIN PRIVATE KEY-----\n"
                              "MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgyrqcJvV8BIXkjJJh\n"
                              "uDKQOSg2WTc75NowJ9sTHRSP83+hRANCAAR1mG8SfZszr0iPjiGfLeFStdRU/Sh1\n"
                              "SsLFmzpUAGVX6OihRP+JuR+yUUZupVGHSBCal0nNfAkWdzYxdQAonW8H\n"
                              "-----END PRIVATE KEY-----\n";

} // namespace

// The libcurl multi driver against a scriptable loopback upstream, all in the test thread.
class TestUpstreamClient final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void getReachesUpstream();
    void postSendsHeadersAndBodyByteForByte();
    void postsLargeBodyWithoutExpect();
    void methods_data();
    void methods();
    void statusHeadersAndBody_data();
    void statusHeadersAndBody();
    void emptyBodyStillStartsResponse();
    void interimResponsesAreSkipped();
    void chunksArriveOneByOne();
    void connectRefused();
    void connectTimeout();
    void firstByteTimeout();
    void streamIdleTimeout();
    void totalTimeout();
    void garbageResponse();
    void untrustedCertificateIsRejected();
    void dropMidStream();
    void cancelMidStream();
    void cancelFromDataSlot();
    void slotsMayCancelAndDeleteOthers();
    void invalidHeaderFailsAfterStartReturns();
    void reusesConnection();
    void concurrentTransfers();
    void destroyingClientCancelsTransfers();
    void destroyingClientFromSlot();
    void proxyFromEnvironment();
    void errorNames();

private:
    UpstreamRequestSpec spec(const QByteArray &method, const QByteArray &path,
                             const QByteArray &body = {}) const;

    std::unique_ptr<FakeHttpServer> m_server;
    std::unique_ptr<UpstreamClient> m_client;
};

namespace {
const char *const kProxyVariables[] = { "http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY",
                                        "all_proxy",  "ALL_PROXY",   "no_proxy",   "NO_PROXY" };
}

void TestUpstreamClient::initTestCase()
{
    // libcurl honours http_proxy / HTTPS_PROXY / NO_PROXY (we never set CURLOPT_PROXY):
    // a developer's proxy would otherwise capture the loopback traffic of these tests.
    for (const char *name : kProxyVariables)
        qunsetenv(name);
}

void TestUpstreamClient::init()
{
    m_server = std::make_unique<FakeHttpServer>();
    // 200 connections arrive in one burst; the default backlog (50) would drop SYNs.
    m_server->setListenBacklogSize(512);
    QVERIFY(m_server->start() != 0);
    m_client = std::make_unique<UpstreamClient>();
}

void TestUpstreamClient::cleanup()
{
    m_client.reset();
    m_server.reset();
    qunsetenv("http_proxy");
}

UpstreamRequestSpec TestUpstreamClient::spec(const QByteArray &method, const QByteArray &path,
                                             const QByteArray &body) const
{
    UpstreamRequestSpec s;
    s.method = method;
    const QByteArray url = m_server->baseUrl() + path;
    s.url = QUrl(QString::fromLatin1(url));
    s.body = body;
    return s;
}

void TestUpstreamClient::getReachesUpstream()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->send(200, "{\"data\":[]}", { { "Content-Type", "application/json" } });
    });
    UpstreamRequestSpec s = spec("GET", "/v1/models?limit=2");
    s.headers = { { "Authorization", "Bearer sk-test" } };
    Recorder r(m_client->start(std::move(s)));
    QCOMPARE(m_client->activeTransfers(), 1);
    QVERIFY(r.waitFinished());

    QCOMPARE(r.events, kComplete);
    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(r.status, 200);
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.body, QByteArray("{\"data\":[]}"));
    QCOMPARE(m_client->activeTransfers(), 0);

    QCOMPARE(m_server->requests().size(), 1);
    const FakeRequest &request = m_server->requests().first();
    QVERIFY(request.raw.startsWith("GET /v1/models?limit=2 HTTP/1.1\r\n"));
    QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-test"));
    QVERIFY(!request.raw.contains("Expect:"));
    QVERIFY(request.body.isEmpty());
    // The transfer deletes itself after finished().
    QTRY_VERIFY(r.m_transfer.isNull());
}

void TestUpstreamClient::postSendsHeadersAndBodyByteForByte()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) { reply->sendJson(200, "{}"); });
    const QByteArray body = R"({"model":"m","messages":[{"role":"user","content":"hé \u00e9"}]})";
    UpstreamRequestSpec s = spec("POST", "/v1/chat/completions", body);
    s.headers = { { "Authorization", "Bearer sk-secret" },
                  { "Content-Type", "application/json" },
                  { "X-Trace", "a b;c=d" },
                  { "X-Empty", "" },
                  // Framing is libcurl's: neither of these may reach the upstream.
                  { "Content-Length", "999" },
                  { "Connection", "close" } };
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished());
    QCOMPARE(r.error, TransferError::None);

    QCOMPARE(m_server->requests().size(), 1);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(request.body, body);
    QVERIFY(request.raw.contains("\r\nAuthorization: Bearer sk-secret\r\n"));
    QVERIFY(request.raw.contains("\r\nContent-Type: application/json\r\n"));
    QVERIFY(request.raw.contains("\r\nX-Trace: a b;c=d\r\n"));
    QVERIFY(request.raw.contains("\r\nX-Empty:"));
    QCOMPARE(request.header("content-length"), QByteArray::number(body.size()));
    // Exactly one Content-Length, libcurl's (checked above); not a substring test, which the
    // random port in "Host: 127.0.0.1:39991" could match.
    const QByteArray head = request.raw.left(request.raw.indexOf("\r\n\r\n") + 2).toLower();
    QCOMPARE(head.count("\r\ncontent-length:"), 1);
    QVERIFY(!request.raw.contains("Connection: close"));
    QVERIFY(!request.raw.contains("Expect:"));
    // Nothing the caller did not ask for (libcurl would add Accept: */*).
    QVERIFY(!request.raw.contains("Accept:"));
    QVERIFY(!request.raw.contains("Accept-Encoding:"));
}

void TestUpstreamClient::postsLargeBodyWithoutExpect()
{
    m_server->setHandler([](const FakeRequest &request, FakeReply *reply) {
        reply->sendJson(200, "{\"size\":" + QByteArray::number(request.body.size()) + '}');
    });
    QByteArray body(2 * 1024 * 1024, Qt::Uninitialized);
    for (qsizetype i = 0; i < body.size(); ++i)
        body[i] = char('a' + (i * 7) % 26);
    UpstreamRequestSpec s = spec("POST", "/v1/embeddings", body);
    s.headers = { { "Content-Type", "application/octet-stream" } };
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished(10000));
    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(r.body, QByteArray("{\"size\":2097152}"));
    const FakeRequest &request = m_server->requests().first();
    QVERIFY(request.body == body);
    QVERIFY(!request.raw.contains("Expect:"));
    QVERIFY(!request.raw.contains("100-continue"));
}

void TestUpstreamClient::methods_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("contentLength");

    QTest::newRow("GET") << QByteArray("GET") << QByteArray() << QByteArray();
    QTest::newRow("DELETE") << QByteArray("DELETE") << QByteArray() << QByteArray();
    QTest::newRow("PUT") << QByteArray("PUT") << QByteArray("{\"a\":1}") << QByteArray("7");
    QTest::newRow("PATCH") << QByteArray("PATCH") << QByteArray("{}") << QByteArray("2");
    QTest::newRow("empty POST") << QByteArray("POST") << QByteArray() << QByteArray("0");
}

void TestUpstreamClient::methods()
{
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, contentLength);

    Recorder r(m_client->start(spec(method, "/resource/1", body)));
    QVERIFY(r.waitFinished());
    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(r.status, 200);
    const FakeRequest &request = m_server->requests().first();
    QCOMPARE(request.method, method);
    QCOMPARE(request.body, body);
    QCOMPARE(request.header("content-length"), contentLength);
}

void TestUpstreamClient::statusHeadersAndBody_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("retryAfter");

    QTest::newRow("200") << 200 << QByteArray(R"({"id":"x","choices":[]})") << QByteArray();
    QTest::newRow("500") << 500 << QByteArray(R"({"error":{"message":"boom"}})") << QByteArray();
    QTest::newRow("429") << 429 << QByteArray(R"({"error":{"type":"rate_limit"}})")
                         << QByteArray("7");
}

void TestUpstreamClient::statusHeadersAndBody()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, retryAfter);

    m_server->setHandler([&](const FakeRequest &, FakeReply *reply) {
        Headers headers = { { "Content-Type", "application/json" }, { "X-Request-Id", "req-1" } };
        if (!retryAfter.isEmpty())
            headers.append({ "Retry-After", retryAfter });
        reply->send(status, body, headers);
    });
    Recorder r(m_client->start(spec("POST", "/v1/chat/completions", "{}")));
    QVERIFY(r.waitFinished());
    // An HTTP error status is a complete response, not a transfer error.
    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(r.events, kComplete);
    QCOMPARE(r.status, status);
    QCOMPARE(r.finalStatus, status);
    QCOMPARE(r.header("content-type"), QByteArray("application/json"));
    QCOMPARE(r.header("x-request-id"), QByteArray("req-1"));
    QCOMPARE(r.header("retry-after"), retryAfter);
    QCOMPARE(r.header("content-length"), QByteArray::number(body.size()));
    QCOMPARE(r.body, body);
    QCOMPARE(r.finalBytes, body.size());
    QVERIFY(r.finalTimeToHeadersMs >= 0);
    QVERIFY(r.finishedFlag);
}

void TestUpstreamClient::emptyBodyStillStartsResponse()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) { reply->send(200, {}); });
    Recorder r(m_client->start(spec("GET", "/empty")));
    QVERIFY(r.waitFinished());
    QCOMPARE(r.events, QStringList({ u"started"_s, u"finished"_s }));
    QCOMPARE(r.status, 200);
    QCOMPARE(r.error, TransferError::None);
}

void TestUpstreamClient::interimResponsesAreSkipped()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->sendRaw("HTTP/1.1 100 Continue\r\n\r\n"
                       "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                       "HTTP/1.1 201 Created\r\nContent-Length: 2\r\nX-Final: yes\r\n\r\nok");
    });
    Recorder r(m_client->start(spec("POST", "/v1/files", "x")));
    QVERIFY(r.waitFinished());
    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(r.events, kComplete);
    QCOMPARE(r.status, 201);
    QCOMPARE(r.headers.size(), 2);
    QCOMPARE(r.header("x-final"), QByteArray("yes"));
    QVERIFY(r.header("link").isEmpty());
    QCOMPARE(r.body, QByteArray("ok"));
}

void TestUpstreamClient::chunksArriveOneByOne()
{
    int sent = 0;
    m_server->setHandler([&sent](const FakeRequest &, FakeReply *reply) {
        reply->beginChunked(200, { { "Content-Type", "text/event-stream" } });
        reply->chunk("data: one\n\n");
        sent = 1;
        QTimer::singleShot(50, reply, [&sent, reply] {
            reply->chunk("data: two\n\n");
            sent = 2;
        });
        QTimer::singleShot(100, reply, [&sent, reply] {
            reply->chunk("data: three\n\n");
            sent = 3;
        });
        QTimer::singleShot(150, reply, [reply] { reply->endChunked(); });
    });
    UpstreamTransfer *transfer = m_client->start(spec("POST", "/v1/chat/completions", "{}"));
    Recorder r(transfer);
    QList<int> sentWhenReceived;
    connect(transfer, &UpstreamTransfer::dataReceived, this,
            [&](const QByteArray &) { sentWhenReceived << sent; });
    QVERIFY(r.waitFinished());

    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(r.header("content-type"), QByteArray("text/event-stream"));
    QCOMPARE(r.chunks, QList<QByteArray>({ "data: one\n\n", "data: two\n\n", "data: three\n\n" }));
    // Each chunk was delivered before the fake wrote the next one: nothing is buffered.
    QCOMPARE(sentWhenReceived, QList<int>({ 1, 2, 3 }));
    QCOMPARE(r.events.first(), u"started"_s);
    QCOMPARE(r.events.last(), u"finished"_s);
}

void TestUpstreamClient::connectRefused()
{
    QTcpServer closed;
    QVERIFY(closed.listen(QHostAddress::LocalHost, 0));
    const quint16 port = closed.serverPort();
    closed.close();

    UpstreamRequestSpec s;
    s.url = QUrl(u"http://127.0.0.1:%1/v1/models"_s.arg(port));
    s.headers = { { "Authorization", "Bearer sk-must-not-leak" } };
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished());
    QCOMPARE(r.events, QStringList({ u"finished"_s }));
    QCOMPARE(r.error, TransferError::ConnectFailed);
    QVERIFY(!r.message.isEmpty());
    QVERIFY2(!r.message.contains(u"sk-must-not-leak"_s), qPrintable(r.message));
}

void TestUpstreamClient::connectTimeout()
{
    // A listener that never accepts, with its backlog filled: the kernel drops our SYN and
    // the TCP handshake never completes.
    QTcpServer full;
    full.setListenBacklogSize(0);
    QVERIFY(full.listen(QHostAddress::LocalHost, 0));
    full.pauseAccepting();
    QTcpSocket filler;
    filler.connectToHost(QHostAddress::LocalHost, full.serverPort());
    QVERIFY(filler.waitForConnected(1000));

    UpstreamRequestSpec s;
    s.url = QUrl(u"http://127.0.0.1:%1/v1/models"_s.arg(full.serverPort()));
    s.timeouts.connectMs = 300;
    s.timeouts.firstByteMs = 3000;
    QElapsedTimer clock;
    clock.start();
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished(5000));
    if (r.error == TransferError::FirstByteTimeout)
        QSKIP("this kernel completed the handshake despite the full backlog");
    QCOMPARE(r.error, TransferError::ConnectTimeout);
    QCOMPARE(r.events, QStringList({ u"finished"_s }));
    QVERIFY2(clock.elapsed() >= 250 && clock.elapsed() < 1500,
             qPrintable(QString::number(clock.elapsed())));
}

void TestUpstreamClient::firstByteTimeout()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *) { /* never answers */ });
    UpstreamRequestSpec s = spec("POST", "/v1/chat/completions", "{}");
    s.timeouts.firstByteMs = 200;
    QElapsedTimer clock;
    clock.start();
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished(3000));
    QCOMPARE(r.error, TransferError::FirstByteTimeout);
    QCOMPARE(r.events, QStringList({ u"finished"_s }));
    QVERIFY2(clock.elapsed() >= 150 && clock.elapsed() < 1000,
             qPrintable(QString::number(clock.elapsed())));
    // The stuck connection is abandoned, not left for the next request.
    QTRY_COMPARE(m_server->clientAborts(), 1);
}

void TestUpstreamClient::streamIdleTimeout()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->beginChunked(200);
        reply->chunk("hello");
    });
    UpstreamRequestSpec s = spec("POST", "/v1/chat/completions", "{}");
    s.timeouts.streamIdleMs = 200;
    QElapsedTimer clock;
    clock.start();
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished(3000));
    QCOMPARE(r.events, kComplete);
    QCOMPARE(r.body, QByteArray("hello"));
    QCOMPARE(r.error, TransferError::StreamIdleTimeout);
    QVERIFY2(clock.elapsed() >= 150 && clock.elapsed() < 1000,
             qPrintable(QString::number(clock.elapsed())));
}

void TestUpstreamClient::totalTimeout()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->beginChunked(200);
        // Keeps trickling, so only the total limit can end it.
        auto *trickle = new QTimer(reply);
        connect(trickle, &QTimer::timeout, reply, [reply] { reply->chunk("."); });
        trickle->start(40);
    });
    UpstreamRequestSpec s = spec("POST", "/v1/chat/completions", "{}");
    s.timeouts.totalMs = 400;
    s.timeouts.streamIdleMs = 300;
    QElapsedTimer clock;
    clock.start();
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished(3000));
    QCOMPARE(r.error, TransferError::TotalTimeout);
    QVERIFY(r.body.size() >= 2);
    QCOMPARE(r.events.first(), u"started"_s);
    QCOMPARE(r.events.last(), u"finished"_s);
    QVERIFY2(clock.elapsed() >= 350 && clock.elapsed() < 1500,
             qPrintable(QString::number(clock.elapsed())));
}

void TestUpstreamClient::garbageResponse()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->sendRaw("HELLO\r\n\r\n");
        reply->close();
    });
    Recorder r(m_client->start(spec("GET", "/v1/models")));
    QVERIFY(r.waitFinished());
    // libcurl refuses a reply without a status line (HTTP/0.9 is off): Protocol, not Dropped.
    QCOMPARE(r.error, TransferError::Protocol);
    QCOMPARE(r.events, QStringList({ u"finished"_s }));
    QVERIFY(!r.message.isEmpty());
}

void TestUpstreamClient::untrustedCertificateIsRejected()
{
    if (!QSslSocket::supportsSsl())
        QSKIP("no TLS backend for the fake server");
    QSslServer tls;
    QSslConfiguration config = QSslConfiguration::defaultConfiguration();
    config.setLocalCertificate(QSslCertificate(QByteArray(kSelfSignedCert)));
    config.setPrivateKey(QSslKey(QByteArray(kSelfSignedKey), QSsl::Ec));
    tls.setSslConfiguration(config);
    QVERIFY(tls.listen(QHostAddress::LocalHost, 0));

    UpstreamRequestSpec s;
    s.url = QUrl(u"https://127.0.0.1:%1/v1/models"_s.arg(tls.serverPort()));
    s.headers = { { "Authorization", "Bearer sk-must-not-leak" } };
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished());
    // Verification is on: the handshake fails before any request byte is sent.
    QCOMPARE(r.error, TransferError::Tls);
    QCOMPARE(r.events, QStringList({ u"finished"_s }));
    QVERIFY(!r.message.isEmpty());
    QVERIFY(!r.message.contains(u"sk-must-not-leak"_s));
}

void TestUpstreamClient::dropMidStream()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->beginChunked(200);
        reply->chunk("partial");
        QTimer::singleShot(50, reply, [reply] { reply->reset(); });
    });
    Recorder r(m_client->start(spec("POST", "/v1/chat/completions", "{}")));
    QVERIFY(r.waitFinished());
    // What arrived before the drop is delivered first.
    QCOMPARE(r.events, kComplete);
    QCOMPARE(r.body, QByteArray("partial"));
    QCOMPARE(r.error, TransferError::Dropped);
    QVERIFY(!r.message.isEmpty());
}

void TestUpstreamClient::cancelMidStream()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->beginChunked(200);
        reply->chunk("first");
        auto *trickle = new QTimer(reply);
        connect(trickle, &QTimer::timeout, reply, [reply] { reply->chunk("more"); });
        trickle->start(30);
    });
    Recorder r(m_client->start(spec("POST", "/v1/chat/completions", "{}")));
    QTRY_VERIFY(r.events.contains(u"data"_s));
    QCOMPARE(m_client->activeTransfers(), 1);

    r.m_transfer->cancel();
    // Synchronous: finished(Cancelled) has already been emitted.
    QCOMPARE(r.finishedCount, 1);
    QCOMPARE(r.error, TransferError::Cancelled);
    QCOMPARE(m_client->activeTransfers(), 0);
    const QStringList seen = r.events;
    QVERIFY(r.m_transfer); // deleted later, not now
    r.m_transfer->cancel(); // a second cancel is a no-op

    // The upstream sees the connection go away, and nothing more is emitted.
    QTRY_COMPARE(m_server->clientAborts(), 1);
    spin(150);
    QCOMPARE(r.events, seen);
    QCOMPARE(r.finishedCount, 1);
    QVERIFY(r.m_transfer.isNull());
}

void TestUpstreamClient::cancelFromDataSlot()
{
    m_server->setHandler([](const FakeRequest &request, FakeReply *reply) {
        if (request.path == "/after") {
            reply->sendJson(200, "{\"after\":true}");
            return;
        }
        reply->beginChunked(200);
        reply->chunk("a");
        auto *trickle = new QTimer(reply);
        connect(trickle, &QTimer::timeout, reply, [reply] { reply->chunk("b"); });
        trickle->start(20);
    });
    UpstreamTransfer *transfer = m_client->start(spec("POST", "/stream", "{}"));
    Recorder r(transfer);
    std::unique_ptr<Recorder> after;
    connect(transfer, &UpstreamTransfer::dataReceived, this, [transfer] { transfer->cancel(); });
    // Starting a transfer from a slot works too.
    connect(transfer, &UpstreamTransfer::finished, this,
            [&] { after = std::make_unique<Recorder>(m_client->start(spec("GET", "/after"))); });

    QVERIFY(r.waitFinished());
    QCOMPARE(r.events, kComplete);
    QCOMPARE(r.error, TransferError::Cancelled);
    QVERIFY(after);
    QVERIFY(after->waitFinished());
    QCOMPARE(after->error, TransferError::None);
    QCOMPARE(after->body, QByteArray("{\"after\":true}"));
    spin(100);
    QCOMPARE(r.events, kComplete);
    QTRY_COMPARE(m_server->clientAborts(), 1);
}

void TestUpstreamClient::slotsMayCancelAndDeleteOthers()
{
    m_server->setHandler([](const FakeRequest &request, FakeReply *reply) {
        reply->beginChunked(200);
        // /a speaks once the others are surely running, then finishes.
        const int delay = request.path == "/a" ? 100 : 0;
        QTimer::singleShot(delay, reply, [reply] { reply->chunk("x"); });
        if (request.path == "/a")
            QTimer::singleShot(150, reply, [reply] { reply->endChunked(); });
    });
    UpstreamTransfer *a = m_client->start(spec("GET", "/a"));
    UpstreamTransfer *b = m_client->start(spec("GET", "/b"));
    QPointer<UpstreamTransfer> c = m_client->start(spec("GET", "/c"));
    Recorder ra(a);
    Recorder rb(b);
    Recorder rc(c);
    QTRY_VERIFY(rb.events.contains(u"data"_s) && rc.events.contains(u"data"_s));
    connect(a, &UpstreamTransfer::dataReceived, this, [&] {
        if (rb.finishedCount == 0)
            b->cancel();
        delete c.data(); // deleting a running transfer detaches it quietly
    });
    QVERIFY(ra.waitFinished());
    QCOMPARE(ra.error, TransferError::None);
    QCOMPARE(ra.events, kComplete);
    QCOMPARE(rb.error, TransferError::Cancelled);
    QCOMPARE(rb.finishedCount, 1);
    QVERIFY(c.isNull());
    QCOMPARE(rc.finishedCount, 0);
    QCOMPARE(m_client->activeTransfers(), 0);
    QTRY_COMPARE(m_server->clientAborts(), 2);
}

void TestUpstreamClient::invalidHeaderFailsAfterStartReturns()
{
    UpstreamRequestSpec s = spec("POST", "/v1/chat/completions", "{}");
    s.headers = { { "X-Api-Key", "sk-secret\r\nX-Injected: 1" } };
    Recorder r(m_client->start(std::move(s)));
    QCOMPARE(r.finishedCount, 0); // nothing emitted before anyone could connect
    QVERIFY(r.waitFinished());
    QCOMPARE(r.error, TransferError::Protocol);
    QVERIFY(!r.message.contains(u"sk-secret"_s));
    QVERIFY(!r.message.contains(u"Injected"_s));
    spin(50);
    QCOMPARE(m_server->requests().size(), 0);
}

void TestUpstreamClient::reusesConnection()
{
    for (int i = 0; i < 20; ++i) {
        Recorder r(m_client->start(spec("POST", "/v1/chat/completions", "{}")));
        QVERIFY(r.waitFinished());
        QCOMPARE(r.error, TransferError::None);
    }
    QCOMPARE(m_server->requests().size(), 20);
    QCOMPARE(m_server->connectionsAccepted(), 1);
}

void TestUpstreamClient::concurrentTransfers()
{
    constexpr int kCount = 200;
    m_server->setHandler([](const FakeRequest &request, FakeReply *reply) {
        // Answer a little later so the transfers really overlap.
        QTimer::singleShot(20, reply,
                           [reply, path = request.path] { reply->send(200, "echo:" + path); });
    });
    std::vector<std::unique_ptr<Recorder>> recorders;
    for (int i = 0; i < kCount; ++i)
        recorders.push_back(std::make_unique<Recorder>(
            m_client->start(spec("GET", "/n/" + QByteArray::number(i)))));
    QCOMPARE(m_client->activeTransfers(), kCount);

    const auto allDone = [&] {
        return std::all_of(recorders.begin(), recorders.end(),
                           [](const auto &r) { return r->finishedCount == 1; });
    };
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 10000);
    for (int i = 0; i < kCount; ++i) {
        const Recorder &r = *recorders[std::size_t(i)];
        QCOMPARE(r.error, TransferError::None);
        QCOMPARE(r.events, kComplete);
        QCOMPARE(r.body, "echo:/n/" + QByteArray::number(i));
    }
    QCOMPARE(m_client->activeTransfers(), 0);
    QCOMPARE(m_server->requests().size(), kCount);
    // HTTP/1.1 cannot multiplex: all of them ran in parallel on their own connections.
    QCOMPARE(m_server->connectionsAccepted(), kCount);
}

void TestUpstreamClient::destroyingClientCancelsTransfers()
{
    m_server->setHandler([](const FakeRequest &, FakeReply *reply) {
        reply->beginChunked(200);
        reply->chunk("x");
    });
    std::vector<std::unique_ptr<Recorder>> recorders;
    for (int i = 0; i < 5; ++i)
        recorders.push_back(
            std::make_unique<Recorder>(m_client->start(spec("POST", "/stream", "{}"))));
    QTRY_VERIFY(std::all_of(recorders.begin(), recorders.end(),
                            [](const auto &r) { return r->events.contains(u"data"_s); }));
    m_client.reset();
    for (const auto &r : recorders) {
        QCOMPARE(r->finishedCount, 1);
        QCOMPARE(r->error, TransferError::Cancelled);
        QVERIFY(r->m_transfer.isNull());
    }
    QTRY_COMPARE(m_server->clientAborts(), 5);
}

void TestUpstreamClient::destroyingClientFromSlot()
{
    m_server->setHandler([](const FakeRequest &request, FakeReply *reply) {
        reply->beginChunked(200);
        const int delay = request.path == "/first" ? 100 : 0;
        QTimer::singleShot(delay, reply, [reply] { reply->chunk("x"); });
    });
    UpstreamTransfer *first = m_client->start(spec("GET", "/first"));
    Recorder r1(first);
    Recorder r2(m_client->start(spec("GET", "/second")));
    Recorder r3(m_client->start(spec("GET", "/third")));
    QTRY_VERIFY(r2.events.contains(u"data"_s) && r3.events.contains(u"data"_s));
    // A slot tears the whole client down while the driver is delivering events.
    connect(first, &UpstreamTransfer::dataReceived, this, [this] { m_client.reset(); });
    QTRY_VERIFY(!m_client);
    // Even the transfer whose slot deleted the client gets its one finished(Cancelled).
    QCOMPARE(r1.events, kComplete);
    QCOMPARE(r1.error, TransferError::Cancelled);
    QCOMPARE(r2.error, TransferError::Cancelled);
    QCOMPARE(r3.error, TransferError::Cancelled);
    QCOMPARE(r2.finishedCount + r3.finishedCount, 2);
    QVERIFY(r1.m_transfer.isNull());
    spin(50);
    QTRY_COMPARE(m_server->clientAborts(), 3);
}

void TestUpstreamClient::proxyFromEnvironment()
{
    // We never set CURLOPT_PROXY, so libcurl's own http_proxy handling applies: the fake
    // plays the proxy and sees the absolute-form request for a host that does not exist.
    qputenv("http_proxy", m_server->baseUrl());
    UpstreamRequestSpec s;
    s.method = "GET";
    s.url = QUrl(u"http://upstream.invalid/v1/models"_s);
    Recorder r(m_client->start(std::move(s)));
    QVERIFY(r.waitFinished());
    QCOMPARE(r.error, TransferError::None);
    QCOMPARE(m_server->requests().size(), 1);
    QVERIFY(m_server->requests().first().raw.startsWith(
        "GET http://upstream.invalid/v1/models HTTP/1.1\r\n"));
}

void TestUpstreamClient::errorNames()
{
    QCOMPARE(transferErrorName(TransferError::None), u"none"_s);
    QCOMPARE(transferErrorName(TransferError::ConnectFailed), u"connect_failed"_s);
    QCOMPARE(transferErrorName(TransferError::ConnectTimeout), u"connect_timeout"_s);
    QCOMPARE(transferErrorName(TransferError::FirstByteTimeout), u"first_byte_timeout"_s);
    QCOMPARE(transferErrorName(TransferError::StreamIdleTimeout), u"stream_idle_timeout"_s);
    QCOMPARE(transferErrorName(TransferError::TotalTimeout), u"total_timeout"_s);
    QCOMPARE(transferErrorName(TransferError::Dropped), u"dropped"_s);
    QCOMPARE(transferErrorName(TransferError::Tls), u"tls"_s);
    QCOMPARE(transferErrorName(TransferError::Protocol), u"protocol"_s);
    QCOMPARE(transferErrorName(TransferError::Cancelled), u"cancelled"_s);
}

QTEST_GUILESS_MAIN(TestUpstreamClient)
#include "tst_upstream_client.moc"
