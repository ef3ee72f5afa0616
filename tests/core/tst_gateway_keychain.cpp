#include "FakeOpenAi.h"
#include "TestClient.h"
#include "config/ConfigLoader.h"
#include "core/Gateway.h"
#include "secrets/KeychainSecretStore.h"
#include "secrets/SecretBytes.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::fakes;

// Provider keys from the real OS keychain (Secret Service under dbus-run-session, as
// ./dev test runs it). The gateway runs in the test thread here: QtKeychain serves one thread
// per process, and the test writes the keys itself.
class TestGatewayKeychain final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void keyFromKeychainReachesTheUpstream();
    void missingKeyIsAClearError();
    void changedKeyIsReadAgainAfterReload();

private:
    bool writeKey(const QString &name, const QByteArray &value);
    void removeKey(const QString &name);
    std::unique_ptr<core::Gateway> startGateway();

    QString m_service;
    std::unique_ptr<secrets::KeychainSecretStore> m_store;
    std::unique_ptr<FakeOpenAi> m_upstream;
};

void TestGatewayKeychain::initTestCase()
{
    if (qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"))
        QSKIP("no D-Bus session bus: run under ./dev test (dbus-run-session + gnome-keyring)");
    m_service = u"switchyard-test-gw-%1"_s.arg(QCoreApplication::applicationPid());
    qputenv("SWITCHYARD_KEYCHAIN_SERVICE", m_service.toUtf8());
    m_store = std::make_unique<secrets::KeychainSecretStore>(m_service);
    m_upstream = std::make_unique<FakeOpenAi>();
    QVERIFY(m_upstream->start() != 0);
    QVERIFY(writeKey(u"gw-key"_s, "sk-test-from-keychain-0001"));
}

void TestGatewayKeychain::cleanupTestCase()
{
    if (m_store) {
        removeKey(u"gw-key"_s);
        removeKey(u"gw-key-2"_s);
    }
}

bool TestGatewayKeychain::writeKey(const QString &name, const QByteArray &value)
{
    bool done = false;
    bool ok = false;
    QByteArray copy = value;
    m_store->write(name, secrets::SecretBytes::takeFrom(copy), this, [&](Status status) {
        ok = status.ok();
        if (!ok)
            qWarning() << status.error().message;
        done = true;
    });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 15000)
        QTest::qWait(10);
    return ok;
}

void TestGatewayKeychain::removeKey(const QString &name)
{
    bool done = false;
    m_store->remove(name, this, [&](Status) { done = true; });
    QElapsedTimer timer;
    timer.start();
    while (!done && timer.elapsed() < 15000)
        QTest::qWait(10);
}

std::unique_ptr<core::Gateway> TestGatewayKeychain::startGateway()
{
    auto config = config::ConfigLoader::parse(
        QStringLiteral(R"({"gateway": {"port": 0, "health_check": {"interval_ms": 0}},
        "providers": [{"name": "k", "kind": "openai", "base_url": "%1/v1", "models": ["m"],
                       "api_key": {"keychain": "gw-key"}},
                      {"name": "n", "kind": "openai", "base_url": "%1/v1", "models": ["m"],
                       "api_key": {"keychain": "never-set"}}]})")
            .arg(QString::fromLatin1(m_upstream->baseUrl()))
            .toUtf8());
    if (!config.ok())
        return nullptr;
    auto gateway = std::make_unique<core::Gateway>(*config);
    if (!gateway->start().ok())
        return nullptr;
    return gateway;
}

void TestGatewayKeychain::keyFromKeychainReachesTheUpstream()
{
    auto gateway = startGateway();
    QVERIFY(gateway);
    const auto r = TestClient::request(
        gateway->port(), "POST", "/v1/chat/completions",
        R"({"model":"k/m","messages":[{"role":"user","content":"hi"}]})",
        { { "Content-Type", "application/json" }, { "Authorization", "Bearer client-token" } });
    QCOMPARE(r.status, 200);
    const FakeRequest &seen = m_upstream->requests().constLast();
    QCOMPARE(seen.header("authorization"), QByteArray("Bearer sk-test-from-keychain-0001"));
    // Nothing of the key comes back to the client.
    QVERIFY(!r.body.contains("sk-test-from-keychain"));
    for (const auto &[name, value] : r.headers)
        QVERIFY(!value.contains("sk-test-from-keychain"));
}

void TestGatewayKeychain::missingKeyIsAClearError()
{
    auto gateway = startGateway();
    QVERIFY(gateway);
    const auto r
        = TestClient::request(gateway->port(), "POST", "/v1/chat/completions",
                              R"({"model":"n/m","messages":[{"role":"user","content":"hi"}]})",
                              { { "Content-Type", "application/json" } });
    QVERIFY2(r.status >= 500, r.body.constData());
    const QString message = QJsonDocument::fromJson(r.body)
                                .object()
                                .value(u"error"_s)
                                .toObject()
                                .value(u"message"_s)
                                .toString();
    QVERIFY2(message.contains(u"never-set"_s), qPrintable(message));
    QVERIFY2(message.contains(u"switchyard keys set never-set"_s), qPrintable(message));
}

void TestGatewayKeychain::changedKeyIsReadAgainAfterReload()
{
    auto gateway = startGateway();
    QVERIFY(gateway);
    const QByteArray body = R"({"model":"k/m","messages":[{"role":"user","content":"hi"}]})";
    QCOMPARE(TestClient::request(gateway->port(), "POST", "/v1/chat/completions", body,
                                 { { "Content-Type", "application/json" } })
                 .status,
             200);
    QVERIFY(writeKey(u"gw-key"_s, "sk-test-from-keychain-0002"));
    gateway->applyConfig(gateway->config()); // a reload reads keys again
    QCOMPARE(TestClient::request(gateway->port(), "POST", "/v1/chat/completions", body,
                                 { { "Content-Type", "application/json" } })
                 .status,
             200);
    QCOMPARE(m_upstream->requests().constLast().header("authorization"),
             QByteArray("Bearer sk-test-from-keychain-0002"));
    QVERIFY(writeKey(u"gw-key"_s, "sk-test-from-keychain-0001"));
}

QTEST_GUILESS_MAIN(TestGatewayKeychain)
#include "tst_gateway_keychain.moc"
