#include "AnthropicStreamDecoder.h"

#include "AnthropicWire.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

QList<StreamEvent> AnthropicStreamDecoder::decode(const QByteArray &eventName,
                                                  const QByteArray &data)
{
    if (m_ended)
        return {};
    QJsonParseError parseError {};
    const QJsonDocument doc = QJsonDocument::fromJson(data, &parseError);
    if (!doc.isObject())
        return { error(u"api_error"_s,
                       u"upstream sent an invalid stream event: "_s % parseError.errorString()) };
    const QJsonObject json = doc.object();
    // The event name and the data's "type" agree at Anthropic; the name wins if both exist.
    const QString type
        = eventName.isEmpty() ? json.value(u"type"_s).toString() : QString::fromUtf8(eventName);

    if (type == u"message_start") {
        const QJsonObject message = json.value(u"message"_s).toObject();
        StreamEvent out = makeEvent(StreamEvent::Kind::MessageStart);
        out.id = message.value(u"id"_s).toString();
        out.model = message.value(u"model"_s).toString();
        out.usage = AnthropicWire::usageFromJson(message.value(u"usage"_s).toObject());
        m_startUsage = out.usage;
        return { out };
    }
    if (type == u"content_block_start")
        return blockStart(json);
    if (type == u"content_block_delta")
        return blockDelta(json);
    if (type == u"content_block_stop") {
        const auto it = m_indexes.constFind(json.value(u"index"_s).toInteger());
        if (it == m_indexes.cend())
            return {}; // a skipped block
        return { makeEvent(StreamEvent::Kind::BlockStop, it.value()) };
    }
    if (type == u"message_delta")
        return { messageDelta(json) };
    if (type == u"message_stop") {
        m_ended = true;
        return { makeEvent(StreamEvent::Kind::MessageStop) };
    }
    if (type == u"ping")
        return { makeEvent(StreamEvent::Kind::Ping) };
    if (type == u"error") {
        const QJsonObject body = json.value(u"error"_s).toObject();
        return { error(body.value(u"type"_s).toString(u"api_error"_s),
                       body.value(u"message"_s).toString()) };
    }
    return {}; // event types added later are ignored, as Anthropic asks clients to
}

QList<StreamEvent> AnthropicStreamDecoder::finish()
{
    if (m_ended)
        return {};
    return { error(u"api_error"_s, u"stream ended early"_s) };
}

QList<StreamEvent> AnthropicStreamDecoder::blockStart(const QJsonObject &json)
{
    const QJsonObject block = json.value(u"content_block"_s).toObject();
    const QString type = block.value(u"type"_s).toString();
    StreamEvent start = makeEvent(StreamEvent::Kind::BlockStart, m_nextIndex);
    QList<StreamEvent> out;
    if (type == u"text") {
        start.block.kind = ContentBlock::Kind::Text;
        if (!block.value(u"text"_s).toString().isEmpty())
            out.append(makeEvent(StreamEvent::Kind::TextDelta, m_nextIndex,
                                 block.value(u"text"_s).toString()));
    } else if (type == u"thinking") {
        start.block.kind = ContentBlock::Kind::Thinking;
        if (!block.value(u"thinking"_s).toString().isEmpty())
            out.append(makeEvent(StreamEvent::Kind::ThinkingDelta, m_nextIndex,
                                 block.value(u"thinking"_s).toString()));
    } else if (type == u"redacted_thinking") {
        // Arrives whole in the start event; there are no deltas for it.
        start.block.kind = ContentBlock::Kind::RedactedThinking;
        start.block.text = block.value(u"data"_s).toString();
    } else if (type == u"tool_use") {
        start.block.kind = ContentBlock::Kind::ToolUse;
        start.block.toolId = block.value(u"id"_s).toString();
        start.block.toolName = block.value(u"name"_s).toString();
        const QJsonObject input = block.value(u"input"_s).toObject();
        if (!input.isEmpty()) // normally {} with the arguments following as input_json_delta
            out.append(makeEvent(StreamEvent::Kind::ToolArgsDelta, m_nextIndex,
                                 AnthropicWire::compact(input)));
    } else {
        return {}; // server_tool_use, web_search_tool_result…: skipped with their deltas
    }
    m_indexes.insert(json.value(u"index"_s).toInteger(), m_nextIndex++);
    out.prepend(start);
    return out;
}

QList<StreamEvent> AnthropicStreamDecoder::blockDelta(const QJsonObject &json) const
{
    const auto it = m_indexes.constFind(json.value(u"index"_s).toInteger());
    if (it == m_indexes.cend())
        return {};
    const int index = it.value();
    const QJsonObject delta = json.value(u"delta"_s).toObject();
    const QString type = delta.value(u"type"_s).toString();
    if (type == u"text_delta")
        return { makeEvent(StreamEvent::Kind::TextDelta, index,
                           delta.value(u"text"_s).toString()) };
    if (type == u"input_json_delta") {
        return { makeEvent(StreamEvent::Kind::ToolArgsDelta, index,
                           delta.value(u"partial_json"_s).toString()) };
    }
    if (type == u"thinking_delta") {
        return { makeEvent(StreamEvent::Kind::ThinkingDelta, index,
                           delta.value(u"thinking"_s).toString()) };
    }
    if (type == u"signature_delta") {
        return { makeEvent(StreamEvent::Kind::SignatureDelta, index,
                           delta.value(u"signature"_s).toString()) };
    }
    return {}; // citations_delta and future delta types
}

StreamEvent AnthropicStreamDecoder::messageDelta(const QJsonObject &json) const
{
    const QJsonObject delta = json.value(u"delta"_s).toObject();
    const QJsonObject usage = json.value(u"usage"_s).toObject();
    StreamEvent out = makeEvent(StreamEvent::Kind::MessageDelta);
    out.stopReason = AnthropicWire::stopReasonFromWire(delta.value(u"stop_reason"_s));
    out.stopSequence = delta.value(u"stop_sequence"_s).toString();
    // message_delta reports output_tokens (cumulative); newer API versions may repeat the input
    // and cache counts, otherwise they are carried over from message_start.
    out.usage = m_startUsage;
    out.usage.known = m_startUsage.known || !usage.isEmpty();
    const auto take = [&usage](const QString &key, qint64 *target) {
        const QJsonValue value = usage.value(key);
        if (value.isDouble())
            *target = value.toInteger();
    };
    take(u"input_tokens"_s, &out.usage.inputTokens);
    take(u"cache_creation_input_tokens"_s, &out.usage.cacheWriteTokens);
    take(u"cache_read_input_tokens"_s, &out.usage.cacheReadTokens);
    take(u"output_tokens"_s, &out.usage.outputTokens);
    return out;
}

StreamEvent AnthropicStreamDecoder::error(const QString &type, const QString &message)
{
    m_ended = true;
    return makeErrorEvent(type, message);
}

} // namespace switchyard::api::canonical
