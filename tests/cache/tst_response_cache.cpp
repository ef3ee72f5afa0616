#include "cache/CacheEntry.h"
#include "cache/ResponseCache.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace switchyard;
using namespace switchyard::cache;

namespace {

constexpr qint64 kNow = 1'700'000'000'000;

CacheEntry bodyEntry(const QByteArray &key, qsizetype bodyBytes = 100, qint64 ttlMs = 60'000)
{
    CacheEntry e;
    e.key = key;
    e.status = 200;
    e.contentType = "application/json"_ba;
    e.body = QByteArray(bodyBytes, 'x');
    e.model = u"gpt-4o"_s;
    e.provider = u"openai"_s;
    e.createdMs = kNow;
    e.expiresMs = kNow + ttlMs;
    return e;
}

// A real OpenAI chat stream as the gateway relays it (LF line ends; a "\n" inside content).
QList<QByteArray> openAiEvents()
{
    return {
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\","
        "\"content\":\"\"},\"finish_reason\":null}]}\n\n"_ba,
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\\n\\nlo\"},"
        "\"finish_reason\":null}]}\n\n"_ba,
        "data: {\"id\":\"chatcmpl-1\",\"object\":\"chat.completion.chunk\",\"created\":1700000000,"
        "\"model\":\"gpt-4o\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}"
        "\n\n"_ba,
        "data: [DONE]\n\n"_ba,
    };
}

// A real Anthropic Messages stream: event lines, a ping, and CRLF line ends as some
// servers send them.
QList<QByteArray> anthropicEvents()
{
    return {
        "event: message_start\r\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_01\","
        "\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[]"
        ","
        "\"stop_reason\":null,\"usage\":{\"input_tokens\":12,\"output_tokens\":1}}}\r\n\r\n"_ba,
        "event: ping\r\ndata: {\"type\":\"ping\"}\r\n\r\n"_ba,
        "event: content_block_start\r\ndata: {\"type\":\"content_block_start\",\"index\":0,"
        "\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\r\n\r\n"_ba,
        "event: content_block_delta\r\ndata: {\"type\":\"content_block_delta\",\"index\":0,"
        "\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}\r\n\r\n"_ba,
        "event: content_block_stop\r\ndata: {\"type\":\"content_block_stop\",\"index\":0}\r\n\r\n"_ba,
        "event: message_delta\r\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":"
        "\"end_turn\"},\"usage\":{\"output_tokens\":5}}\r\n\r\n"_ba,
        "event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n"_ba,
    };
}

QByteArray concat(const QList<QByteArray> &events)
{
    QByteArray out;
    for (const QByteArray &e : events)
        out.append(e);
    return out;
}

QByteArray openAiStream()
{
    return concat(openAiEvents());
}

QByteArray anthropicStream()
{
    return concat(anthropicEvents());
}

} // namespace

Q_DECLARE_METATYPE(switchyard::cache::CacheEntry)

class TestResponseCache final : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void hitAndMiss();
    void expiry_data();
    void expiry();
    void purgeExpired();
    void lruEvictionByCount();
    void lruEvictionByBytes();
    void shrinkingLimitsEvicts();
    void oversizeRefused();
    void invalidEntriesRefused_data();
    void invalidEntriesRefused();
    void replaceSameKey();
    void eraseAndClear();
    void entriesRestoreRoundTrip();
    void restoreSkipsExpiredAndInvalid();
    void splitEvents_data();
    void splitEvents();
    void splitEventsKeepsIncompleteTail();
    void streamEntryStoredBodyRoundTrip();
    void formatNames();
};

