#include "security/OriginPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::security;

namespace {
QByteArray header(const base::HeaderList &headers, QByteArrayView name)
{
    return base::headerValue(headers, name);
}
} // namespace

// CORS allow-list: exact origins, echoed, never "*", never credentials.
class TestOriginPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void normalise_data();
    void normalise();
    void allowed_data();
    void allowed();
    void corsHeadersForAllowedOrigin();
    void preflight_data();
    void preflight();
    void preflightHeadersAreComplete();

private:
    const OriginPolicy m_policy { { u"http://localhost:3000"_s, u"https://app.example"_s,
                                    u"http://[::1]:5173"_s, u"not an origin"_s } };
};

void TestOriginPolicy::normalise_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("expected"); // empty: refused
    QTest::newRow("plain") << "http://localhost:3000"_ba
                           << "http://localhost:3000"_ba;
    QTest::newRow("upper case") << "HTTP://LocalHost:3000"_ba
                                << "http://localhost:3000"_ba;
    QTest::newRow("http default port") << "http://a.example:80"_ba
                                       << "http://a.example"_ba;
    QTest::newRow("https default port") << "https://a.example:443"_ba
                                        << "https://a.example"_ba;
    QTest::newRow("https port 80 kept") << "https://a.example:80"_ba
                                        << "https://a.example:80"_ba;
    QTest::newRow("ipv6") << "http://[::1]:5173"_ba
                          << "http://[::1]:5173"_ba;
    QTest::newRow("null") << "null"_ba << QByteArray();
    QTest::newRow("empty") << QByteArray() << QByteArray();
    QTest::newRow("file") << "file://"_ba << QByteArray();
    QTest::newRow("other scheme") << "chrome-extension://abcdef"_ba << QByteArray();
    QTest::newRow("path") << "http://localhost:3000/x"_ba << QByteArray();
    QTest::newRow("trailing slash") << "http://localhost:3000/"_ba << QByteArray();
    QTest::newRow("userinfo") << "http://u@localhost:3000"_ba << QByteArray();
    QTest::newRow("bad port") << "http://localhost:99999"_ba << QByteArray();
    QTest::newRow("bare ipv6") << "http://::1"_ba << QByteArray();
    QTest::newRow("trailing dot") << "http://localhost.:3000"_ba << QByteArray();
    QTest::newRow("crlf") << "http://localhost:3000\r\nX: y"_ba << QByteArray();
}

void TestOriginPolicy::normalise()
{
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, expected);
    QCOMPARE(OriginPolicy::normalise(origin).value_or(QByteArray()), expected);
}

void TestOriginPolicy::allowed_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("listed") << "http://localhost:3000"_ba << true;
    QTest::newRow("listed, other case") << "http://LOCALHOST:3000"_ba << true;
    QTest::newRow("listed https default port") << "https://app.example:443"_ba << true;
    QTest::newRow("listed ipv6") << "http://[::1]:5173"_ba << true;
    QTest::newRow("other port") << "http://localhost:3001"_ba << false;
    QTest::newRow("other scheme") << "https://localhost:3000"_ba << false;
    QTest::newRow("subdomain") << "https://evil.app.example"_ba << false;
    QTest::newRow("null") << "null"_ba << false;
    QTest::newRow("star") << "*"_ba << false;
    QTest::newRow("empty") << QByteArray() << false;
}

void TestOriginPolicy::allowed()
{
    QFETCH(QByteArray, origin);
    QFETCH(bool, allowed);
    QCOMPARE(m_policy.allowed(origin), allowed);
    QVERIFY(!OriginPolicy().allowed(origin));
}

void TestOriginPolicy::corsHeadersForAllowedOrigin()
{
    const auto headers = m_policy.corsHeaders("http://localhost:3000");
    QCOMPARE(header(headers, "access-control-allow-origin"), "http://localhost:3000"_ba);
    QCOMPARE(header(headers, "vary"), "Origin"_ba);
    QVERIFY(header(headers, "access-control-allow-credentials").isEmpty());
    QCOMPARE(headers.size(), 2);
    QVERIFY(m_policy.corsHeaders("http://evil.example").isEmpty());
    QVERIFY(m_policy.corsHeaders("null").isEmpty());
}

