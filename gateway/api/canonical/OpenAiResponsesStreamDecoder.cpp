#include "OpenAiResponsesStreamDecoder.h"

#include "OpenAiResponsesWire.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

QList<StreamEvent> OpenAiResponsesStreamDecoder::decode(const QByteArray &eventName,
                                                        const QByteArray &data)
{
    QList<StreamEvent> out;
    if (m_done)
        return out;
    const QJsonObject object = QJsonDocument::fromJson(data).object();
    QString type = object.value(u"type").toString();
    if (type.isEmpty())
        type = QString::fromUtf8(eventName);
    if (type == u"response.created" || (!m_started && type == u"response.in_progress")) {
        if (m_started)
            return out;
        m_started = true;
        const QJsonObject response = object.value(u"response").toObject();
        StreamEvent start;
        start.kind = StreamEvent::Kind::MessageStart;
        start.id = response.value(u"id").toString();
        start.model = response.value(u"model").toString();
        out.append(start);
    } else if (type == u"response.output_item.added") {
        itemAdded(object, out);
    } else if (type == u"response.output_item.done") {
        itemDone(object, out);
    } else if (type == u"response.output_text.delta" || type == u"response.refusal.delta") {
        delta(StreamEvent::Kind::TextDelta, object, out);
    } else if (type == u"response.reasoning_summary_text.delta"
               || type == u"response.reasoning_text.delta") {
        delta(StreamEvent::Kind::ThinkingDelta, object, out);
    } else if (type == u"response.reasoning_summary_part.added"
               && object.value(u"summary_index").toInt() > 0) {
        QJsonObject separator = object; // keep later summary parts apart in one thinking block
        separator.insert(u"delta"_s, u"\n\n"_s);
        delta(StreamEvent::Kind::ThinkingDelta, separator, out);
    } else if (type == u"response.function_call_arguments.delta") {
        delta(StreamEvent::Kind::ToolArgsDelta, object, out);
    } else if (type == u"response.completed" || type == u"response.incomplete") {
        completed(object.value(u"response").toObject(), out);
    } else if (type == u"response.failed" || type == u"error") {
        const QJsonObject error = type == u"error"
            ? object
            : object.value(u"response").toObject().value(u"error").toObject();
        m_done = true;
        const QString code = error.value(u"code").toString();
        out.append(makeErrorEvent(code.isEmpty() ? u"api_error"_s : code,
                                  error.value(u"message").toString()));
    }
    return out;
}

QList<StreamEvent> OpenAiResponsesStreamDecoder::finish()
{
    QList<StreamEvent> out;
    if (m_done)
        return out;
    m_done = true;
    closeAll(out);
    out.append(makeErrorEvent(u"api_error"_s,
                              u"the upstream's response stream ended before response.completed"_s));
    return out;
}

void OpenAiResponsesStreamDecoder::itemAdded(const QJsonObject &data, QList<StreamEvent> &out)
{
    const int outputIndex = data.value(u"output_index").toInt();
    const QJsonObject item = data.value(u"item").toObject();
    const QString type = item.value(u"type").toString();
    StreamEvent start;
    start.kind = StreamEvent::Kind::BlockStart;
    if (type == u"message") {
        start.block.kind = ContentBlock::Kind::Text;
    } else if (type == u"reasoning") {
        start.block.kind = ContentBlock::Kind::Thinking;
    } else if (type == u"function_call") {
        start.block.kind = ContentBlock::Kind::ToolUse;
        start.block.toolId = item.value(u"call_id").toString();
        start.block.toolName = item.value(u"name").toString();
        m_calledTool = true;
    } else {
        return; // built-in tool items are never requested
    }
    if (m_blocks.contains(outputIndex))
        return;
    Block block;
    block.index = m_nextBlock++;
    block.kind = start.block.kind;
    m_blocks.insert(outputIndex, block);
    start.index = block.index;
    out.append(start);
}

void OpenAiResponsesStreamDecoder::itemDone(const QJsonObject &data, QList<StreamEvent> &out)
{
    const int outputIndex = data.value(u"output_index").toInt();
    if (!m_blocks.contains(outputIndex))
        return;
    const Block block = m_blocks.take(outputIndex);
    const QJsonObject item = data.value(u"item").toObject();
    StreamEvent extra;
    extra.index = block.index;
    if (block.kind == ContentBlock::Kind::Thinking
        && !item.value(u"encrypted_content").toString().isEmpty()) {
        extra.kind = StreamEvent::Kind::SignatureDelta;
        extra.text = item.value(u"encrypted_content").toString();
        out.append(extra);
    } else if (block.kind == ContentBlock::Kind::ToolUse && !block.gotArguments
               && !item.value(u"arguments").toString().isEmpty()) {
        extra.kind = StreamEvent::Kind::ToolArgsDelta; // arguments only in the final item
        extra.text = item.value(u"arguments").toString();
        out.append(extra);
    }
    StreamEvent stop;
    stop.kind = StreamEvent::Kind::BlockStop;
    stop.index = block.index;
    out.append(stop);
}

void OpenAiResponsesStreamDecoder::delta(StreamEvent::Kind kind, const QJsonObject &data,
                                         QList<StreamEvent> &out)
{
    const auto found = m_blocks.find(data.value(u"output_index").toInt());
    if (found == m_blocks.end())
        return;
    if (kind == StreamEvent::Kind::ToolArgsDelta)
        found->gotArguments = true;
    StreamEvent event;
    event.kind = kind;
    event.index = found->index;
    event.text = data.value(u"delta").toString();
    out.append(event);
}

void OpenAiResponsesStreamDecoder::completed(const QJsonObject &response, QList<StreamEvent> &out)
{
    m_done = true;
    closeAll(out);
    StreamEvent delta;
    delta.kind = StreamEvent::Kind::MessageDelta;
    const QString reason
        = response.value(u"incomplete_details").toObject().value(u"reason").toString();
    if (reason == u"max_output_tokens")
        delta.stopReason = StopReason::MaxTokens;
    else if (reason == u"content_filter")
        delta.stopReason = StopReason::ContentFilter;
    else
        delta.stopReason = m_calledTool ? StopReason::ToolUse : StopReason::EndTurn;
    if (response.value(u"usage").isObject())
        delta.usage = openai_responses::usageFromJson(response.value(u"usage").toObject());
    out.append(delta);
    StreamEvent stop;
    stop.kind = StreamEvent::Kind::MessageStop;
    out.append(stop);
}

void OpenAiResponsesStreamDecoder::closeAll(QList<StreamEvent> &out)
{
    QList<int> indexes;
    for (const Block &block : std::as_const(m_blocks))
        indexes.append(block.index);
    std::sort(indexes.begin(), indexes.end());
    m_blocks.clear();
    for (int index : indexes) {
        StreamEvent stop;
        stop.kind = StreamEvent::Kind::BlockStop;
        stop.index = index;
        out.append(stop);
    }
}

} // namespace switchyard::api::canonical
