#include "OpenAiResponsesStreamEncoder.h"

#include "OpenAiResponsesWire.h"

#include <QJsonDocument>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {

/// Final usage: the message delta's counts, with zeros filled from the message start
/// (Anthropic reports input tokens at the start).
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

QString itemPrefix(ContentBlock::Kind kind)
{
    switch (kind) {
    case ContentBlock::Kind::Thinking:
    case ContentBlock::Kind::RedactedThinking:
        return u"rs"_s;
    case ContentBlock::Kind::ToolUse:
        return u"fc"_s;
    case ContentBlock::Kind::Text:
    case ContentBlock::Kind::Image:
    case ContentBlock::Kind::ToolResult:
        break;
    }
    return u"msg"_s;
}

} // namespace

OpenAiResponsesStreamEncoder::OpenAiResponsesStreamEncoder(const Request &request, qint64 createdAt,
                                                           const QString &fallbackId)
    : m_model(request.model), m_id(fallbackId), m_createdAt(createdAt)
{
}

QByteArray OpenAiResponsesStreamEncoder::encode(const StreamEvent &event)
{
    if (m_closed)
        return {};
    if (event.kind == StreamEvent::Kind::MessageStart) {
        m_usage = mergeUsage(m_usage, event.usage);
        return start(event.id, event.model);
    }
    QByteArray out = start({}, {}); // a stream that skipped MessageStart still opens properly
    switch (event.kind) {
    case StreamEvent::Kind::BlockStart:
        out += openItem(event.index, event.block);
        break;
    case StreamEvent::Kind::TextDelta:
    case StreamEvent::Kind::ThinkingDelta:
    case StreamEvent::Kind::ToolArgsDelta:
    case StreamEvent::Kind::SignatureDelta:
        out += delta(event);
        break;
    case StreamEvent::Kind::BlockStop:
        out += closeItem(event.index);
        break;
    case StreamEvent::Kind::MessageDelta:
        m_usage = mergeUsage(m_usage, event.usage);
        if (event.stopReason != StopReason::None)
            m_stop = event.stopReason;
        break;
    case StreamEvent::Kind::MessageStop: {
        out += closeAll();
        m_closed = true;
        const QString reason = openai_responses::incompleteReason(m_stop);
        out += sendEvent(
            u"response.completed"_s,
            QJsonObject {
                { u"response"_s, response(reason.isEmpty() ? u"completed"_s : u"incomplete"_s) } });
        break;
    }
    case StreamEvent::Kind::Error:
        out += fail(event.errorType, event.errorMessage);
        break;
    case StreamEvent::Kind::MessageStart:
    case StreamEvent::Kind::Ping:
        break;
    }
    return out;
}

QByteArray OpenAiResponsesStreamEncoder::finish()
{
    if (m_closed)
        return {};
    QByteArray out = start({}, {});
    return out
        + fail(u"api_error"_s, u"the upstream stream ended before the response was complete"_s);
}

QByteArray OpenAiResponsesStreamEncoder::start(const QString &id, const QString &model)
{
    if (m_started)
        return {};
    m_started = true;
    m_id = openai_responses::responseIdFrom(id.isEmpty() ? m_id : id);
    if (m_model.isEmpty()) // the client's model name wins; the upstream's is the fallback
        m_model = model;
    const QJsonObject created { { u"response"_s, response(u"in_progress"_s) } };
    QByteArray out = sendEvent(u"response.created"_s, created);
    return out + sendEvent(u"response.in_progress"_s, created);
}

