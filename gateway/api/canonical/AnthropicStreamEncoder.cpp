#include "AnthropicStreamEncoder.h"

#include "AnthropicWire.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

QByteArray sse(const char *name, const QJsonObject &data)
{
    return QByteArray("event: ") + name
        + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

ContentBlock::Kind kindForDelta(StreamEvent::Kind kind)
{
    switch (kind) {
    case StreamEvent::Kind::ToolArgsDelta:
        return ContentBlock::Kind::ToolUse;
    case StreamEvent::Kind::ThinkingDelta:
    case StreamEvent::Kind::SignatureDelta:
        return ContentBlock::Kind::Thinking;
    default:
        break;
    }
    return ContentBlock::Kind::Text;
}

} // namespace

AnthropicStreamEncoder::AnthropicStreamEncoder(const QString &model) : m_model(model) { }

QByteArray AnthropicStreamEncoder::encode(const StreamEvent &event)
{
    if (m_ended)
        return {};
    switch (event.kind) {
    case StreamEvent::Kind::MessageStart:
        return m_started ? QByteArray() : messageStart(event);
    case StreamEvent::Kind::BlockStart: {
        if (m_openIndex == event.index)
            return {}; // started twice
        QByteArray out = ensureStarted();
        out += closeBlock();
        out += openBlock(event.index, event.block);
        return out;
    }
    case StreamEvent::Kind::TextDelta:
    case StreamEvent::Kind::ToolArgsDelta:
    case StreamEvent::Kind::ThinkingDelta:
    case StreamEvent::Kind::SignatureDelta:
        return delta(event);
    case StreamEvent::Kind::BlockStop:
        return m_openIndex == event.index ? closeBlock() : QByteArray();
    case StreamEvent::Kind::MessageDelta:
        return messageDelta(event);
    case StreamEvent::Kind::MessageStop:
        return messageStop();
    case StreamEvent::Kind::Ping:
        // Allowed before message_start too: a keep-alive while a slow upstream thinks.
        return sse("ping", QJsonObject { { u"type"_s, u"ping"_s } });
    case StreamEvent::Kind::Error:
        return error(event);
    }
    return {};
}

QByteArray AnthropicStreamEncoder::finish()
{
    // A stream that simply ended is closed properly; cut streams already got their error.
    if (m_ended || !m_started)
        return {};
    return messageStop();
}

QByteArray AnthropicStreamEncoder::ensureStarted()
{
    if (m_started)
        return {};
    StreamEvent start;
    start.kind = StreamEvent::Kind::MessageStart;
    return messageStart(start);
}

QByteArray AnthropicStreamEncoder::messageStart(const StreamEvent &event)
{
    m_started = true;
    const QJsonObject message {
        { u"id"_s, event.id.startsWith(u"msg_"_s) ? event.id : AnthropicWire::newId(u"msg_"_s) },
        { u"type"_s, u"message"_s },
        { u"role"_s, u"assistant"_s },
        { u"model"_s, m_model.isEmpty() ? event.model : m_model },
        { u"content"_s, QJsonArray() },
        { u"stop_reason"_s, QJsonValue(QJsonValue::Null) },
        { u"stop_sequence"_s, QJsonValue(QJsonValue::Null) },
        { u"usage"_s, AnthropicWire::usageToJson(event.usage) },
    };
    return sse("message_start",
               QJsonObject { { u"type"_s, u"message_start"_s }, { u"message"_s, message } });
}

QByteArray AnthropicStreamEncoder::openBlock(int index, const ContentBlock &block)
{
    QJsonObject content;
    switch (block.kind) {
    case ContentBlock::Kind::Thinking:
        content = { { u"type"_s, u"thinking"_s }, { u"thinking"_s, u""_s } };
        break;
    case ContentBlock::Kind::RedactedThinking:
        content = { { u"type"_s, u"redacted_thinking"_s }, { u"data"_s, block.text } };
        break;
    case ContentBlock::Kind::ToolUse:
        m_sawToolUse = true;
        content = { { u"type"_s, u"tool_use"_s },
                    { u"id"_s,
                      block.toolId.isEmpty() ? AnthropicWire::newId(u"toolu_"_s) : block.toolId },
                    { u"name"_s, block.toolName },
                    { u"input"_s, QJsonObject() } };
        break;
    default: // text; images and tool results never stream from a model
        content = { { u"type"_s, u"text"_s }, { u"text"_s, u""_s } };
        break;
    }
    m_blocks.insert(index, block);
    m_openIndex = index;
    m_openOutput = m_nextOutput++;
    return sse("content_block_start",
               QJsonObject { { u"type"_s, u"content_block_start"_s },
                             { u"index"_s, m_openOutput },
                             { u"content_block"_s, content } });
}

