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

    m_blocks.close(out);
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
    m_blocks.appendDelta(ContentBlock::Kind::Thinking, message.value(u"thinking").toString(), out);
    m_blocks.appendDelta(ContentBlock::Kind::Text, message.value(u"content").toString(), out);
    // Tool calls arrive whole: each is a complete block.
    for (const QJsonValue &value : message.value(u"tool_calls").toArray()) {
        const QJsonObject call = value.toObject();
        const QJsonObject function = call.value(u"function").toObject();
        const QString id = ollama::toolCallId(call, m_toolCalls++);
        const int index = m_blocks.startTool(id, function.value(u"name").toString(), out);
        const QJsonValue arguments = function.value(u"arguments");
        const QString json = arguments.isObject()
            ? QString::fromUtf8(QJsonDocument(arguments.toObject()).toJson(QJsonDocument::Compact))
            : u"{}"_s;
        out.append(makeEvent(StreamEvent::Kind::ToolArgsDelta, index, json));
        m_blocks.close(out);
    }
}

QList<StreamEvent> OllamaStreamDecoder::error(const QString &type, const QString &message)
{
    m_done = true;
    return { makeErrorEvent(type, message) };
}

} // namespace switchyard::api::canonical
