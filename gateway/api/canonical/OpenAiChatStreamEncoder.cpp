#include "OpenAiChatStreamEncoder.h"

#include "OpenAiChatWire.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

/// Final usage counts: the message delta's, with anything it left at zero taken from the
/// message start (Anthropic reports input tokens at the start).
Usage mergeUsage(const Usage &start, const Usage &final)
{
    if (!start.known)
        return final;
    if (!final.known)
        return start;
    Usage merged = final;
    merged.inputTokens = final.inputTokens ? final.inputTokens : start.inputTokens;
    merged.cacheReadTokens = final.cacheReadTokens ? final.cacheReadTokens : start.cacheReadTokens;
    merged.cacheWriteTokens
        = final.cacheWriteTokens ? final.cacheWriteTokens : start.cacheWriteTokens;
    return merged;
}

} // namespace

OpenAiChatStreamEncoder::OpenAiChatStreamEncoder(const Request &request, qint64 created,
                                                 const QString &fallbackId)
    : m_model(request.model), m_id(fallbackId), m_created(created),
      m_includeUsage(request.includeUsage)
{
}

QByteArray OpenAiChatStreamEncoder::encode(const StreamEvent &event)
{
    if (m_closed || m_failed)
        return {};
    if (event.kind == StreamEvent::Kind::MessageStart) {
        m_usage = mergeUsage(m_usage, event.usage);
        return start(event.id, event.model);
    }
    if (event.kind == StreamEvent::Kind::Error) {
        m_failed = true;
        const QJsonObject error {
            { u"message"_s, event.errorMessage },
            { u"type"_s, event.errorType.isEmpty() ? u"api_error"_s : event.errorType },
            { u"param"_s, QJsonValue(QJsonValue::Null) },
            { u"code"_s,
              event.errorType.isEmpty() ? QJsonValue(QJsonValue::Null)
                                        : QJsonValue(event.errorType) },
        };
        return sse(QJsonObject { { u"error"_s, error } });
    }
    // A stream that skipped MessageStart still opens with the role chunk.
    QByteArray out = m_started ? QByteArray() : start({}, {});
    switch (event.kind) {
    case StreamEvent::Kind::TextDelta:
        out += chunk(QJsonObject { { u"content"_s, event.text } }, QJsonValue::Null);
        break;
    case StreamEvent::Kind::ThinkingDelta:
        out += chunk(QJsonObject { { u"reasoning_content"_s, event.text } }, QJsonValue::Null);
        break;
    case StreamEvent::Kind::BlockStart:
        if (event.block.kind == ContentBlock::Kind::ToolUse) {
            const int callIndex = int(m_toolCalls.size());
            m_toolCalls.insert(event.index, callIndex);
            const QJsonObject function { { u"name"_s, event.block.toolName },
                                         { u"arguments"_s, u""_s } };
            out += toolCallChunk(callIndex,
                                 QJsonObject { { u"id"_s, event.block.toolId },
                                               { u"type"_s, u"function"_s },
                                               { u"function"_s, function } });
        }
        break;
    case StreamEvent::Kind::ToolArgsDelta:
        if (m_toolCalls.contains(event.index)) {
            const QJsonObject function { { u"arguments"_s, event.text } };
            out += toolCallChunk(m_toolCalls.value(event.index),
                                 QJsonObject { { u"function"_s, function } });
        }
        break;
    case StreamEvent::Kind::MessageDelta:
        m_usage = mergeUsage(m_usage, event.usage);
        if (!m_finishSent) {
            m_finishSent = true;
            out += chunk(QJsonObject(), openai_chat::finishReasonFromStop(event.stopReason));
        }
        break;
    case StreamEvent::Kind::MessageStop:
        if (!m_finishSent) { // no MessageDelta came: clients still need a finish_reason
            m_finishSent = true;
            out += chunk(QJsonObject(), openai_chat::finishReasonFromStop(StopReason::EndTurn));
        }
        out += usageChunk();
        break;
    case StreamEvent::Kind::MessageStart:
    case StreamEvent::Kind::Error:
    case StreamEvent::Kind::SignatureDelta: // OpenAI has no signed reasoning
    case StreamEvent::Kind::BlockStop:
    case StreamEvent::Kind::Ping:
        break;
    }
    return out;
}

QByteArray OpenAiChatStreamEncoder::finish()
{
    if (m_closed)
        return {};
    m_closed = true;
    QByteArray out;
    if (!m_failed && m_started)
        out += usageChunk();
    out += "data: [DONE]\n\n";
    return out;
}

QByteArray OpenAiChatStreamEncoder::start(const QString &id, const QString &model)
{
    if (m_started)
        return {};
    m_started = true;
    if (!id.isEmpty())
        m_id = id;
    if (m_model.isEmpty()) // the client's model name wins; the upstream's is the fallback
        m_model = model;
    return chunk(QJsonObject { { u"role"_s, u"assistant"_s }, { u"content"_s, u""_s } },
                 QJsonValue::Null);
}

QByteArray OpenAiChatStreamEncoder::chunk(const QJsonObject &delta, const QJsonValue &finishReason)
{
    const QJsonObject choice { { u"index"_s, 0 },
                               { u"delta"_s, delta },
                               { u"logprobs"_s, QJsonValue(QJsonValue::Null) },
                               { u"finish_reason"_s, finishReason } };
    QJsonObject object = envelope();
    object.insert(u"choices"_s, QJsonArray { choice });
    return sse(object);
}

QByteArray OpenAiChatStreamEncoder::usageChunk()
{
    if (!m_includeUsage || m_usageSent)
        return {};
    m_usageSent = true;
    QJsonObject object = envelope();
    object.insert(u"choices"_s, QJsonArray());
    object.insert(u"usage"_s, openai_chat::usageToJson(m_usage));
    return sse(object);
}

QByteArray OpenAiChatStreamEncoder::toolCallChunk(int index, const QJsonObject &call)
{
    QJsonObject entry = call;
    entry.insert(u"index"_s, index);
    return chunk(QJsonObject { { u"tool_calls"_s, QJsonArray { entry } } }, QJsonValue::Null);
}

QJsonObject OpenAiChatStreamEncoder::envelope() const
{
    QJsonObject object { { u"id"_s, m_id },
                         { u"object"_s, u"chat.completion.chunk"_s },
                         { u"created"_s, m_created },
                         { u"model"_s, m_model } };
    if (m_includeUsage)
        object.insert(u"usage"_s, QJsonValue(QJsonValue::Null));
    return object;
}

QByteArray OpenAiChatStreamEncoder::sse(const QJsonObject &object)
{
    return "data: " + QJsonDocument(object).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace switchyard::api::canonical