QByteArray AnthropicStreamEncoder::closeBlock()
{
    if (m_openIndex < 0)
        return {};
    const int output = m_openOutput;
    m_openIndex = -1;
    m_openOutput = -1;
    return sse("content_block_stop",
               QJsonObject { { u"type"_s, u"content_block_stop"_s }, { u"index"_s, output } });
}

QByteArray AnthropicStreamEncoder::delta(const StreamEvent &event)
{
    QByteArray out = ensureStarted();
    if (m_openIndex != event.index) {
        // A delta for a block that is not open: open it (again) so the output stays valid.
        out += closeBlock();
        ContentBlock block = m_blocks.value(event.index);
        if (!m_blocks.contains(event.index))
            block.kind = kindForDelta(event.kind);
        out += openBlock(event.index, block);
    }
    QJsonObject body;
    switch (event.kind) {
    case StreamEvent::Kind::ToolArgsDelta:
        body = { { u"type"_s, u"input_json_delta"_s }, { u"partial_json"_s, event.text } };
        break;
    case StreamEvent::Kind::ThinkingDelta:
        body = { { u"type"_s, u"thinking_delta"_s }, { u"thinking"_s, event.text } };
        break;
    case StreamEvent::Kind::SignatureDelta:
        body = { { u"type"_s, u"signature_delta"_s }, { u"signature"_s, event.text } };
        break;
    default:
        body = { { u"type"_s, u"text_delta"_s }, { u"text"_s, event.text } };
        break;
    }
    out += sse("content_block_delta",
               QJsonObject { { u"type"_s, u"content_block_delta"_s },
                             { u"index"_s, m_openOutput },
                             { u"delta"_s, body } });
    return out;
}

QByteArray AnthropicStreamEncoder::messageDelta(const StreamEvent &event)
{
    if (m_deltaSent)
        return {};
    QByteArray out = ensureStarted();
    out += closeBlock();
    m_deltaSent = true;
    const StopReason reason = event.stopReason == StopReason::None && m_sawToolUse
        ? StopReason::ToolUse
        : event.stopReason;
    const QJsonValue stopSequence = event.stopSequence.isEmpty() ? QJsonValue(QJsonValue::Null)
                                                                 : QJsonValue(event.stopSequence);
    const QJsonObject delta { { u"stop_reason"_s, AnthropicWire::stopReasonToWire(reason) },
                              { u"stop_sequence"_s, stopSequence } };
    // Final counts. Input and cache counts only when known: clients overwrite message_start's
    // values with any they find here, and an upstream like OpenAI only reports them at the end.
    const QJsonObject usage = event.usage.known
        ? AnthropicWire::usageToJson(event.usage)
        : QJsonObject { { u"output_tokens"_s, event.usage.outputTokens } };
    out += sse("message_delta",
               QJsonObject { { u"type"_s, u"message_delta"_s },
                             { u"delta"_s, delta },
                             { u"usage"_s, usage } });
    return out;
}

QByteArray AnthropicStreamEncoder::messageStop()
{
    QByteArray out = ensureStarted();
    if (!m_deltaSent) {
        StreamEvent end;
        end.kind = StreamEvent::Kind::MessageDelta;
        out += messageDelta(end);
    }
    m_ended = true;
    out += sse("message_stop", QJsonObject { { u"type"_s, u"message_stop"_s } });
    return out;
}

QByteArray AnthropicStreamEncoder::error(const StreamEvent &event)
{
    m_ended = true;
    const QString message
        = event.errorMessage.isEmpty() ? u"upstream stream failed"_s : event.errorMessage;
    return sse("error",
               AnthropicWire::errorJson(AnthropicWire::errorType(event.errorType, 0), message));
}

} // namespace switchyard::api::canonical
