#include "security/SecretScrubber.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::security;

namespace {
const QByteArray kEllipsis = "\xE2\x80\xA6";
QByteArray masked(const QByteArray &prefix)
{
    return prefix + kEllipsis + "[REDACTED]";
}
} // namespace

// Known secrets and key-shaped strings never reach clients or logs.
class TestSecretScrubber final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void knownSecrets_data();
    void knownSecrets();
    void keyShapes_data();
    void keyShapes();
    void leavesOrdinaryTextAlone_data();
    void leavesOrdinaryTextAlone();
};

void TestSecretScrubber::knownSecrets_data()
{
    QTest::addColumn<QByteArray>("secret");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("raw") << "myLocalKey123"_ba
                         << "{\"error\":\"bad key myLocalKey123\"}"_ba
                         << "{\"error\":\"bad key [REDACTED]\"}"_ba;
    QTest::newRow("twice") << "myLocalKey123"_ba
                           << "myLocalKey123 and myLocalKey123"_ba
                           << "[REDACTED] and [REDACTED]"_ba;
    QTest::newRow("json escaped quote") << "ab\"cd\\ef/gh"_ba
                                        << "{\"m\":\"key ab\\\"cd\\\\ef/gh\"}"_ba
                                        << "{\"m\":\"key [REDACTED]\"}"_ba;
    QTest::newRow("json escaped slash") << "abc/def/ghi"_ba
                                        << "{\"m\":\"abc\\/def\\/ghi\"}"_ba
                                        << "{\"m\":\"[REDACTED]\"}"_ba;
    QTest::newRow("percent encoded") << "k3y+with/slash=="_ba
                                     << "GET /v1?key=k3y%2Bwith%2Fslash%3D%3D"_ba
                                     << "GET /v1?key=[REDACTED]"_ba;
    QTest::newRow("short secret ignored") << "abc"_ba
                                          << "abc abc"_ba
                                          << "abc abc"_ba;
}

void TestSecretScrubber::knownSecrets()
{
    QFETCH(QByteArray, secret);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(SecretScrubber::scrub(body, { "unrelated-secret-xyz"_ba, secret }), expected);
}

void TestSecretScrubber::keyShapes_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("expected");
    const QByteArray key20 = "abcdefghij0123456789";
    QTest::newRow("openai") << QByteArray("Incorrect API key provided: sk-" + key20 + "XYZ.")
                            << QByteArray("Incorrect API key provided: " + masked("sk-") + ".");
    QTest::newRow("openai project") << QByteArray("\"sk-proj-" + key20 + "_-Ab\"")
                                    << QByteArray("\"" + masked("sk-proj-") + "\"");
    QTest::newRow("anthropic") << QByteArray("key=sk-ant-api03-" + key20)
                               << QByteArray("key=" + masked("sk-ant-"));
    QTest::newRow("google") << QByteArray("AIza" + key20 + "Q1") << masked("AIza");
    QTest::newRow("groq") << QByteArray("(gsk_" + key20 + ")")
                          << QByteArray("(" + masked("gsk_") + ")");
    QTest::newRow("bearer") << QByteArray("Authorization: Bearer eyJ" + key20 + ".x/y+z=")
                            << QByteArray("Authorization: " + masked("Bearer "));
    QTest::newRow("bearer lower case") << QByteArray("bearer " + key20) << masked("bearer ");
    QTest::newRow("gateway token") << QByteArray("sk-sy-" + key20 + key20) << masked("sk-");
    QTest::newRow("two keys") << QByteArray("sk-" + key20 + " gsk_" + key20)
                              << QByteArray(masked("sk-") + " " + masked("gsk_"));
}

void TestSecretScrubber::keyShapes()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QCOMPARE(SecretScrubber::scrub(body, {}), expected);
}

void TestSecretScrubber::leavesOrdinaryTextAlone_data()
{
    QTest::addColumn<QByteArray>("body");
    QTest::newRow("short sk") << "sk-1234"_ba;
    QTest::newRow("19 key chars") << "sk-abcdefghij012345678"_ba;
    QTest::newRow("inside a word") << "task-abcdefghij0123456789abc"_ba;
    QTest::newRow("risk-") << QByteArray("{\"risk-assessment-"
                                         "result-value-x\":1}");
    QTest::newRow("bearer short") << "Bearer abc"_ba;
    QTest::newRow("json") << "{\"error\":{\"message\":\"model not found\",\"code\":404}}"_ba;
    QTest::newRow("binary") << QByteArray("\x00\xff\xfe sk-\x01", 8);
    QTest::newRow("empty") << QByteArray();
}

void TestSecretScrubber::leavesOrdinaryTextAlone()
{
    QFETCH(QByteArray, body);
    QCOMPARE(SecretScrubber::scrub(body, { "not-in-the-body-123"_ba }), body);
}

QTEST_GUILESS_MAIN(TestSecretScrubber)
#include "tst_secret_scrubber.moc"
