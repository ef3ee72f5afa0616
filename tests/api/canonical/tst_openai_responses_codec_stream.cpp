#include "CodecTestSupport.h"
#include "ResponsesSchema.h"
#include "api/canonical/OpenAiResponsesCodec.h"
#include "api/canonical/OpenAiResponsesStreamEncoder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Golden translation tests for the OpenAI Responses codec (Codex): SSE streams, both directions,
// every event checked against the required fields of the OpenAPI spec.
class TestOpenAiResponsesCodecStream final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void streamSequence();
    void streamFinishWithoutStop();
    void streamErrorCodes_data();
    void streamErrorCodes();
    void streamRoundTrip();
};

// moc's tokenizer trips over the JSON raw strings below; it only needs the class above.
#ifndef Q_MOC_RUN

namespace {

/// thinking, text and two tool calls, with usage, then MessageStop.
QList<StreamEvent> richStream()
{
    using K = StreamEvent::Kind;
    StreamEvent start = ev(K::MessageStart);
    start.id = u"msg_up1"_s;
    start.model = u"upstream-model"_s;
    start.usage.known = true;
    start.usage.inputTokens = 100;
    start.usage.cacheReadTokens = 900;
    StreamEvent delta = ev(K::MessageDelta);
    delta.stopReason = StopReason::ToolUse;
    delta.usage.known = true;
    delta.usage.outputTokens = 50;
    delta.usage.reasoningTokens = 20;
    return { start,
             blockStart(0, ContentBlock::Kind::Thinking),
             ev(K::ThinkingDelta, 0, u"Let me "_s),
             ev(K::ThinkingDelta, 0, u"think."_s),
             ev(K::SignatureDelta, 0, u"sig-1"_s),
             ev(K::BlockStop, 0),
             blockStart(1, ContentBlock::Kind::Text),
             ev(K::TextDelta, 1, u"Reading "_s),
             ev(K::TextDelta, 1, u"files."_s),
             ev(K::BlockStop, 1),
             blockStart(2, ContentBlock::Kind::ToolUse, u"call_a"_s, u"shell"_s),
             ev(K::ToolArgsDelta, 2, u"{\"command\":"_s),
             ev(K::ToolArgsDelta, 2, u"[\"ls\"]}"_s),
             ev(K::BlockStop, 2),
             blockStart(3, ContentBlock::Kind::ToolUse, u"call_b"_s, u"read"_s),
             ev(K::ToolArgsDelta, 3, u"{\"path\":\"a\"}"_s),
             ev(K::BlockStop, 3),
             delta,
             ev(K::Ping),
             ev(K::MessageStop) };
}

QByteArray encodeStream(const QList<StreamEvent> &events, bool callFinish = true)
{
    Request request;
    request.model = u"client-model"_s;
    OpenAiResponsesStreamEncoder encoder(request, 1700000000, u"resp_fallback"_s);
    return encodeEvents(encoder, events, callFinish);
}

} // namespace

