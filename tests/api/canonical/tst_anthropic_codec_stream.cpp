#include "CodecTestSupport.h"
#include "api/canonical/AnthropicCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

Q_DECLARE_METATYPE(switchyard::api::canonical::StreamEvent)

// Golden translation tests for the Anthropic Messages codec: SSE streams, both directions.
// Declared before the JSON literals: moc's tokenizer trips over some raw strings.
class TestAnthropicCodecStream final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamDecode();
    void streamDecodeCut_data();
    void streamDecodeCut();
    void streamEncode_data();
    void streamEncode();

private:
    AnthropicCodec m_codec;
};

namespace {

Usage usage(qint64 input, qint64 cacheRead, qint64 cacheWrite, qint64 output)
{
    Usage out;
    out.inputTokens = input;
    out.cacheReadTokens = cacheRead;
    out.cacheWriteTokens = cacheWrite;
    out.outputTokens = output;
    out.known = true;
    return out;
}

QString usageText(const Usage &u)
{
    if (!u.known)
        return u"-"_s;
    return QString::number(u.inputTokens) % u'/' % QString::number(u.cacheReadTokens) % u'/'
        % QString::number(u.cacheWriteTokens) % u'/' % QString::number(u.outputTokens);
}

/// describeEvent() with the usage, the stop sequence and a block's initial text.
QString describe(const StreamEvent &e)
{
    switch (e.kind) {
    case StreamEvent::Kind::MessageStart:
        return describeEvent(e) % u' ' % usageText(e.usage);
    case StreamEvent::Kind::BlockStart:
        return describeEvent(e) % (e.block.text.isEmpty() ? QString() : u' ' % e.block.text);
    case StreamEvent::Kind::MessageDelta:
        return describeEvent(e) % u' ' % e.stopSequence % u' ' % usageText(e.usage);
    default:
        return describeEvent(e);
    }
}

QStringList decodeSse(StreamDecoder *decoder, const QByteArray &sse, bool finish = true)
{
    return describeEach(decodeEvents(*decoder, sseChunks(sse), finish), describe);
}

QByteArray sseEvent(const char *name, const char *json)
{
    return QByteArray("event: ") + name + "\ndata: " + json + "\n\n";
}

} // namespace

void TestAnthropicCodecStream::streamDecode()
{
    const QByteArray stream
        = sseEvent(
              "message_start",
              R"({"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant","model":"claude-sonnet-4-5","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":12,"cache_creation_input_tokens":100,"cache_read_input_tokens":2000,"output_tokens":1}}})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":0,"content_block":{"type":"thinking","thinking":"","signature":""}})")
        + sseEvent("ping", R"({"type": "ping"})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"thinking_delta","thinking":"Let me check"}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"signature_delta","signature":"EqQBCgIYAh"}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":0})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":1,"content_block":{"type":"text","text":""}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":"I will look"}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":1,"delta":{"type":"text_delta","text":" it up."}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":1})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":2,"content_block":{"type":"server_tool_use","id":"srvtoolu_1","name":"web_search","input":{}}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{\"query\":\"x\"}"}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":2})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":3,"content_block":{"type":"tool_use","id":"toolu_01","name":"get_weather","input":{}}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":""}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{\"loc"}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"ation\": \"Paris\"}"}})")
        + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":3})")
        + sseEvent(
              "message_delta",
              R"({"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":89}})")
        + sseEvent("message_stop", R"({"type":"message_stop"})");

    const QStringList expected {
        u"MessageStart msg_01 claude-sonnet-4-5 12/2000/100/1"_s,
        u"BlockStart 0 thinking"_s,
        u"Ping"_s,
        u"Thinking 0 Let me check"_s,
        u"Signature 0 EqQBCgIYAh"_s,
        u"BlockStop 0"_s,
        u"BlockStart 1 text"_s,
        u"Text 1 I will look"_s,
        u"Text 1  it up."_s,
        u"BlockStop 1"_s,
        u"BlockStart 2 tool_use toolu_01 get_weather"_s,
        u"Args 2 "_s,
        u"Args 2 {\"loc"_s,
        u"Args 2 ation\": \"Paris\"}"_s,
        u"BlockStop 2"_s,
        u"MessageDelta tool_use  12/2000/100/89"_s,
        u"MessageStop"_s,
    };
    const auto decoder = m_codec.streamDecoder();
    QCOMPARE(decodeSse(decoder.get(), stream), expected);
}

