#include "api/JsonBody.h"
#include "api/SseParser.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard::api;

// Byte-level JSON member edits and the incremental SSE parser.
class TestWireHelpers final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void setMember_data();
    void setMember();
    void removeMember_data();
    void removeMember();
    void quoteEscapes();
    void sseSplitsEvents_data();
    void sseSplitsEvents();
    void sseByteByByte();
    void sseOverflow();
};

void TestWireHelpers::setMember_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("key");
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("replace string")
        << QByteArray(R"({"model":"a/b","x":1.50})") << QByteArray("model") << QByteArray(R"("b")")
        << QByteArray(R"({"model":"b","x":1.50})");
    QTest::newRow("keeps spacing")
        << QByteArray("{ \"x\" : [1, {\"model\": 2}],\n  \"model\" : \"m\" }")
        << QByteArray("model") << QByteArray(R"("n")")
        << QByteArray("{ \"x\" : [1, {\"model\": 2}],\n  \"model\" : \"n\" }");
    QTest::newRow("nested key ignored, append")
        << QByteArray(R"({"a":{"model":"x"}})") << QByteArray("model") << QByteArray("1")
        << QByteArray(R"({"a":{"model":"x"},"model":1})");
    QTest::newRow("append to empty") << QByteArray("{ }") << QByteArray("k") << QByteArray("true")
                                     << QByteArray(R"({ "k":true})");
    QTest::newRow("string with braces and escapes")
        << QByteArray(R"({"p":"}\"{,","model":"x"})") << QByteArray("model") << QByteArray(R"("y")")
        << QByteArray(R"({"p":"}\"{,","model":"y"})");
    QTest::newRow("escaped key") << QByteArray(R"({"mo\u0064el":"x"})") << QByteArray("model")
                                 << QByteArray(R"("y")") << QByteArray(R"({"mo\u0064el":"y"})");
    QTest::newRow("replace object")
        << QByteArray(R"({"stream_options":{"a":1},"z":[]})") << QByteArray("stream_options")
        << QByteArray(R"({"include_usage":true})")
        << QByteArray(R"({"stream_options":{"include_usage":true},"z":[]})");
}

void TestWireHelpers::setMember()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, key);
    QFETCH(QByteArray, value);
    QFETCH(QByteArray, expected);
    const QByteArray out = JsonBody::setMember(json, key, value);
    QCOMPARE(out, expected);
    QVERIFY(!QJsonDocument::fromJson(out).isNull());
}

void TestWireHelpers::removeMember_data()
{
    QTest::addColumn<QByteArray>("json");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("first") << QByteArray(R"({"k":1,"b":2})") << QByteArray(R"({"b":2})");
    QTest::newRow("last") << QByteArray(R"({"a":1,"k":[1,2]})") << QByteArray(R"({"a":1})");
    QTest::newRow("only") << QByteArray(R"({"k":"x"})") << QByteArray("{}");
    QTest::newRow("absent") << QByteArray(R"({"a":1})") << QByteArray(R"({"a":1})");
}

void TestWireHelpers::removeMember()
{
    QFETCH(QByteArray, json);
    QFETCH(QByteArray, expected);
    QCOMPARE(JsonBody::removeMember(json, "k"), expected);
}

void TestWireHelpers::quoteEscapes()
{
    QCOMPARE(JsonBody::quote(u"a\"b\\c\n"_s), QByteArray(R"("a\"b\\c\n")"));
    QCOMPARE(JsonBody::quote(u"qwen2.5-coder:7b"_s), QByteArray(R"("qwen2.5-coder:7b")"));
}

void TestWireHelpers::sseSplitsEvents_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QByteArrayList>("data");
    QTest::addColumn<QByteArrayList>("names");
    QTest::newRow("lf") << QByteArray("data: a\n\ndata: b\n\n") << QByteArrayList { "a", "b" }
                        << QByteArrayList { "", "" };
    QTest::newRow("crlf") << QByteArray("data: a\r\n\r\ndata: b\r\n\r\n")
                          << QByteArrayList { "a", "b" } << QByteArrayList { "", "" };
    QTest::newRow("cr") << QByteArray("data: a\r\rdata: b\r\rx") << QByteArrayList { "a", "b" }
                        << QByteArrayList { "", "" };
    // A CR at the very end may be the first half of a CRLF: the event waits for the next byte.
    QTest::newRow("trailing cr waits")
        << QByteArray("data: a\r\rdata: b\r\r") << QByteArrayList { "a" } << QByteArrayList { "" };
    QTest::newRow("named, multiline, comment")
        << QByteArray(": ping\n\nevent: message_start\ndata: {\"x\":\ndata: 1}\n\n")
        << QByteArrayList { "{\"x\":\n1}" } << QByteArrayList { "message_start" };
    QTest::newRow("no space after colon")
        << QByteArray("data:[DONE]\n\n") << QByteArrayList { "[DONE]" } << QByteArrayList { "" };
    QTest::newRow("incomplete tail")
        << QByteArray("data: a\n\ndata: b\n") << QByteArrayList { "a" } << QByteArrayList { "" };
}

void TestWireHelpers::sseSplitsEvents()
{
    QFETCH(QByteArray, stream);
    QFETCH(QByteArrayList, data);
    QFETCH(QByteArrayList, names);
    SseParser parser;
    const auto events = parser.feed(stream);
    QCOMPARE(events.size(), data.size());
    for (qsizetype i = 0; i < events.size(); ++i) {
        QCOMPARE(events[i].data, data[i]);
        QCOMPARE(events[i].event, names[i]);
    }
    if (data.size() == 2)
        QVERIFY(stream.startsWith(QByteArray(events[0].raw + events[1].raw)));
}

void TestWireHelpers::sseByteByByte()
{
    const QByteArray stream = "data: {\"a\":1}\r\n\r\nevent: e\r\ndata: x\r\n\r\ndata: [DONE]\n\n";
    SseParser parser;
    QList<SseEvent> events;
    for (char c : stream)
        events += parser.feed(QByteArrayView(&c, 1));
    QCOMPARE(events.size(), 3);
    QCOMPARE(events[0].data, QByteArray("{\"a\":1}"));
    QCOMPARE(events[1].event, QByteArray("e"));
    QCOMPARE(events[2].data, QByteArray("[DONE]"));
    QCOMPARE(events[0].raw + events[1].raw + events[2].raw, stream);
    QCOMPARE(parser.pendingBytes(), 0);
}

void TestWireHelpers::sseOverflow()
{
    SseParser parser(64);
    QVERIFY(parser.feed(QByteArray(100, 'x')).isEmpty());
    QVERIFY(parser.overflowed());
}

QTEST_GUILESS_MAIN(TestWireHelpers)
#include "tst_wire_helpers.moc"
