#include "OpenAiChatStreamDecoder.h"

#include "OpenAiChatWire.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

QList<StreamEvent> OpenAiChatStreamDecoder::decode(const QByteArray &, const QByteArray &data)
{
    QList<StreamEvent> out;
    if (m_done)
        return out;
    if (data.trimmed() == "[DONE]") {
        if (!m_finishSeen) // a proper end without a finish_reason (some local servers)
            m_stopReason = StopReason::EndTurn;
        finishMessage(out);
        out.append(makeEvent(StreamEvent::Kind::MessageStop));
        m_done = true;
        return out;
    }
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(data, &parseError);
    if (parseError.error != QJsonParseError::NoError || !document.isObject())
        return error(u"api_error"_s,
                     u"the upstream sent an invalid stream chunk: "_s % parseError.errorString());
    const QJsonObject chunk = document.object();
    if (chunk.contains(u"error")) {
        const base::ApiError apiError = openai_chat::errorFromJson(502, chunk);
        return error(apiError.type, apiError.message);
    }
    if (!m_started) {
        StreamEvent start = makeEvent(StreamEvent::Kind::MessageStart);
        start.id = chunk.value(u"id").toString();
        start.model = chunk.value(u"model").toString();
        out.append(start);
        m_started = true;
    }
    const QJsonArray choices = chunk.value(u"choices").toArray();
    for (const QJsonValue &choice : choices) {
        // Only the first choice is translated (n > 1 has no canonical form).
        if (choice.toObject().value(u"index").toInt() == 0)
            decodeChoice(choice.toObject(), out);
    }
    // Usage may ride on every chunk (vLLM's continuous stats) or on the finish chunk
    // (llama.cpp); keep the latest and send it with the message delta.
    const QJsonValue usage = chunk.value(u"usage");
    if (usage.isObject())
        m_usage = openai_chat::usageFromJson(usage.toObject());
    // OpenAI's include_usage chunk (choices: []) comes last, after finish_reason.
    if (usage.isObject() && choices.isEmpty())
        finishMessage(out);
    return out;
}

QList<StreamEvent> OpenAiChatStreamDecoder::finish()
{
    QList<StreamEvent> out;
    if (m_done)
        return out;
    // No [DONE], but the upstream did say why the message ended: close it properly.
    if (!m_finishSeen)
        return error(u"api_error"_s, u"the upstream stream ended early"_s);
    finishMessage(out);
    out.append(makeEvent(StreamEvent::Kind::MessageStop));
    m_done = true;
    return out;
}

void OpenAiChatStreamDecoder::decodeChoice(const QJsonObject &choice, QList<StreamEvent> &out)
{
    const QJsonObject delta = choice.value(u"delta").toObject();
    QString reasoning = delta.value(u"reasoning_content").toString();
    if (reasoning.isEmpty())
        reasoning = delta.value(u"reasoning").toString(); // OpenRouter, newer vLLM
    m_blocks.appendDelta(ContentBlock::Kind::Thinking, reasoning, out);
    m_blocks.appendDelta(ContentBlock::Kind::Text, delta.value(u"content").toString(), out);
    for (const QJsonValue &call : delta.value(u"tool_calls").toArray())
        decodeToolCall(call.toObject(), out);
    const QJsonValue finishReason = choice.value(u"finish_reason");
    if (finishReason.isString()) {
        m_finishSeen = true;
        m_stopReason = openai_chat::stopReasonFromFinish(finishReason);
    }
}

void OpenAiChatStreamDecoder::decodeToolCall(const QJsonObject &call, QList<StreamEvent> &out)
{
    const int callIndex = call.value(u"index").toInt(m_toolBlocks.size());
    const QJsonObject function = call.value(u"function").toObject();
    auto known = m_toolBlocks.constFind(callIndex);
    if (known == m_toolBlocks.cend())
        known = m_toolBlocks.insert(callIndex,
                                    m_blocks.startTool(call.value(u"id").toString(),
                                                       function.value(u"name").toString(), out));
    // A fragment for an earlier, already closed call (interleaving, which OpenAI does not do)
    // still carries its own index.
    const QString arguments = function.value(u"arguments").toString();
    if (!arguments.isEmpty())
        out.append(makeEvent(StreamEvent::Kind::ToolArgsDelta, known.value(), arguments));
}

void OpenAiChatStreamDecoder::finishMessage(QList<StreamEvent> &out)
{
    if (m_deltaSent)
        return;
    if (!m_started) { // [DONE] with nothing before it: still a well-formed message
        out.append(makeEvent(StreamEvent::Kind::MessageStart));
        m_started = true;
    }
    m_blocks.close(out);
    StreamEvent delta = makeEvent(StreamEvent::Kind::MessageDelta);
    delta.stopReason = m_stopReason;
    delta.usage = m_usage;
    out.append(delta);
    m_deltaSent = true;
}

QList<StreamEvent> OpenAiChatStreamDecoder::error(const QString &type, const QString &message)
{
    m_done = true;
    return { makeErrorEvent(type, message) };
}

} // namespace switchyard::api::canonical