void TestResponseCache::hitAndMiss()
{
    ResponseCache cache;
    QVERIFY(!cache.lookup("a"_ba, kNow));
    QVERIFY(cache.insert(bodyEntry("a"_ba, 10)));
    const auto hit = cache.lookup("a"_ba, kNow + 1);
    QVERIFY(hit);
    QCOMPARE(hit->key, "a"_ba);
    QCOMPARE(hit->body, QByteArray(10, 'x'));
    QCOMPARE(hit->model, u"gpt-4o"_s);
    QVERIFY(!cache.lookup("b"_ba, kNow));

    const CacheStats stats = cache.stats();
    QCOMPARE(stats.hits, 1);
    QCOMPARE(stats.misses, 2);
    QCOMPARE(stats.inserts, 1);
    QCOMPARE(stats.entries, 1);
    QCOMPARE(stats.bytes, bodyEntry("a"_ba, 10).bytes());
    QCOMPARE(stats.evictions, 0);
    QCOMPARE(stats.expirations, 0);
}

void TestResponseCache::expiry_data()
{
    QTest::addColumn<qint64>("offsetMs");
    QTest::addColumn<bool>("hit");
    QTest::newRow("just created") << qint64(0) << true;
    QTest::newRow("one ms before") << qint64(59'999) << true;
    QTest::newRow("at expiry") << qint64(60'000) << false;
    QTest::newRow("long after") << qint64(3'600'000) << false;
}

void TestResponseCache::expiry()
{
    QFETCH(qint64, offsetMs);
    QFETCH(bool, hit);
    ResponseCache cache;
    QVERIFY(cache.insert(bodyEntry("k"_ba, 10, 60'000)));
    QCOMPARE(bool(cache.lookup("k"_ba, kNow + offsetMs)), hit);
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.hits, hit ? 1 : 0);
    QCOMPARE(stats.misses, hit ? 0 : 1);
    QCOMPARE(stats.expirations, hit ? 0 : 1);
    QCOMPARE(stats.entries, hit ? 1 : 0); // an expired entry is erased on lookup
    QCOMPARE(stats.bytes, hit ? bodyEntry("k"_ba, 10).bytes() : 0);
}

void TestResponseCache::purgeExpired()
{
    ResponseCache cache;
    QVERIFY(cache.insert(bodyEntry("short"_ba, 10, 1'000)));
    QVERIFY(cache.insert(bodyEntry("long"_ba, 10, 100'000)));
    QCOMPARE(cache.purgeExpired(kNow + 5'000), 1);
    QVERIFY(!cache.contains("short"_ba));
    QVERIFY(cache.contains("long"_ba));
    QCOMPARE(cache.stats().expirations, 1);
    QCOMPARE(cache.stats().entries, 1);
}

void TestResponseCache::lruEvictionByCount()
{
    ResponseCache cache({ 64LL * 1024 * 1024, 3 });
    QVERIFY(cache.insert(bodyEntry("a"_ba)));
    QVERIFY(cache.insert(bodyEntry("b"_ba)));
    QVERIFY(cache.insert(bodyEntry("c"_ba)));
    QVERIFY(cache.lookup("a"_ba, kNow)); // a is now the most recent; b the least
    QVERIFY(cache.insert(bodyEntry("d"_ba)));
    QVERIFY(!cache.contains("b"_ba));
    QVERIFY(cache.contains("a"_ba));
    QVERIFY(cache.contains("c"_ba));
    QVERIFY(cache.contains("d"_ba));
    QCOMPARE(cache.stats().evictions, 1);
    QCOMPARE(cache.stats().entries, 3);
}

void TestResponseCache::lruEvictionByBytes()
{
    const qint64 one = bodyEntry("a"_ba, 1000).bytes();
    ResponseCache cache({ 3 * one, 1000 }); // room for three entries of this size
    QVERIFY(cache.insert(bodyEntry("a"_ba, 1000)));
    QVERIFY(cache.insert(bodyEntry("b"_ba, 1000)));
    QVERIFY(cache.insert(bodyEntry("c"_ba, 1000)));
    QCOMPARE(cache.stats().bytes, 3 * one);
    QVERIFY(cache.lookup("a"_ba, kNow));
    QVERIFY(cache.lookup("b"_ba, kNow)); // c is the least recently used now
    QVERIFY(cache.insert(bodyEntry("d"_ba, 1000)));
    QVERIFY(!cache.contains("c"_ba));
    QCOMPARE(cache.stats().evictions, 1);
    // One entry twice the size pushes out the two least recent (a, then b).
    QVERIFY(cache.insert(bodyEntry("e"_ba, 1000 + one)));
    QVERIFY(!cache.contains("a"_ba));
    QVERIFY(!cache.contains("b"_ba));
    QVERIFY(cache.contains("d"_ba));
    QVERIFY(cache.contains("e"_ba));
    QCOMPARE(cache.stats().evictions, 3);
    QVERIFY(cache.stats().bytes <= 3 * one);
}

void TestResponseCache::shrinkingLimitsEvicts()
{
    ResponseCache cache;
    for (const QByteArray &key : { "a"_ba, "b"_ba, "c"_ba, "d"_ba })
        QVERIFY(cache.insert(bodyEntry(key)));
    cache.setLimits({ 64LL * 1024 * 1024, 2 });
    QCOMPARE(cache.stats().entries, 2);
    QVERIFY(cache.contains("c"_ba));
    QVERIFY(cache.contains("d"_ba));
    QCOMPARE(cache.stats().evictions, 2);
}

void TestResponseCache::oversizeRefused()
{
    ResponseCache cache({ 4096, 100 });
    QVERIFY(cache.insert(bodyEntry("small"_ba, 100)));
    QVERIFY(!cache.insert(bodyEntry("huge"_ba, 5000)));
    QVERIFY(!cache.contains("huge"_ba));
    QVERIFY(cache.contains("small"_ba)); // a refused entry evicts nothing
    const CacheStats stats = cache.stats();
    QCOMPARE(stats.inserts, 1);
    QCOMPARE(stats.evictions, 0);
    QCOMPARE(stats.entries, 1);
}

void TestResponseCache::invalidEntriesRefused_data()
{
    QTest::addColumn<CacheEntry>("entry");
    CacheEntry e = bodyEntry("k"_ba);
    e.status = 500;
    QTest::newRow("500") << e;
    e.status = 404;
    QTest::newRow("404") << e;
    e.status = 304;
    QTest::newRow("304") << e;
    QTest::newRow("no key") << bodyEntry(QByteArray());
    CacheEntry s = bodyEntry("s"_ba);
    s.stream = true;
    QTest::newRow("stream without events") << s;
    s.events = { "data: [DONE]\n"_ba };
    QTest::newRow("stream with an incomplete event") << s;
}

void TestResponseCache::invalidEntriesRefused()
{
    QFETCH(CacheEntry, entry);
    ResponseCache cache;
    QVERIFY(!cache.insert(entry));
    QCOMPARE(cache.stats().entries, 0);
    QCOMPARE(cache.stats().inserts, 0);
}

void TestResponseCache::replaceSameKey()
{
    ResponseCache cache;
    QVERIFY(cache.insert(bodyEntry("k"_ba, 10)));
    QVERIFY(cache.insert(bodyEntry("k"_ba, 20)));
    QCOMPARE(cache.stats().entries, 1);
    QCOMPARE(cache.stats().bytes, bodyEntry("k"_ba, 20).bytes());
    QCOMPARE(cache.lookup("k"_ba, kNow)->body.size(), 20);
}

void TestResponseCache::eraseAndClear()
{
    ResponseCache cache;
    QVERIFY(cache.insert(bodyEntry("a"_ba)));
    QVERIFY(cache.insert(bodyEntry("b"_ba)));
    QVERIFY(cache.erase("a"_ba));
    QVERIFY(!cache.erase("a"_ba));
    QCOMPARE(cache.stats().entries, 1);
    QCOMPARE(cache.stats().bytes, bodyEntry("b"_ba).bytes());
    cache.clear();
    QCOMPARE(cache.stats().entries, 0);
    QCOMPARE(cache.stats().bytes, 0);
    QVERIFY(!cache.lookup("b"_ba, kNow));
}

void TestResponseCache::entriesRestoreRoundTrip()
{
    ResponseCache cache({ 64LL * 1024 * 1024, 3 });
    CacheEntry streamEntry = bodyEntry("s"_ba, 0);
    streamEntry.stream = true;
    streamEntry.inbound = base::WireFormat::AnthropicMessages;
    streamEntry.contentType = "text/event-stream; charset=utf-8"_ba;
    streamEntry.events = cache::splitEvents(anthropicStream());
    QVERIFY(cache.insert(bodyEntry("a"_ba)));
    QVERIFY(cache.insert(streamEntry));
    QVERIFY(cache.insert(bodyEntry("b"_ba)));
    QVERIFY(cache.lookup("a"_ba, kNow)); // recency: s, b, a

    const QList<CacheEntry> saved = cache.entries();
    QCOMPARE(saved.size(), 3);
    QCOMPARE(saved.at(0).key, "s"_ba);
    QCOMPARE(saved.at(1).key, "b"_ba);
    QCOMPARE(saved.at(2).key, "a"_ba);

    // Through the store's columns and back: the body column holds the joined events.
    QList<CacheEntry> rows;
    for (const CacheEntry &e : saved) {
        CacheEntry row = e;
        row.body = e.storedBody();
        row.events.clear();
        if (row.stream) {
            row.events = cache::splitEvents(row.body);
            row.body.clear();
        }
        rows.append(row);
    }

    ResponseCache restored({ 64LL * 1024 * 1024, 3 });
    QCOMPARE(restored.restore(rows, kNow + 1), 3);
    QCOMPARE(restored.stats().inserts, 0);
    QCOMPARE(restored.stats().bytes, cache.stats().bytes);
    const auto s = restored.lookup("s"_ba, kNow + 2);
    QVERIFY(s);
    QVERIFY(s->stream);
    QVERIFY(s->inbound == base::WireFormat::AnthropicMessages);
    QCOMPARE(s->events, streamEntry.events);
    QCOMPARE(cache::joinEvents(s->events), anthropicStream());
    // Recency survived: s was just used, so the next insert evicts b (the oldest).
    QVERIFY(restored.insert(bodyEntry("c"_ba)));
    QVERIFY(!restored.contains("b"_ba));
    QVERIFY(restored.contains("a"_ba));
}

void TestResponseCache::restoreSkipsExpiredAndInvalid()
{
    CacheEntry expired = bodyEntry("old"_ba, 10, 1'000);
    CacheEntry broken = bodyEntry("broken"_ba);
    broken.stream = true;
    broken.events = { "data: {\"partial\":"_ba };
    CacheEntry error = bodyEntry("error"_ba);
    error.status = 502;
    ResponseCache cache;
    QCOMPARE(cache.restore({ expired, broken, error, bodyEntry("good"_ba) }, kNow + 5'000), 1);
    QVERIFY(cache.contains("good"_ba));
    QCOMPARE(cache.stats().entries, 1);
}

void TestResponseCache::splitEvents_data()
{
    QTest::addColumn<QByteArray>("stream");
    QTest::addColumn<QList<QByteArray>>("events");

    QTest::newRow("openai chat") << openAiStream() << openAiEvents();
    QTest::newRow("anthropic crlf") << anthropicStream() << anthropicEvents();
    QTest::newRow("multi-line data and a comment")
        << "data: {\"a\":\ndata: 1}\n\n: keep-alive\n\nevent: x\nid: 7\nretry: 100\ndata: line1\ndata: line2\n\ndata: [DONE]\n\n"_ba
        << QList<QByteArray> { "data: {\"a\":\ndata: 1}\n\n"_ba, ": keep-alive\n\n"_ba,
                               "event: x\nid: 7\nretry: 100\ndata: line1\ndata: line2\n\n"_ba,
                               "data: [DONE]\n\n"_ba };
    QTest::newRow("crlf") << "data: a\r\ndata: b\r\n\r\ndata: c\r\n\r\n"_ba
                          << QList<QByteArray> { "data: a\r\ndata: b\r\n\r\n"_ba,
                                                 "data: c\r\n\r\n"_ba };
    QTest::newRow("bare cr") << "data: a\r\rdata: b\r\r"_ba
                             << QList<QByteArray> { "data: a\r\r"_ba, "data: b\r\r"_ba };
    QTest::newRow("mixed line ends")
        << "data: a\r\n\ndata: b\n\r\ndata: c\r\n\r"_ba
        << QList<QByteArray> { "data: a\r\n\n"_ba, "data: b\n\r\n"_ba, "data: c\r\n\r"_ba };
    QTest::newRow("data containing blank-looking text")
        << "data: {\"text\":\"a\\n\\nb\"}\n\n"_ba
        << QList<QByteArray> { "data: {\"text\":\"a\\n\\nb\"}\n\n"_ba };
    QTest::newRow("empty") << QByteArray() << QList<QByteArray>();
}

void TestResponseCache::splitEvents()
{
    QFETCH(QByteArray, stream);
    QFETCH(QList<QByteArray>, events);
    const QList<QByteArray> split = cache::splitEvents(stream);
    QCOMPARE(split, events);
    QCOMPARE(cache::joinEvents(split), stream);
    for (const QByteArray &event : split)
        QVERIFY2(cache::isCompleteEvent(event), event.constData());
    // Splitting the joined list again gives the same list (what a store round trip does).
    QCOMPARE(cache::splitEvents(cache::joinEvents(split)), split);
}

void TestResponseCache::splitEventsKeepsIncompleteTail()
{
    const QList<QByteArray> anthropic = cache::splitEvents(anthropicStream());
    QCOMPARE(anthropic.size(), 7);
    QVERIFY(anthropic.front().startsWith("event: message_start\r\n"));
    QCOMPARE(anthropic.at(1), "event: ping\r\ndata: {\"type\":\"ping\"}\r\n\r\n"_ba);
    QCOMPARE(anthropic.back(),
             "event: message_stop\r\ndata: {\"type\":\"message_stop\"}\r\n\r\n"_ba);

    const QByteArray cut = anthropicStream().chopped(3); // ends "...}\r"
    const QList<QByteArray> parts = cache::splitEvents(cut);
    QCOMPARE(parts.size(), 7);
    QVERIFY(!cache::isCompleteEvent(parts.back()));
    QCOMPARE(cache::joinEvents(parts), cut);
    QVERIFY(!cache::isCompleteEvent("data: x\n"_ba));
    QVERIFY(!cache::isCompleteEvent("data: x\n\ndata: y\n\n"_ba)); // two events
}

void TestResponseCache::streamEntryStoredBodyRoundTrip()
{
    CacheEntry e = bodyEntry("k"_ba, 0);
    e.stream = true;
    e.events = cache::splitEvents(openAiStream());
    QCOMPARE(e.storedBody(), openAiStream());
    QVERIFY(e.isValid());
    QVERIFY(e.bytes() > openAiStream().size());
    CacheEntry plain = bodyEntry("p"_ba, 5);
    QCOMPARE(plain.storedBody(), QByteArray(5, 'x'));
}

void TestResponseCache::formatNames()
{
    for (const base::WireFormat f :
         { base::WireFormat::OpenAiChat, base::WireFormat::OpenAiCompletions,
           base::WireFormat::OpenAiEmbeddings, base::WireFormat::AnthropicMessages,
           base::WireFormat::OpenAiResponses, base::WireFormat::OllamaChat }) {
        const QString name = cache::formatName(f);
        QVERIFY(!name.isEmpty());
        const auto parsed = cache::formatFromName(name);
        QVERIFY(parsed);
        QVERIFY(*parsed == f);
    }
    QCOMPARE(cache::formatName(base::WireFormat::AnthropicMessages), u"anthropic_messages"_s);
    QVERIFY(!cache::formatFromName(u"nope"));
}

QTEST_GUILESS_MAIN(TestResponseCache)
#include "tst_response_cache.moc"
