#include "OllamaStreamDecoder.h"

#include "OllamaWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

QList<StreamEvent> OllamaStreamDecoder::decode(const QByteArray &, const QByteArray &data)
{
    QList<StreamEvent> out;
    if (m_done || data.trimmed().isEmpty())
        return out;
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(u"api_error"_s,
                     u"the upstream sent an invalid stream line: "_s % parseError.errorString());
    const QJsonObject chunk = document.object();
    if (chunk.contains(u"error")) {
        const base::ApiError apiError = ollama::errorFromJson(502, chunk);
        return error(apiError.type, apiError.message);
    }
    if (!m_started) {
        StreamEvent start = makeEvent(StreamEvent::Kind::MessageStart);
        start.model = chunk.value(u"model").toString(); // Ollama sends no id
        out.append(start);
        m_started = true;
    }
    decodeMessage(chunk.value(u"message").toObject(), out);
    if (!chunk.value(u"done").toBool())
        return out;

    closeBlock(out);
    StreamEvent delta = makeEvent(StreamEvent::Kind::MessageDelta);
    delta.stopReason
        = ollama::stopReasonFromDone(chunk.value(u"done_reason").toString(), m_toolCalls > 0);
    delta.usage = ollama::usageFromJson(chunk);
    out.append(delta);
    out.append(makeEvent(StreamEvent::Kind::MessageStop));
    m_done = true;
    return out;
}

QList<StreamEvent> OllamaStreamDecoder::finish()
{
    if (m_done)
        return {};
    return error(u"api_error"_s, u"the upstream stream ended early"_s);
}

void OllamaStreamDecoder::decodeMessage(const QJsonObject &message, QList<StreamEvent> &out)
{
    const QString thinking = message.value(u"thinking").toString();
    if (!thinking.isEmpty()) {
        openBlock(Open::Thinking, out);
        out.append(makeEvent(StreamEvent::Kind::ThinkingDelta, m_openIndex, thinking));
    }
    const QString text = message.value(u"content").toString();
    if (!text.isEmpty()) {
        openBlock(Open::Text, out);
        out.append(makeEvent(StreamEvent::Kind::TextDelta, m_openIndex, text));
    }
    for (const QJsonValue &value : message.value(u"tool_calls").toArray()) {
        closeBlock(out);
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function").toObject();
        const int index = m_nextIndex++;
        StreamEvent start = makeEvent(StreamEvent::Kind::BlockStart, index);
        start.block.kind = ContentBlock::Kind::ToolUse;
        start.block.toolId = ollama::toolCallId(call, m_toolCalls++);
        start.block.toolName = function.value(u"name").toString();
        out.append(start);
        const QJsonValue arguments = function.value(u"arguments");
        const QString json = arguments.isObject()
            ? QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))
            : u"{}"_s;
        out.append(makeEvent(StreamEvent::Kind::ToolArgsDelta, index, json));
        out.append(makeEvent(StreamEvent::Kind::BlockStop, index));
    }
}

void OllamaStreamDecoder::openBlock(Open kind, QList<StreamEvent> &out)
{
    if (m_open == kind)
        return;
    closeBlock(out);
    m_open = kind;
    m_openIndex = m_nextIndex++;
    StreamEvent start = makeEvent(StreamEvent::Kind::BlockStart, m_openIndex);
    start.block.kind
        = kind == Open::Thinking ? ContentBlock::Kind::Thinking : ContentBlock::Kind::Text;
    out.append(start);
}

void OllamaStreamDecoder::closeBlock(QList<StreamEvent> &out)
{
    if (m_open == Open::None)
        return;
    out.append(makeEvent(StreamEvent::Kind::BlockStop, m_openIndex));
    m_open = Open::None;
    m_openIndex = -1;
}

QList<StreamEvent> OllamaStreamDecoder::error(const QString &type, const QString &message)
{
    m_done = true;
    StreamEvent failure = makeEvent(StreamEvent::Kind::Error);
    failure.errorType = type;
    failure.errorMessage = message;
    return { failure };
}

} // namespace switchyard::api::canonical