QByteArray OpenAiResponsesStreamEncoder::openItem(int blockIndex, const ContentBlock &block)
{
    if (m_open.contains(blockIndex))
        return {};
    Item item;
    item.block = block;
    if (block.kind != ContentBlock::Kind::Thinking && block.kind != ContentBlock::Kind::ToolUse
        && block.kind != ContentBlock::Kind::RedactedThinking)
        item.block.kind = ContentBlock::Kind::Text; // images never stream from a model
    item.block.text.clear(); // deltas fill these
    item.block.toolArguments.clear();
    if (block.kind == ContentBlock::Kind::RedactedThinking)
        item.block.text = block.text; // the opaque data comes whole
    item.outputIndex = m_nextOutput++;
    item.id = openai_responses::itemId(itemPrefix(block.kind), m_id, item.outputIndex);
    m_open.insert(blockIndex, item);

    const QJsonObject where { { u"item_id"_s, item.id }, { u"output_index"_s, item.outputIndex } };
    QJsonObject added { { u"output_index"_s, item.outputIndex } };
    QByteArray out;
    switch (item.block.kind) {
    case ContentBlock::Kind::Thinking:
    case ContentBlock::Kind::RedactedThinking:
        added.insert(u"item"_s, openai_responses::reasoningItem(item.id, QJsonArray(), {}));
        out += sendEvent(u"response.output_item.added"_s, added);
        if (block.kind == ContentBlock::Kind::Thinking) {
            QJsonObject part = where;
            part.insert(u"summary_index"_s, 0);
            part.insert(u"part"_s, openai_responses::summaryPart(QString()));
            out += sendEvent(u"response.reasoning_summary_part.added"_s, part);
        }
        break;
    case ContentBlock::Kind::ToolUse:
        added.insert(u"item"_s,
                     openai_responses::functionCallItem(item.id, u"in_progress"_s, item.block));
        out += sendEvent(u"response.output_item.added"_s, added);
        break;
    case ContentBlock::Kind::Text:
    case ContentBlock::Kind::Image:
    case ContentBlock::Kind::ToolResult: {
        added.insert(u"item"_s,
                     openai_responses::messageItem(item.id, u"in_progress"_s, QJsonArray()));
        out += sendEvent(u"response.output_item.added"_s, added);
        QJsonObject part = where;
        part.insert(u"content_index"_s, 0);
        part.insert(u"part"_s, openai_responses::outputTextPart(QString()));
        out += sendEvent(u"response.content_part.added"_s, part);
        break;
    }
    }
    return out;
}

QByteArray OpenAiResponsesStreamEncoder::delta(const StreamEvent &event)
{
    QByteArray out;
    if (!m_open.contains(event.index)) { // a delta without BlockStart: open its item now
        ContentBlock block;
        if (event.kind == StreamEvent::Kind::ThinkingDelta
            || event.kind == StreamEvent::Kind::SignatureDelta)
            block.kind = ContentBlock::Kind::Thinking;
        else if (event.kind == StreamEvent::Kind::ToolArgsDelta)
            block.kind = ContentBlock::Kind::ToolUse;
        out += openItem(event.index, block);
    }
    Item &item = m_open[event.index];
    QJsonObject data { { u"item_id"_s, item.id }, { u"output_index"_s, item.outputIndex } };
    if (event.kind == StreamEvent::Kind::SignatureDelta) {
        item.block.signature += event.text;
    } else if (item.block.kind == ContentBlock::Kind::Text) {
        item.block.text += event.text;
        data.insert(u"content_index"_s, 0);
        data.insert(u"delta"_s, event.text);
        data.insert(u"logprobs"_s, QJsonArray());
        out += sendEvent(u"response.output_text.delta"_s, data);
    } else if (item.block.kind == ContentBlock::Kind::Thinking) {
        item.block.text += event.text;
        data.insert(u"summary_index"_s, 0);
        data.insert(u"delta"_s, event.text);
        out += sendEvent(u"response.reasoning_summary_text.delta"_s, data);
    } else if (item.block.kind == ContentBlock::Kind::ToolUse) {
        item.block.toolArguments += event.text;
        data.insert(u"delta"_s, event.text);
        out += sendEvent(u"response.function_call_arguments.delta"_s, data);
    }
    return out;
}

