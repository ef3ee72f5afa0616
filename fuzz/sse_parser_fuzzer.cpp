// The incremental SSE parser: any chunking of a stream must give the same events as one
// feed (TCP delivers arbitrary splits, CRLF included), and a small event limit must hold.
#include "FuzzSupport.h"
#include "api/SseParser.h"

using namespace switchyard;

namespace {

QList<api::SseEvent> feedInChunks(QByteArrayView stream, quint64 seed, qsizetype maxChunk)
{
    api::SseParser parser;
    QList<api::SseEvent> events;
    qsizetype pos = 0;
    while (pos < stream.size()) {
        seed ^= seed << 13; // xorshift64: the splits follow the input, reproducibly
        seed ^= seed >> 7;
        seed ^= seed << 17;
        const qsizetype chunk
            = std::min<qsizetype>(qsizetype(seed % quint64(maxChunk)) + 1, stream.size() - pos);
        events += parser.feed(stream.sliced(pos, chunk));
        pos += chunk;
    }
    if (parser.pendingBytes() > stream.size())
        fuzz::fail("the parser holds more bytes than it was fed");
    return events;
}

bool sameEvents(const QList<api::SseEvent> &a, const QList<api::SseEvent> &b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].event != b[i].event || a[i].data != b[i].data || a[i].raw != b[i].raw)
            return false;
    }
    return true;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView stream = fuzz::input(data, size);
    const quint64 seed = fuzz::inputHash(stream) | 1;

    api::SseParser whole;
    const QList<api::SseEvent> reference = whole.feed(stream);
    if (!sameEvents(reference, feedInChunks(stream, seed, 16)))
        fuzz::fail("small chunks change the events");
    if (!sameEvents(reference, feedInChunks(stream, seed * 31, 1)))
        fuzz::fail("byte-by-byte feeding changes the events");
    if (!sameEvents(reference, feedInChunks(stream, seed * 17, 4096)))
        fuzz::fail("large chunks change the events");

    api::SseParser limited(64);
    qsizetype pos = 0;
    while (pos < stream.size() && !limited.overflowed()) {
        const qsizetype chunk = std::min<qsizetype>(7, stream.size() - pos);
        for (const api::SseEvent &event : limited.feed(stream.sliced(pos, chunk))) {
            if (event.raw.size() > 64 + 7)
                fuzz::fail("an event beyond the limit was delivered");
        }
        pos += chunk;
    }
    return 0;
}
