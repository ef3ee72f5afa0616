#include "cache/CacheEntry.h"
#include "cache/Replay.h"
#include "cache/ResponseCache.h"
#include "cache/StreamRecorder.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::cache;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

CacheEntry skeleton(base::WireFormat format)
{
    CacheEntry e;
    e.key = "0123abcd"_ba;
    e.inbound = format;
    e.status = 200;
    e.contentType = "text/event-stream; charset=utf-8"_ba;
    e.model = u"m"_s;
    e.provider = u"p"_s;
    e.createdMs = kNow;
    e.expiresMs = kNow + 60'000;
    return e;
}

const QByteArray kChatChunk
    = "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}\n\n"_ba;
const QByteArray kChatStop
    = "data: {\"id\":\"chatcmpl-9\",\"object\":\"chat.completion.chunk\",\"choices\":[{\"index\":0,"
      "\"delta\":{},\"finish_reason\":\"stop\"}]}\n\n"_ba;
const QByteArray kDone = "data: [DONE]\n\n"_ba;
const QByteArray kChatError
    = "data: {\"error\":{\"message\":\"The upstream broke\",\"type\":\"api_error\",\"code\":"
      "\"upstream_stream_error\"}}\n\n"_ba;

const QByteArray kMsgStart
    = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\"}}\n\n"_ba;
const QByteArray kMsgDelta
    = "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
      "{\"type\":\"text_delta\",\"text\":\"Hi\"}}\n\n"_ba;
const QByteArray kMsgStop = "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n"_ba;
const QByteArray kMsgError
    = "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\","
      "\"message\":\"Overloaded\"}}\n\n"_ba;

const QByteArray kRespCreated = "event: response.created\ndata: "
                                "{\"type\":\"response.created\",\"response\":{\"id\":\"resp_1\","
                                "\"status\":\"in_progress\",\"error\":null}}\n\n"_ba;
const QByteArray kRespDelta = "event: response.output_text.delta\ndata: {\"type\":"
                              "\"response.output_text.delta\",\"delta\":\"Hi\"}\n\n"_ba;
const QByteArray kRespCompleted
    = "event: response.completed\ndata: {\"type\":\"response.completed\",\"response\":{\"id\":"
      "\"resp_1\",\"status\":\"completed\",\"error\":null}}\n\n"_ba;
const QByteArray kRespFailed
    = "event: response.failed\ndata: {\"type\":\"response.failed\",\"response\":{\"id\":\"resp_1\","
      "\"status\":\"failed\"}}\n\n"_ba;

} // namespace

class TestStreamRecorder final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void outcome_data();
    void outcome();
    void eventsKeptExactly();
    void partialAppendsJoin();
    void failedRelayIsNotStored();
    void sizeLimit();
    void nonSuccessStatusIsNotStored();
    void replayNonStream();
    void replayStream();
};

void TestStreamRecorder::outcome_data()
{
    QTest::addColumn<int>("format");
    QTest::addColumn<QList<QByteArray>>("writes");
    QTest::addColumn<bool>("stored");
    const int chat = int(base::WireFormat::OpenAiChat);
    const int anthropic = int(base::WireFormat::AnthropicMessages);
    const int responses = int(base::WireFormat::OpenAiResponses);
    using L = QList<QByteArray>;
    QTest::newRow("chat complete") << chat << L { kChatChunk, kChatStop, kDone } << true;
    QTest::newRow("chat without [DONE]") << chat << L { kChatChunk, kChatStop } << false;
    QTest::newRow("chat error event") << chat << L { kChatChunk, kChatError } << false;
    QTest::newRow("chat error then [DONE]") << chat << L { kChatChunk, kChatError, kDone } << false;
    QTest::newRow("chat cut mid-event")
        << chat << L { kChatChunk, kDone, "data: {\"x\""_ba } << false;
    QTest::newRow("completions complete")
        << int(base::WireFormat::OpenAiCompletions) << L { kChatChunk, kDone } << true;
    QTest::newRow("anthropic complete")
        << anthropic << L { kMsgStart, kMsgDelta, kMsgStop } << true;
    QTest::newRow("anthropic with comment keep-alive")
        << anthropic << L { kMsgStart, ": ping\n\n"_ba, kMsgDelta, kMsgStop } << true;
    QTest::newRow("anthropic no message_stop") << anthropic << L { kMsgStart, kMsgDelta } << false;
    QTest::newRow("anthropic error") << anthropic << L { kMsgStart, kMsgError } << false;
    QTest::newRow("anthropic error then message_stop")
        << anthropic << L { kMsgStart, kMsgError, kMsgStop } << false;
    QTest::newRow("anthropic [DONE] is not its end")
        << anthropic << L { kMsgStart, kMsgDelta, kDone } << false;
    QTest::newRow("responses complete")
        << responses << L { kRespCreated, kRespDelta, kRespCompleted } << true;
    QTest::newRow("responses failed")
        << responses << L { kRespCreated, kRespDelta, kRespFailed } << false;
    QTest::newRow("responses cut") << responses << L { kRespCreated, kRespDelta } << false;
    QTest::newRow("nothing") << chat << L {} << false;
    QTest::newRow("embeddings never stream")
        << int(base::WireFormat::OpenAiEmbeddings) << L { kDone } << false;
}

