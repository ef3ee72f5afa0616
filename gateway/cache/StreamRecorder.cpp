#include "StreamRecorder.h"

#include "api/SseParser.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <utility>

using namespace Qt::StringLiterals;

namespace switchyard::cache {

namespace {

// The event type: the "event:" field, else the JSON "type" member (Anthropic and Responses
// repeat it there; some servers send only that).
QByteArray eventType(const api::SseEvent &event, const QJsonObject &data)
{
    if (!event.event.isEmpty())
        return event.event;
    return data.value(u"type"_s).toString().toUtf8();
}

bool isEndEvent(base::WireFormat format, const api::SseEvent &event, const QByteArray &type)
{
    switch (format) {
    case base::WireFormat::OpenAiChat:
    case base::WireFormat::OpenAiCompletions:
        return event.data == "[DONE]";
    case base::WireFormat::AnthropicMessages:
        return type == "message_stop";
    case base::WireFormat::OpenAiResponses:
        return type == "response.completed";
    case base::WireFormat::OpenAiEmbeddings:
    case base::WireFormat::OllamaChat:
        return false; // not streamed to clients
    }
    return false;
}

} // namespace

StreamRecorder::StreamRecorder(CacheEntry skeleton, qint64 maxBytes)
    : m_entry(std::move(skeleton)), m_maxBytes(maxBytes)
{
    m_entry.stream = true;
    m_entry.events.clear();
    m_entry.body.clear();
}

void StreamRecorder::append(QByteArrayView bytes)
{
    if (m_failed || m_truncated || bytes.isEmpty())
        return;
    m_bytes += bytes.size();
    if (m_bytes > m_maxBytes) {
        m_truncated = true;
        m_entry.events.clear();
        m_pending.clear();
        return;
    }
    m_pending.append(bytes.data(), bytes.size());
    QList<QByteArray> events = splitEvents(m_pending);
    m_pending.clear();
    if (!events.isEmpty() && !isCompleteEvent(events.back()))
        m_pending = events.takeLast();
    for (QByteArray &event : events) {
        inspect(event);
        m_entry.events.append(std::move(event));
    }
}

void StreamRecorder::inspect(const QByteArray &raw)
{
    api::SseParser parser;
    const QList<api::SseEvent> parsed = parser.feed(raw);
    if (parsed.isEmpty())
        return; // a comment or an empty block
    const api::SseEvent &event = parsed.front();
    // Parse only what can matter: chat chunks are read for an error member alone, and most
    // events name their type in the "event:" line.
    const bool chatLike = m_entry.inbound == base::WireFormat::OpenAiChat
        || m_entry.inbound == base::WireFormat::OpenAiCompletions;
    QJsonObject data;
    if (event.data.startsWith('{')
        && (event.data.contains("\"error\"") || (event.event.isEmpty() && !chatLike)))
        data = QJsonDocument::fromJson(event.data).object();
    const QByteArray type = eventType(event, data);
    // Anthropic and Responses name errors in the event; OpenAI chat puts {"error": ...} in
    // a plain data line. response.failed is a Responses answer that did not complete.
    if (type == "error" || type == "response.failed" || data.value(u"error"_s).isObject()) {
        m_failed = true;
        return;
    }
    if (isEndEvent(m_entry.inbound, event, type))
        m_sawEnd = true;
}

std::optional<CacheEntry> StreamRecorder::finish()
{
    const bool usable = !m_failed && !m_truncated && m_sawEnd && m_pending.isEmpty()
        && m_entry.status >= 200 && m_entry.status <= 299 && !m_entry.key.isEmpty();
    std::optional<CacheEntry> result;
    if (usable)
        result = std::move(m_entry);
    m_entry.events.clear();
    m_pending.clear();
    m_failed = true; // a finished recorder records nothing more
    return result;
}

} // namespace switchyard::cache