void TestAnthropicCodecStream::streamDecodeCut_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QStringList>("expected");
    const QByteArray start
        = sseEvent(
              "message_start",
              R"({"type":"message_start","message":{"id":"msg_2","model":"c","usage":{"input_tokens":3,"output_tokens":1}}})")
        + sseEvent(
              "content_block_start",
              R"({"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}})")
        + sseEvent(
              "content_block_delta",
              R"({"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}})");
    const QStringList begun { u"MessageStart msg_2 c 3/0/0/1"_s, u"BlockStart 0 text"_s,
                              u"Text 0 Hel"_s };
    QTest::newRow("cut") << start
                         << (begun + QStringList { u"Error api_error stream ended early"_s });
    QTest::newRow("upstream error")
        << start
            + sseEvent(
                "error",
                R"({"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}})")
        << (begun + QStringList { u"Error overloaded_error Overloaded"_s });
    QTest::newRow("garbage") << start
            + QByteArray("event: content_block_delta\ndata: {\"type\":\n\n")
                             << (begun
                                 + QStringList {
                                     u"Error api_error upstream sent an invalid stream event: "
                                     u"unterminated object"_s });
    QTest::newRow("complete, no events owed")
        << start + sseEvent("content_block_stop", R"({"type":"content_block_stop","index":0})")
            + sseEvent(
                "message_delta",
                R"({"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":2}})")
            + sseEvent("message_stop", R"({"type":"message_stop"})")
        << (begun
            + QStringList { u"BlockStop 0"_s, u"MessageDelta end_turn  3/0/0/2"_s,
                            u"MessageStop"_s });
}

void TestAnthropicCodecStream::streamDecodeCut()
{
    QFETCH(QByteArray, stream);
    QFETCH(QStringList, expected);
    const auto decoder = m_codec.streamDecoder();
    QCOMPARE(decodeSse(decoder.get(), stream), expected);
}