void TestStreamRecorder::outcome()
{
    QFETCH(int, format);
    QFETCH(QList<QByteArray>, writes);
    QFETCH(bool, stored);
    StreamRecorder recorder(skeleton(base::WireFormat(format)));
    for (const QByteArray &w : writes)
        recorder.append(w);
    const auto entry = recorder.finish();
    QCOMPARE(bool(entry), stored);
    if (entry) {
        QVERIFY(entry->stream);
        QCOMPARE(entry->events, writes);
        QVERIFY(entry->isValid());
        QVERIFY(entry->body.isEmpty());
    }
}

void TestStreamRecorder::eventsKeptExactly()
{
    // Two events written in one chunk (a translated stream does that) come back split.
    StreamRecorder recorder(skeleton(base::WireFormat::OpenAiChat));
    recorder.append(QByteArray(kChatChunk + kChatStop));
    recorder.append(kDone);
    const auto entry = recorder.finish();
    QVERIFY(entry);
    QCOMPARE(entry->events, (QList<QByteArray> { kChatChunk, kChatStop, kDone }));
    QCOMPARE(entry->key, "0123abcd"_ba);
    QCOMPARE(entry->model, u"m"_s);
    QCOMPARE(entry->expiresMs, kNow + 60'000);
    QCOMPARE(entry->storedBody(), QByteArray(kChatChunk + kChatStop + kDone));
}

void TestStreamRecorder::partialAppendsJoin()
{
    StreamRecorder recorder(skeleton(base::WireFormat::AnthropicMessages));
    const QByteArray all = QByteArray(kMsgStart + kMsgDelta + kMsgStop);
    for (qsizetype i = 0; i < all.size(); i += 7)
        recorder.append(QByteArrayView(all).sliced(i, std::min<qsizetype>(7, all.size() - i)));
    const auto entry = recorder.finish();
    QVERIFY(entry);
    QCOMPARE(entry->events, (QList<QByteArray> { kMsgStart, kMsgDelta, kMsgStop }));
}

void TestStreamRecorder::failedRelayIsNotStored()
{
    StreamRecorder recorder(skeleton(base::WireFormat::OpenAiChat));
    recorder.append(kChatChunk);
    recorder.append(kDone);
    recorder.fail(); // e.g. the client went away before endStream
    QVERIFY(recorder.failed());
    QVERIFY(!recorder.finish());
}

void TestStreamRecorder::sizeLimit()
{
    const qint64 limit = kChatChunk.size() + kDone.size() - 1;
    StreamRecorder recorder(skeleton(base::WireFormat::OpenAiChat), limit);
    recorder.append(kChatChunk);
    recorder.append(kDone);
    QVERIFY(!recorder.finish());

    StreamRecorder exact(skeleton(base::WireFormat::OpenAiChat), limit + 1);
    exact.append(kChatChunk);
    exact.append(kDone);
    QVERIFY(exact.finish());
}

void TestStreamRecorder::nonSuccessStatusIsNotStored()
{
    CacheEntry s = skeleton(base::WireFormat::OpenAiChat);
    s.status = 500;
    StreamRecorder recorder(s);
    recorder.append(kChatChunk);
    recorder.append(kDone);
    QVERIFY(!recorder.finish());
}

void TestStreamRecorder::replayNonStream()
{
    CacheEntry e = skeleton(base::WireFormat::OpenAiChat);
    e.stream = false;
    e.contentType = "application/json"_ba;
    e.body = R"({"id":"chatcmpl-1","object":"chat.completion"})"_ba;
    e.provider = u"openai"_s;
    e.model = u"gpt-4o"_s;
    ResponseCache cache;
    QVERIFY(cache.insert(e));
    const auto hit = cache.lookup(e.key, kNow + 1);
    QVERIFY(hit);
    const Replay replay(*hit);
    QVERIFY(!replay.isStream());
    QCOMPARE(replay.status(), 200);
    QCOMPARE(replay.contentType(), "application/json"_ba);
    QCOMPARE(replay.body(), e.body); // ids are the original ones: nothing is rewritten
    const base::HeaderList headers = replay.headers();
    QCOMPARE(base::headerValue(headers, "content-type"), "application/json"_ba);
    QCOMPARE(base::headerValue(headers, "x-switchyard-cache"), "hit"_ba);
    QCOMPARE(base::headerValue(headers, "x-switchyard-provider"), "openai"_ba);
    QCOMPARE(base::headerValue(headers, "x-switchyard-model"), "gpt-4o"_ba);
    QCOMPARE(Replay::cacheHeaderName(), "x-switchyard-cache"_ba);
    QCOMPARE(Replay::hitHeaderValue(), "hit"_ba);
}

void TestStreamRecorder::replayStream()
{
    StreamRecorder recorder(skeleton(base::WireFormat::AnthropicMessages));
    recorder.append(kMsgStart);
    recorder.append(kMsgDelta);
    recorder.append(kMsgStop);
    auto entry = recorder.finish();
    QVERIFY(entry);
    ResponseCache cache;
    QVERIFY(cache.insert(*entry));
    const Replay replay(*cache.lookup(entry->key, kNow));
    QVERIFY(replay.isStream());
    QCOMPARE(replay.events(), (QList<QByteArray> { kMsgStart, kMsgDelta, kMsgStop }));
    QCOMPARE(base::headerValue(replay.headers(), "content-type"),
             "text/event-stream; charset=utf-8"_ba);
    QCOMPARE(base::headerValue(replay.headers(), "x-switchyard-cache"), "hit"_ba);
}

QTEST_GUILESS_MAIN(TestStreamRecorder)
#include "tst_stream_recorder.moc"