QByteArray OpenAiResponsesStreamEncoder::closeItem(int blockIndex)
{
    if (!m_open.contains(blockIndex))
        return {};
    Item item = m_open.take(blockIndex);
    const QJsonObject where { { u"item_id"_s, item.id }, { u"output_index"_s, item.outputIndex } };
    QByteArray out;
    QJsonObject done;
    switch (item.block.kind) {
    case ContentBlock::Kind::Thinking: {
        QJsonObject text = where;
        text.insert(u"summary_index"_s, 0);
        QJsonObject part = text;
        text.insert(u"text"_s, item.block.text);
        out += sendEvent(u"response.reasoning_summary_text.done"_s, text);
        part.insert(u"part"_s, openai_responses::summaryPart(item.block.text));
        out += sendEvent(u"response.reasoning_summary_part.done"_s, part);
        done = openai_responses::reasoningItem(
            item.id, QJsonArray { openai_responses::summaryPart(item.block.text) },
            item.block.signature);
        break;
    }
    case ContentBlock::Kind::RedactedThinking:
        done = openai_responses::reasoningItem(item.id, QJsonArray(), item.block.text);
        break;
    case ContentBlock::Kind::ToolUse: {
        if (item.block.toolArguments.isEmpty())
            item.block.toolArguments = u"{}"_s;
        QJsonObject args = where;
        args.insert(u"name"_s, item.block.toolName);
        args.insert(u"arguments"_s, item.block.toolArguments);
        out += sendEvent(u"response.function_call_arguments.done"_s, args);
        done = openai_responses::functionCallItem(item.id, u"completed"_s, item.block);
        break;
    }
    case ContentBlock::Kind::Text:
    case ContentBlock::Kind::Image:
    case ContentBlock::Kind::ToolResult: {
        QJsonObject text = where;
        text.insert(u"content_index"_s, 0);
        QJsonObject part = text;
        text.insert(u"text"_s, item.block.text);
        text.insert(u"logprobs"_s, QJsonArray());
        out += sendEvent(u"response.output_text.done"_s, text);
        const QJsonObject full = openai_responses::outputTextPart(item.block.text);
        part.insert(u"part"_s, full);
        out += sendEvent(u"response.content_part.done"_s, part);
        done = openai_responses::messageItem(item.id, u"completed"_s, QJsonArray { full });
        break;
    }
    }
    m_output.append(done);
    out += sendEvent(u"response.output_item.done"_s,
                     QJsonObject { { u"output_index"_s, item.outputIndex }, { u"item"_s, done } });
    return out;
}

QByteArray OpenAiResponsesStreamEncoder::closeAll()
{
    QList<int> open = m_open.keys();
    std::sort(open.begin(), open.end());
    QByteArray out;
    for (int index : open)
        out += closeItem(index);
    return out;
}

QByteArray OpenAiResponsesStreamEncoder::fail(const QString &type, const QString &message)
{
    m_closed = true;
    m_open.clear(); // unfinished items are not reported as output
    QJsonObject failed = response(u"failed"_s);
    failed.insert(u"error"_s,
                  QJsonObject { { u"code"_s, openai_responses::errorCode(type, message) },
                                { u"message"_s, message } });
    return sendEvent(u"response.failed"_s, QJsonObject { { u"response"_s, failed } });
}

QJsonObject OpenAiResponsesStreamEncoder::response(const QString &status) const
{
    QJsonObject body = openai_responses::envelope(m_id, m_model, m_createdAt);
    if (status == u"in_progress")
        return body;
    openai_responses::complete(body, m_output, m_stop, m_usage);
    body.insert(u"status"_s, status);
    if (status == u"failed")
        body.insert(u"incomplete_details"_s, QJsonValue(QJsonValue::Null));
    return body;
}

QByteArray OpenAiResponsesStreamEncoder::sendEvent(const QString &type, QJsonObject data)
{
    data.insert(u"type"_s, type);
    data.insert(u"sequence_number"_s, m_sequence++);
    return "event: " + type.toUtf8()
        + "\ndata: " + QJsonDocument(data).toJson(QJsonDocument::Compact) + "\n\n";
}

} // namespace switchyard::api::canonical