void TestAnthropicCodecStream::streamEncode_data()
{
    QTest::addColumn<QList<StreamEvent>>("events");
    QTest::addColumn<QByteArray>("expected");
    // Events several rows expect, as the encoder writes them (block 0, message msg_1).
    const QByteArray messageStart = sseEvent(
        "message_start",
        R"({"message":{"content":[],"id":"msg_1","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":10,"output_tokens":0}},"type":"message_start"})");
    const QByteArray textStart = sseEvent(
        "content_block_start",
        R"({"content_block":{"text":"","type":"text"},"index":0,"type":"content_block_start"})");
    const QByteArray textHi = sseEvent(
        "content_block_delta",
        R"({"delta":{"text":"Hi","type":"text_delta"},"index":0,"type":"content_block_delta"})");
    const QByteArray blockStop
        = sseEvent("content_block_stop", R"({"index":0,"type":"content_block_stop"})");
    const QByteArray messageStop = sseEvent("message_stop", R"({"type":"message_stop"})");

    StreamEvent start = ev(StreamEvent::Kind::MessageStart);
    start.id = u"msg_1"_s;
    start.model = u"upstream-model"_s;
    start.usage = usage(10, 0, 0, 0);
    StreamEvent finalDelta = ev(StreamEvent::Kind::MessageDelta);
    finalDelta.stopReason = StopReason::ToolUse;
    finalDelta.usage = usage(10, 20, 30, 42);
    QTest::newRow("well formed")
        << QList<StreamEvent> { start,
                                blockStart(0, ContentBlock::Kind::Thinking),
                                ev(StreamEvent::Kind::ThinkingDelta, 0, u"Hmm"_s),
                                ev(StreamEvent::Kind::SignatureDelta, 0, u"sig"_s),
                                ev(StreamEvent::Kind::BlockStop, 0),
                                blockStart(1, ContentBlock::Kind::Text),
                                ev(StreamEvent::Kind::TextDelta, 1, u"Hi"_s),
                                ev(StreamEvent::Kind::BlockStop, 1),
                                blockStart(2, ContentBlock::Kind::ToolUse, u"toolu_1"_s, u"Bash"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 2, u"{\"command\":"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 2, u"\"ls\"}"_s),
                                ev(StreamEvent::Kind::BlockStop, 2),
                                ev(StreamEvent::Kind::Ping),
                                finalDelta,
                                ev(StreamEvent::Kind::MessageStop) }
        << QByteArray(
               messageStart
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"thinking":"","type":"thinking"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"thinking":"Hmm","type":"thinking_delta"},"index":0,"type":"content_block_delta"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"signature":"sig","type":"signature_delta"},"index":0,"type":"content_block_delta"})")
               + blockStop
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"text":"","type":"text"},"index":1,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"text":"Hi","type":"text_delta"},"index":1,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":1,"type":"content_block_stop"})")
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"id":"toolu_1","input":{},"name":"Bash","type":"tool_use"},"index":2,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"{\"command\":","type":"input_json_delta"},"index":2,"type":"content_block_delta"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"\"ls\"}","type":"input_json_delta"},"index":2,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":2,"type":"content_block_stop"})")
               + sseEvent("ping", R"({"type":"ping"})")
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"tool_use","stop_sequence":null},"type":"message_delta","usage":{"cache_creation_input_tokens":30,"cache_read_input_tokens":20,"input_tokens":10,"output_tokens":42}})")
               + messageStop);

    // Sloppy input: no start, a delta before its block, a block never stopped, indexes with
    // gaps, a late MessageStart, two MessageDeltas, two MessageStops, events after the end.
    StreamEvent lateStart = start;
    lateStart.id = u"msg_late"_s;
    StreamEvent unknownUsageDelta = ev(StreamEvent::Kind::MessageDelta);
    unknownUsageDelta.stopReason = StopReason::EndTurn;
    unknownUsageDelta.usage.outputTokens = 5;
    QTest::newRow("sloppy")
        << QList<StreamEvent> { ev(StreamEvent::Kind::TextDelta, 4, u"Hi"_s),
                                blockStart(7, ContentBlock::Kind::ToolUse, u"toolu_2"_s, u"Read"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 7, u"{}"_s),
                                lateStart,
                                unknownUsageDelta,
                                finalDelta,
                                ev(StreamEvent::Kind::MessageStop),
                                ev(StreamEvent::Kind::MessageStop),
                                ev(StreamEvent::Kind::TextDelta, 4, u"late"_s) }
        << QByteArray(
               sseEvent(
                   "message_start",
                   R"({"message":{"content":[],"id":"msg_X","model":"claude-client","role":"assistant","stop_reason":null,"stop_sequence":null,"type":"message","usage":{"cache_creation_input_tokens":0,"cache_read_input_tokens":0,"input_tokens":0,"output_tokens":0}},"type":"message_start"})")
               + textStart + textHi + blockStop
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"id":"toolu_2","input":{},"name":"Read","type":"tool_use"},"index":1,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"{}","type":"input_json_delta"},"index":1,"type":"content_block_delta"})")
               + sseEvent("content_block_stop", R"({"index":1,"type":"content_block_stop"})")
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"end_turn","stop_sequence":null},"type":"message_delta","usage":{"output_tokens":5}})")
               + messageStop);

    QTest::newRow("stop without delta, block open")
        << QList<StreamEvent> { start,
                                blockStart(0, ContentBlock::Kind::ToolUse, u"toolu_3"_s, u"Bash"_s),
                                ev(StreamEvent::Kind::ToolArgsDelta, 0, u"{}"_s),
                                ev(StreamEvent::Kind::MessageStop) }
        << QByteArray(
               messageStart
               + sseEvent(
                   "content_block_start",
                   R"({"content_block":{"id":"toolu_3","input":{},"name":"Bash","type":"tool_use"},"index":0,"type":"content_block_start"})")
               + sseEvent(
                   "content_block_delta",
                   R"({"delta":{"partial_json":"{}","type":"input_json_delta"},"index":0,"type":"content_block_delta"})")
               + blockStop
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"tool_use","stop_sequence":null},"type":"message_delta","usage":{"output_tokens":0}})")
               + messageStop);

    QTest::newRow("finish closes an unfinished stream")
        << QList<StreamEvent> { start, ev(StreamEvent::Kind::TextDelta, 0, u"Hi"_s) }
        << QByteArray(
               messageStart + textStart + textHi + blockStop
               + sseEvent(
                   "message_delta",
                   R"({"delta":{"stop_reason":"end_turn","stop_sequence":null},"type":"message_delta","usage":{"output_tokens":0}})")
               + messageStop);

    StreamEvent failure = ev(StreamEvent::Kind::Error);
    failure.errorType = u"rate_limit_exceeded"_s;
    failure.errorMessage = u"Slow down"_s;
    QTest::newRow("error ends the stream")
        << QList<StreamEvent> { ev(StreamEvent::Kind::Ping),
                                start,
                                blockStart(0, ContentBlock::Kind::Text),
                                ev(StreamEvent::Kind::TextDelta, 0, u"Hi"_s),
                                failure,
                                ev(StreamEvent::Kind::MessageStop) }
        << QByteArray(
               sseEvent("ping", R"({"type":"ping"})") + messageStart + textStart + textHi
               + sseEvent(
                   "error",
                   R"({"error":{"message":"Slow down","type":"rate_limit_error"},"type":"error"})"));
}

void TestAnthropicCodecStream::streamEncode()
{
    QFETCH(QList<StreamEvent>, events);
    QFETCH(QByteArray, expected);
    Request request;
    request.model = u"claude-client"_s;
    const auto encoder = m_codec.streamEncoder(request);
    const QByteArray out = encodeEvents(*encoder, events);
    QCOMPARE(encoder->finish(), QByteArray());
    // Generated message ids are random: normalise them.
    const QString normalised = QString::fromUtf8(out).replace(
        QRegularExpression(u"\"msg_[A-Za-z0-9]{24}\""_s), u"\"msg_X\""_s);
    QCOMPARE(normalised, QString::fromUtf8(expected));
}

QTEST_GUILESS_MAIN(TestAnthropicCodecStream)
#include "tst_anthropic_codec_stream.moc"