void TestOpenAiResponsesCodecStream::streamSequence()
{
    const QList<WireEvent> events = parseSse(encodeStream(richStream()));
    QStringList names;
    int lastSequence = -1;
    QHash<int, QString> itemIds; // output_index → item id: stable from added to done
    for (const WireEvent &e : events) {
        names.append(QString::fromUtf8(e.name));
        QCOMPARE(e.object.value(u"type").toString(), QString::fromUtf8(e.name));
        QCOMPARE(checkEvent(e.object), QStringList());
        const int sequence = e.object.value(u"sequence_number").toInt(-1);
        QCOMPARE(sequence, lastSequence + 1);
        lastSequence = sequence;
        if (!e.object.contains(u"output_index"))
            continue;
        const int index = e.object.value(u"output_index").toInt();
        const QString id = e.object.contains(u"item")
            ? e.object.value(u"item").toObject().value(u"id").toString()
            : e.object.value(u"item_id").toString();
        if (!itemIds.contains(index))
            itemIds.insert(index, id);
        QCOMPARE(id, itemIds.value(index));
    }
    const QStringList expected {
        u"response.created"_s,
        u"response.in_progress"_s,
        u"response.output_item.added"_s,
        u"response.reasoning_summary_part.added"_s,
        u"response.reasoning_summary_text.delta"_s,
        u"response.reasoning_summary_text.delta"_s,
        u"response.reasoning_summary_text.done"_s,
        u"response.reasoning_summary_part.done"_s,
        u"response.output_item.done"_s,
        u"response.output_item.added"_s,
        u"response.content_part.added"_s,
        u"response.output_text.delta"_s,
        u"response.output_text.delta"_s,
        u"response.output_text.done"_s,
        u"response.content_part.done"_s,
        u"response.output_item.done"_s,
        u"response.output_item.added"_s,
        u"response.function_call_arguments.delta"_s,
        u"response.function_call_arguments.delta"_s,
        u"response.function_call_arguments.done"_s,
        u"response.output_item.done"_s,
        u"response.output_item.added"_s,
        u"response.function_call_arguments.delta"_s,
        u"response.function_call_arguments.done"_s,
        u"response.output_item.done"_s,
        u"response.completed"_s,
    };
    QCOMPARE(names, expected);
    QCOMPARE(itemIds.size(), 4);
    QCOMPARE(itemIds.value(0), u"rs_msg_up1_0"_s);
    QCOMPARE(itemIds.value(1), u"msg_msg_up1_1"_s);
    QCOMPARE(itemIds.value(2), u"fc_msg_up1_2"_s);

    const QJsonObject created = events.first().object.value(u"response").toObject();
    QCOMPARE(created.value(u"status").toString(), u"in_progress"_s);
    QCOMPARE(created.value(u"output").toArray().size(), 0);
    QCOMPARE(created.value(u"model").toString(), u"client-model"_s);
    QCOMPARE(created.value(u"id").toString(), u"resp_msg_up1"_s);

    const QJsonObject completed = events.last().object.value(u"response").toObject();
    QCOMPARE(completed.value(u"status").toString(), u"completed"_s);
    const QJsonArray output = completed.value(u"output").toArray();
    QCOMPARE(output.size(), 4);
    QCOMPARE(pretty(output.at(0).toObject()),
             pretty(json(R"({"type":"reasoning","id":"rs_msg_up1_0","encrypted_content":"sig-1",
                 "summary":[{"type":"summary_text","text":"Let me think."}]})")));
    QCOMPARE(output.at(1).toObject().value(u"content").toArray().at(0).toObject().value(u"text"),
             u"Reading files."_s);
    QCOMPARE(pretty(output.at(2).toObject()),
             pretty(json(R"({"type":"function_call","id":"fc_msg_up1_2","status":"completed",
                 "call_id":"call_a","name":"shell","arguments":"{\"command\":[\"ls\"]}"})")));
    QCOMPARE(output.at(3).toObject().value(u"call_id").toString(), u"call_b"_s);
    // Usage: cached tokens included in input_tokens and reported in the details.
    QCOMPARE(pretty(completed.value(u"usage").toObject()), pretty(json(R"({"input_tokens":1000,
                 "input_tokens_details":{"cached_tokens":900,"cache_write_tokens":0},
                 "output_tokens":50,"output_tokens_details":{"reasoning_tokens":20},
                 "total_tokens":1050})")));
}

void TestOpenAiResponsesCodecStream::streamFinishWithoutStop()
{
    QList<StreamEvent> cut = richStream().mid(0, 9); // ends inside the text block
    const QList<WireEvent> events = parseSse(encodeStream(cut));
    QVERIFY(!events.isEmpty());
    QCOMPARE(events.last().name, QByteArray("response.failed"));
    QCOMPARE(checkEvent(events.last().object), QStringList());
    const QJsonObject response = events.last().object.value(u"response").toObject();
    QCOMPARE(response.value(u"status").toString(), u"failed"_s);
    QCOMPARE(response.value(u"error").toObject().value(u"code").toString(), u"server_error"_s);
    QCOMPARE(response.value(u"output").toArray().size(), 1); // the finished reasoning item
    for (const WireEvent &e : events)
        QVERIFY(e.name != "response.completed");

    // An empty stream still opens and fails: Codex must see a terminal event.
    const QList<WireEvent> empty = parseSse(encodeStream({}));
    QCOMPARE(empty.size(), 3);
    QCOMPARE(empty.at(0).name, QByteArray("response.created"));
    QCOMPARE(empty.at(2).name, QByteArray("response.failed"));
    QCOMPARE(empty.at(2).object.value(u"sequence_number").toInt(), 2);

    // After MessageStop, finish() adds nothing.
    Request request;
    OpenAiResponsesStreamEncoder encoder(request, 1, u"resp_x"_s);
    for (const StreamEvent &e : richStream())
        encoder.encode(e);
    QCOMPARE(encoder.finish(), QByteArray());
}

void TestOpenAiResponsesCodecStream::streamErrorCodes_data()
{
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("code");
    QTest::newRow("context") << u"invalid_request_error"_s
                             << u"prompt is too long: 210000 tokens > 200000 maximum"_s
                             << u"context_length_exceeded"_s;
    QTest::newRow("context code") << u"context_length_exceeded"_s << u"too big"_s
                                  << u"context_length_exceeded"_s;
    QTest::newRow("rate limit") << u"rate_limit_error"_s << u"slow down"_s
                                << u"rate_limit_exceeded"_s;
    QTest::newRow("quota") << u"insufficient_quota"_s << u"You exceeded your current quota"_s
                           << u"insufficient_quota"_s;
    QTest::newRow("billing") << u"invalid_request_error"_s << u"Your credit balance is too low"_s
                             << u"insufficient_quota"_s;
    QTest::newRow("overloaded") << u"overloaded_error"_s << u"Overloaded"_s << u"server_error"_s;
}

void TestOpenAiResponsesCodecStream::streamErrorCodes()
{
    QFETCH(QString, type);
    QFETCH(QString, message);
    QFETCH(QString, code);
    StreamEvent error = ev(StreamEvent::Kind::Error);
    error.errorType = type;
    error.errorMessage = message;
    QList<StreamEvent> events = richStream().mid(0, 3);
    events.append(error);
    events.append(ev(StreamEvent::Kind::TextDelta, 5, u"ignored"_s));
    const QList<WireEvent> sse = parseSse(encodeStream(events));
    QCOMPARE(sse.last().name, QByteArray("response.failed"));
    QCOMPARE(checkEvent(sse.last().object), QStringList());
    const QJsonObject failure
        = sse.last().object.value(u"response").toObject().value(u"error").toObject();
    QCOMPARE(failure.value(u"code").toString(), code);
    QCOMPARE(failure.value(u"message").toString(), message);
}

// The upstream direction reverses the client one: encode, then decode, gives the same events.
void TestOpenAiResponsesCodecStream::streamRoundTrip()
{
    const QList<WireEvent> sse = parseSse(encodeStream(richStream()));
    const std::unique_ptr<StreamDecoder> decoder = OpenAiResponsesCodec().streamDecoder();
    QList<StreamEvent> decoded;
    for (const WireEvent &e : sse)
        decoded += decoder->decode(e.name, QJsonDocument(e.object).toJson());
    decoded += decoder->finish();
    QStringList got;
    for (const StreamEvent &e : decoded)
        got.append(QString::number(int(e.kind)) % u' ' % QString::number(e.index) % u' ' % e.text
                   % u' ' % e.block.toolId % u' ' % e.block.toolName);
    QStringList want;
    for (const StreamEvent &e : richStream()) {
        if (e.kind == StreamEvent::Kind::Ping)
            continue;
        want.append(QString::number(int(e.kind)) % u' ' % QString::number(e.index) % u' ' % e.text
                    % u' ' % e.block.toolId % u' ' % e.block.toolName);
    }
    // The signature arrives with the finished item, just before its BlockStop (same order here).
    QCOMPARE(got, want);
    QCOMPARE(decoded.first().id, u"resp_msg_up1"_s);
    const Usage usage = decoded.at(decoded.size() - 2).usage;
    QCOMPARE(usage.inputTokens, 100);
    QCOMPARE(usage.cacheReadTokens, 900);
    QCOMPARE(int(decoded.at(decoded.size() - 2).stopReason), int(StopReason::ToolUse));
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestOpenAiResponsesCodecStream)
#include "tst_openai_responses_codec_stream.moc"
