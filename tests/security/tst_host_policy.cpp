#include "security/HostPolicy.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::security;

// Host header checks against DNS rebinding.
class TestHostPolicy final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void loopbackOnly_data();
    void loopbackOnly();
    void configuredHosts_data();
    void configuredHosts();
    void validEntries_data();
    void validEntries();
};

void TestHostPolicy::loopbackOnly_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("localhost") << "localhost"_ba << true;
    QTest::newRow("localhost:port") << "localhost:8484"_ba << true;
    QTest::newRow("LOCALHOST upper") << "LocalHost:8484"_ba << true;
    QTest::newRow("localhost.") << "localhost."_ba << true;
    QTest::newRow("localhost.:port") << "localhost.:8484"_ba << true;
    QTest::newRow("sub.localhost") << "app.localhost:3000"_ba << true;
    QTest::newRow("127.0.0.1") << "127.0.0.1"_ba << true;
    QTest::newRow("127.0.0.1:port") << "127.0.0.1:8484"_ba << true;
    QTest::newRow("127.255.0.7") << "127.255.0.7:1"_ba << true;
    QTest::newRow("[::1]") << "[::1]"_ba << true;
    QTest::newRow("[::1]:port") << "[::1]:8484"_ba << true;
    QTest::newRow("::1 bare") << "::1"_ba << true;
    QTest::newRow("[0:0:0:0:0:0:0:1]") << "[0:0:0:0:0:0:0:1]:80"_ba << true;

    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("foreign name") << "evil.example"_ba << false;
    QTest::newRow("foreign name:port") << "evil.example:8484"_ba << false;
    QTest::newRow("localhost suffix trick") << "localhost.evil.example"_ba << false;
    QTest::newRow("localhostx") << "localhostx"_ba << false;
    QTest::newRow("xlocalhost") << "xlocalhost"_ba << false;
    QTest::newRow("lan address") << "192.168.1.5:8484"_ba << false;
    QTest::newRow("128.0.0.1") << "128.0.0.1"_ba << false;
    QTest::newRow("0.0.0.0") << "0.0.0.0:8484"_ba << false;
    QTest::newRow("short ipv4") << "127.1"_ba << false;
    QTest::newRow("octal ipv4") << "0177.0.0.1"_ba << false;
    QTest::newRow("five parts") << "127.0.0.1.5"_ba << false;
    QTest::newRow("ipv4 out of range") << "127.0.0.256"_ba << false;
    QTest::newRow("[::2]") << "[::2]"_ba << false;
    QTest::newRow("[127.0.0.1]") << "[127.0.0.1]"_ba << false;
    QTest::newRow("zone id") << "[::1%25lo]"_ba << false;
    QTest::newRow("space") << "localhost :8484"_ba << false;
    QTest::newRow("leading space") << " localhost"_ba << false;
    QTest::newRow("userinfo") << "evil@localhost"_ba << false;
    QTest::newRow("userinfo reversed") << "localhost@evil.example"_ba << false;
    QTest::newRow("empty port") << "localhost:"_ba << false;
    QTest::newRow("port 0") << "localhost:0"_ba << false;
    QTest::newRow("port too big") << "localhost:65536"_ba << false;
    QTest::newRow("port letters") << "localhost:80a"_ba << false;
    QTest::newRow("port sign") << "localhost:+80"_ba << false;
    QTest::newRow("two ports") << "localhost:80:81"_ba << false;
    QTest::newRow("path") << "localhost/x"_ba << false;
    QTest::newRow("bracket junk") << "[::1]x"_ba << false;
    QTest::newRow("unclosed bracket") << "[::1"_ba << false;
    QTest::newRow("double dot") << "a..localhost"_ba << false;
    QTest::newRow("only dot") << "."_ba << false;
    QTest::newRow("control byte") << "local\x01host"_ba << false;
}

void TestHostPolicy::loopbackOnly()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    QCOMPARE(HostPolicy().allowed(host), allowed);
}

void TestHostPolicy::configuredHosts_data()
{
    QTest::addColumn<QByteArray>("host");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("name any port") << "MyBox.LAN:9999"_ba << true;
    QTest::newRow("name no port") << "mybox.lan"_ba << true;
    QTest::newRow("name trailing dot") << "mybox.lan."_ba << true;
    QTest::newRow("fixed port matches") << "gw.example:8484"_ba << true;
    QTest::newRow("fixed port differs") << "gw.example:8485"_ba << false;
    QTest::newRow("fixed port, none given") << "gw.example"_ba << false;
    QTest::newRow("lan ip") << "192.168.1.5:8484"_ba << true;
    QTest::newRow("ipv6 configured") << "[fe80::1]:8484"_ba << true;
    QTest::newRow("ipv6 other form") << "[FE80:0::1]"_ba << true;
    QTest::newRow("subdomain is not exact") << "a.mybox.lan"_ba << false;
    QTest::newRow("other") << "evil.example"_ba << false;
    QTest::newRow("loopback still ok") << "localhost:1"_ba << true;
}

void TestHostPolicy::configuredHosts()
{
    QFETCH(QByteArray, host);
    QFETCH(bool, allowed);
    const HostPolicy policy(
        { u"mybox.lan"_s, u"gw.example:8484"_s, u"192.168.1.5"_s, u"[fe80::1]"_s });
    QCOMPARE(policy.allowed(host), allowed);
}

void TestHostPolicy::validEntries_data()
{
    QTest::addColumn<QString>("entry");
    QTest::addColumn<bool>("valid");
    QTest::newRow("name") << u"mybox.lan"_s << true;
    QTest::newRow("name:port") << u"mybox.lan:8484"_s << true;
    QTest::newRow("ipv6") << u"[::1]:1"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("url") << u"http://mybox.lan"_s << false;
    QTest::newRow("space") << u"my box"_s << false;
    QTest::newRow("non-latin") << u"bücher.example"_s << false;
    QTest::newRow("bad port") << u"mybox:99999"_s << false;
}

void TestHostPolicy::validEntries()
{
    QFETCH(QString, entry);
    QFETCH(bool, valid);
    QCOMPARE(HostPolicy::isValidHostEntry(entry), valid);
}

QTEST_GUILESS_MAIN(TestHostPolicy)
#include "tst_host_policy.moc"
