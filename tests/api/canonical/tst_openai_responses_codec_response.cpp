#include "CodecTestSupport.h"
#include "ResponsesSchema.h"
#include "api/canonical/OpenAiResponsesCodec.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::api;
using namespace switchyard::api::canonical;
using namespace switchyard::tests;

// Golden translation tests for the OpenAI Responses codec (Codex): whole responses and errors,
// checked against the required fields of the OpenAPI spec.
class TestOpenAiResponsesCodecResponse final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void encodeResponse_data();
    void encodeResponse();
    void usageMapping();
    void encodeError();
};

// moc's tokenizer trips over the JSON raw strings below; it only needs the class above.
#ifndef Q_MOC_RUN

void TestOpenAiResponsesCodecResponse::encodeResponse_data()
{
    QTest::addColumn<int>("scenario");
    QTest::addColumn<QByteArray>("expected"); // status, incomplete_details and output
    QTest::newRow("text") << 0 << QByteArray(R"({"status":"completed","incomplete_details":null,
        "output":[{"type":"message","id":"msg_abc_0","status":"completed","role":"assistant",
        "content":[{"type":"output_text","text":"Hello","annotations":[],"logprobs":[]}]}]})");
    QTest::newRow("tool call") << 1
                               << QByteArray(R"({"status":"completed","incomplete_details":null,
        "output":[{"type":"function_call","id":"fc_abc_0","status":"completed","call_id":"toolu_1",
        "name":"shell","arguments":"{\"command\":[\"ls\"]}"},
        {"type":"function_call","id":"fc_abc_1","status":"completed","call_id":"toolu_2",
        "name":"noargs","arguments":"{}"}]})");
    QTest::newRow("reasoning and text") << 2 << QByteArray(R"({"status":"completed",
        "incomplete_details":null,
        "output":[{"type":"reasoning","id":"rs_abc_0","encrypted_content":"sig",
        "summary":[{"type":"summary_text","text":"Thinking."}]},
        {"type":"message","id":"msg_abc_1","status":"completed","role":"assistant",
        "content":[{"type":"output_text","text":"Done","annotations":[],"logprobs":[]}]}]})");
    QTest::newRow("max tokens") << 3 << QByteArray(R"({"status":"incomplete",
        "incomplete_details":{"reason":"max_output_tokens"},
        "output":[{"type":"message","id":"msg_abc_0","status":"completed","role":"assistant",
        "content":[{"type":"output_text","text":"Cut","annotations":[],"logprobs":[]}]}]})");
}

void TestOpenAiResponsesCodecResponse::encodeResponse()
{
    QFETCH(int, scenario);
    QFETCH(QByteArray, expected);
    Response response;
    response.id = u"abc"_s;
    response.model = u"client-model"_s;
    response.created = 1700000000;
    ContentBlock text;
    ContentBlock call;
    call.kind = ContentBlock::Kind::ToolUse;
    if (scenario == 0) {
        text.text = u"Hello"_s;
        response.content = { text };
        response.stopReason = StopReason::EndTurn;
    } else if (scenario == 1) {
        call.toolId = u"toolu_1"_s;
        call.toolName = u"shell"_s;
        call.toolArguments = u"{\"command\":[\"ls\"]}"_s;
        ContentBlock second = call;
        second.toolId = u"toolu_2"_s;
        second.toolName = u"noargs"_s;
        second.toolArguments.clear();
        response.content = { call, second };
        response.stopReason = StopReason::ToolUse;
    } else if (scenario == 2) {
        ContentBlock thinking;
        thinking.kind = ContentBlock::Kind::Thinking;
        thinking.text = u"Thinking."_s;
        thinking.signature = u"sig"_s;
        text.text = u"Done"_s;
        response.content = { thinking, text };
        response.stopReason = StopReason::EndTurn;
    } else {
        text.text = u"Cut"_s;
        response.content = { text };
        response.stopReason = StopReason::MaxTokens;
    }
    const QJsonObject body = OpenAiResponsesCodec().encodeResponse(response);
    QCOMPARE(checkResponse(body), QStringList());
    QCOMPARE(body.value(u"id").toString(), u"resp_abc"_s);
    QCOMPARE(body.value(u"model").toString(), u"client-model"_s);
    QCOMPARE(body.value(u"created_at").toInteger(), 1700000000);
    QVERIFY(!body.contains(u"usage")); // not known: not invented
    const QJsonObject want = json(expected);
    for (auto it = want.begin(); it != want.end(); ++it)
        QCOMPARE(pretty(QJsonArray { body.value(it.key()) }), pretty(QJsonArray { it.value() }));

    // decodeResponse reverses it.
    const auto decoded = OpenAiResponsesCodec().decodeResponse(body);
    QVERIFY(std::holds_alternative<Response>(decoded));
    const Response back = std::get<Response>(decoded);
    QCOMPARE(back.content.size(), response.content.size());
    for (qsizetype i = 0; i < back.content.size(); ++i) {
        ContentBlock original = response.content.at(i);
        if (original.kind == ContentBlock::Kind::ToolUse && original.toolArguments.isEmpty())
            original.toolArguments = u"{}"_s;
        QCOMPARE(describeBlock(back.content.at(i)), describeBlock(original));
    }
    QCOMPARE(int(back.stopReason), int(response.stopReason));
}

void TestOpenAiResponsesCodecResponse::usageMapping()
{
    Response response;
    response.id = u"resp_u"_s;
    response.usage.known = true;
    response.usage.inputTokens = 100;
    response.usage.cacheReadTokens = 900;
    response.usage.cacheWriteTokens = 50;
    response.usage.outputTokens = 40;
    response.usage.reasoningTokens = 10;
    const QJsonObject usage
        = OpenAiResponsesCodec().encodeResponse(response).value(u"usage").toObject();
    const QJsonObject expected = json(R"({"input_tokens":1050,
        "input_tokens_details":{"cached_tokens":900,"cache_write_tokens":50},
        "output_tokens":40,"output_tokens_details":{"reasoning_tokens":10},"total_tokens":1090})");
    QCOMPARE(pretty(usage), pretty(expected));
    const auto decoded
        = OpenAiResponsesCodec().decodeResponse(OpenAiResponsesCodec().encodeResponse(response));
    const Usage back = std::get<Response>(decoded).usage;
    QCOMPARE(back.inputTokens, 100);
    QCOMPARE(back.cacheReadTokens, 900);
    QCOMPARE(back.cacheWriteTokens, 50);
    QCOMPARE(back.outputTokens, 40);
    QCOMPARE(back.reasoningTokens, 10);
}

void TestOpenAiResponsesCodecResponse::encodeError()
{
    const OpenAiResponsesCodec codec;
    const QJsonObject body
        = json(codec.encodeError(base::ApiError::invalidRequest(u"bad"_s, u"input"_s)));
    QCOMPARE(body.value(u"error").toObject().value(u"param").toString(), u"input"_s);
    QCOMPARE(body.value(u"error").toObject().value(u"type").toString(), u"invalid_request_error"_s);
    const base::ApiError decoded = codec.decodeError(
        429, R"({"error":{"message":"slow","type":"requests","code":"rate_limit_exceeded"}})");
    QCOMPARE(decoded.status, 429);
    QCOMPARE(decoded.code, u"rate_limit_exceeded"_s);
    QCOMPARE(decoded.message, u"slow"_s);
}

#endif // Q_MOC_RUN

QTEST_GUILESS_MAIN(TestOpenAiResponsesCodecResponse)
#include "tst_openai_responses_codec_response.moc"