void TestOriginPolicy::preflight_data()
{
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QByteArray>("headers");
    QTest::addColumn<QByteArray>("allowHeaders"); // "-": refused
    QTest::newRow("openai sdk") << "http://localhost:3000"_ba
                                << "POST"_ba
                                << "authorization, content-type, x-stainless-os, "
                                   "X-Stainless-Runtime-Version"_ba
                                << "authorization, content-type, x-stainless-os, "
                                   "x-stainless-runtime-version"_ba;
    QTest::newRow("anthropic sdk")
        << "http://localhost:3000"_ba
        << "POST"_ba
        << "x-api-key,anthropic-version,anthropic-dangerous-direct-browser-access"_ba
        << "x-api-key, anthropic-version, anthropic-dangerous-direct-browser-access"_ba;
    QTest::newRow("no headers") << "https://app.example"_ba
                                << "GET"_ba << QByteArray() << QByteArray();
    QTest::newRow("options") << "https://app.example"_ba
                             << "OPTIONS"_ba
                             << "cache-control"_ba
                             << "cache-control"_ba;
    QTest::newRow("duplicates folded") << "https://app.example"_ba
                                       << "POST"_ba
                                       << "Content-Type, content-type"_ba
                                       << "content-type"_ba;
    QTest::newRow("origin not allowed") << "http://evil.example"_ba
                                        << "POST"_ba
                                        << "content-type"_ba
                                        << "-"_ba;
    QTest::newRow("null origin") << "null"_ba
                                 << "POST"_ba
                                 << "content-type"_ba
                                 << "-"_ba;
    QTest::newRow("DELETE") << "http://localhost:3000"_ba
                            << "DELETE"_ba << QByteArray() << "-"_ba;
    QTest::newRow("PUT") << "http://localhost:3000"_ba
                         << "PUT"_ba << QByteArray() << "-"_ba;
    QTest::newRow("no method") << "http://localhost:3000"_ba << QByteArray() << QByteArray()
                               << "-"_ba;
    QTest::newRow("cookie header") << "http://localhost:3000"_ba
                                   << "POST"_ba
                                   << "content-type, cookie"_ba
                                   << "-"_ba;
    QTest::newRow("x-stainless- alone") << "http://localhost:3000"_ba
                                        << "POST"_ba
                                        << "x-stainless-"_ba
                                        << "-"_ba;
    QTest::newRow("x-stainless bad char") << "http://localhost:3000"_ba
                                          << "POST"_ba
                                          << "x-stainless-a;b"_ba
                                          << "-"_ba;
}

void TestOriginPolicy::preflight()
{
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, method);
    QFETCH(QByteArray, headers);
    QFETCH(QByteArray, allowHeaders);
    const auto answer = m_policy.preflightHeaders(origin, method, headers);
    if (allowHeaders == "-") {
        QVERIFY(!answer);
        return;
    }
    QVERIFY(answer);
    QCOMPARE(header(*answer, "access-control-allow-headers"), allowHeaders);
    QCOMPARE(header(*answer, "access-control-allow-origin"), origin);
}

void TestOriginPolicy::preflightHeadersAreComplete()
{
    const auto answer = m_policy.preflightHeaders("http://localhost:3000", "POST", "content-type");
    QVERIFY(answer);
    QCOMPARE(header(*answer, "access-control-allow-origin"), "http://localhost:3000"_ba);
    QCOMPARE(header(*answer, "access-control-allow-methods"), "GET, POST, OPTIONS"_ba);
    QCOMPARE(header(*answer, "access-control-max-age"), "600"_ba);
    QVERIFY(header(*answer, "vary").startsWith("Origin"));
    QVERIFY(header(*answer, "access-control-allow-credentials").isEmpty());
    for (const auto &[name, value] : *answer)
        QVERIFY2(value != "*", name.constData());
}

QTEST_GUILESS_MAIN(TestOriginPolicy)
#include "tst_origin_policy.moc"
