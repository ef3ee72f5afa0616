#include "StreamRelay.h"

#include "api/JsonBody.h"
#include "api/canonical/Codecs.h"
#include "base/ErrorWriter.h"
#include "http/HttpExchange.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::proxy {

namespace {

constexpr qsizetype kMaxLine = 16 * 1024 * 1024;

} // namespace

StreamRelay::StreamRelay(http::HttpExchange *exchange, Options options, api::UsageMeter *usage,
                         CommitHandler onCommit)
    : m_exchange(exchange), m_options(std::move(options)), m_usage(usage),
      m_onCommit(std::move(onCommit)), m_translate(m_options.inbound != m_options.upstream)
{
    if (m_translate) {
        m_decoder = api::canonical::codecFor(m_options.upstream)->streamDecoder();
        m_encoder
            = api::canonical::codecFor(m_options.inbound)->streamEncoder(*m_options.canonical);
    }
}

StreamRelay::~StreamRelay() = default;

QString StreamRelay::feed(const QByteArray &data)
{
    if (m_options.upstream == base::WireFormat::OllamaChat) {
        // NDJSON: one JSON object per line, handed to the decoder like an SSE event's data.
        m_lineBuffer += data;
        QList<api::SseEvent> lines;
        qsizetype start = 0;
        for (qsizetype nl = m_lineBuffer.indexOf('\n'); nl >= 0;
             nl = m_lineBuffer.indexOf('\n', start)) {
            const QByteArray line = m_lineBuffer.mid(start, nl - start).trimmed();
            if (!line.isEmpty())
                lines.append({ QByteArray(), line, QByteArray() });
            start = nl + 1;
        }
        m_lineBuffer.remove(0, start);
        relayEvents(lines);
        if (m_lineBuffer.size() > kMaxLine)
            return u"sent a stream line larger than 16 MiB"_s;
        return {};
    }
    relayEvents(m_sse.feed(data));
    if (m_sse.overflowed())
        return u"sent a stream event larger than 16 MiB"_s;
    return {};
}

bool StreamRelay::isAtEventBoundary() const
{
    return m_sse.pendingBytes() == 0 && m_lineBuffer.trimmed().isEmpty();
}

void StreamRelay::flush()
{
    if (!m_translate)
        return;
    writeCanonical(m_decoder->finish());
    const QByteArray tail = m_encoder->finish();
    if (m_exchange && !tail.isEmpty())
        write(tail);
}

void StreamRelay::complete()
{
    if (!m_exchange)
        return;
    m_exchange->endStream();
    if (!m_recorder || !m_options.cache.responses)
        return;
    std::optional<cache::CacheEntry> entry = m_recorder->finish();
    m_recorder.reset();
    if (entry)
        m_options.cache.store(std::move(*entry));
}

void StreamRelay::fail(const QString &message, const QString &code)
{
    m_recorder.reset(); // a broken answer is never cached
    if (!m_exchange)
        return;
    const base::ApiError error { 502, u"api_error"_s, message, {}, code };
    m_exchange->writeChunk(base::ErrorWriter::streamEvent(error, m_options.inbound));
    m_exchange->endStream();
}

void StreamRelay::relayEvents(const QList<api::SseEvent> &events)
{
    for (const api::SseEvent &event : events)
        m_usage->addEvent(event.event, event.data);
    if (m_translate) {
        for (const api::SseEvent &event : events)
            writeCanonical(m_decoder->decode(event.event, event.data));
        return;
    }
    for (const api::SseEvent &event : events) {
        if (!m_exchange)
            return;
        relayPassThrough(event);
    }
}

void StreamRelay::relayPassThrough(const api::SseEvent &event)
{
    if (event.data == "[DONE]") {
        write(event.raw);
        return;
    }
    QByteArray data = event.data;
    if (m_options.inbound == base::WireFormat::AnthropicMessages) {
        // Same format both sides: bytes through; an alias only renames message_start's model.
        if (m_options.alias && event.event == "message_start") {
            QJsonObject start = QJsonDocument::fromJson(data).object();
            QJsonObject message = start.value(u"message"_s).toObject();
            message.insert(u"model"_s, m_options.answerModel);
            start.insert(u"message"_s, message);
            write("event: message_start\ndata: "
                  + QJsonDocument(start).toJson(QJsonDocument::Compact) + "\n\n");
        } else {
            write(event.raw);
        }
        return;
    }
    bool edited = false;
    // We asked for usage on the client's behalf: make the stream look as if we had not (no
    // usage-only chunk, no "usage": null members).
    if (!m_options.clientWantsUsage && data.contains("\"usage\"")) {
        const QJsonObject chunk = QJsonDocument::fromJson(data).object();
        if (chunk.value(u"usage"_s).isObject() && chunk.value(u"choices"_s).toArray().isEmpty())
            return;
        data = api::JsonBody::removeMember(data, "usage");
        edited = true;
    }
    if (m_options.alias && data.startsWith('{')) {
        data = api::JsonBody::setMember(data, "model", api::JsonBody::quote(m_options.answerModel));
        edited = true;
    }
    write(edited ? QByteArray("data: " + data + "\n\n") : event.raw);
}

void StreamRelay::writeCanonical(const QList<api::canonical::StreamEvent> &events)
{
    for (api::canonical::StreamEvent event : events) {
        if (!m_exchange)
            return;
        if (event.kind == api::canonical::StreamEvent::Kind::MessageStart)
            event.model = m_options.answerModel;
        const QByteArray out = m_encoder->encode(event);
        if (out.isEmpty())
            continue;
        write(out);
    }
}

void StreamRelay::commit()
{
    m_committed = true;
    base::HeaderList headers;
    headers.append({ QByteArrayLiteral("Content-Type"),
                     QByteArrayLiteral("text/event-stream; charset=utf-8") });
    headers.append({ QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") });
    headers.append({ QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no") });
    m_onCommit(headers);
    if (m_options.cache.responses)
        m_recorder.emplace(m_options.cacheSkeleton);
}

void StreamRelay::write(const QByteArray &bytes)
{
    if (!m_committed)
        commit();
    m_exchange->writeChunk(bytes);
    m_bytesOut += bytes.size();
    if (m_recorder)
        m_recorder->append(bytes);
    const qsizetype room = m_options.maxLoggedBody - m_loggedBody.size();
    if (room > 0)
        m_loggedBody += bytes.left(room);
}

} // namespace switchyard::proxy
