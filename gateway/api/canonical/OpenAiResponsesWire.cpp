#include "OpenAiResponsesWire.h"

#include <QDateTime>
#include <QUuid>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical::openai_responses {

QString generateResponseId()
{
    const QString hex = QUuid::createUuid().toString(QUuid::Id128);
    return u"resp_"_s + hex.left(24);
}

QString responseIdFrom(const QString &upstreamId)
{
    if (upstreamId.isEmpty())
        return generateResponseId();
    if (upstreamId.startsWith(u"resp_"))
        return upstreamId;
    return u"resp_"_s + upstreamId;
}

QString itemId(QStringView prefix, const QString &responseId, int outputIndex)
{
    const QStringView base = QStringView(responseId).mid(responseId.startsWith(u"resp_") ? 5 : 0);
    return prefix % u'_' % base % u'_' % QString::number(outputIndex);
}

QJsonObject usageToJson(const Usage &usage)
{
    const qint64 input = usage.inputTokens + usage.cacheReadTokens + usage.cacheWriteTokens;
    return QJsonObject {
        { u"input_tokens"_s, input },
        { u"input_tokens_details"_s,
          QJsonObject { { u"cached_tokens"_s, usage.cacheReadTokens },
                        { u"cache_write_tokens"_s, usage.cacheWriteTokens } } },
        { u"output_tokens"_s, usage.outputTokens },
        { u"output_tokens_details"_s,
          QJsonObject { { u"reasoning_tokens"_s, usage.reasoningTokens } } },
        { u"total_tokens"_s, input + usage.outputTokens },
    };
}

Usage usageFromJson(const QJsonObject &usage)
{
    Usage result;
    result.known = true;
    const qint64 input = usage.value(u"input_tokens").toInteger();
    const QJsonObject details = usage.value(u"input_tokens_details").toObject();
    result.cacheReadTokens
        = std::clamp<qint64>(details.value(u"cached_tokens").toInteger(), 0, input);
    result.cacheWriteTokens = std::clamp<qint64>(details.value(u"cache_write_tokens").toInteger(),
                                                 0, input - result.cacheReadTokens);
    result.inputTokens = input - result.cacheReadTokens - result.cacheWriteTokens;
    result.outputTokens = usage.value(u"output_tokens").toInteger();
    result.reasoningTokens
        = usage.value(u"output_tokens_details").toObject().value(u"reasoning_tokens").toInteger();
    return result;
}

QString incompleteReason(StopReason reason)
{
    switch (reason) {
    case StopReason::MaxTokens:
        return u"max_output_tokens"_s;
    case StopReason::ContentFilter:
    case StopReason::Refusal:
        return u"content_filter"_s;
    case StopReason::None:
    case StopReason::EndTurn:
    case StopReason::ToolUse:
    case StopReason::StopSequence:
        break;
    }
    return {};
}

QString errorCode(const QString &type, const QString &message)
{
    // The spec's ResponseErrorCode enum lists none of the first three, but Codex CLI matches
    // exactly these strings to decide between "context full", "retry later" and "no quota".
    const QString text = type % u' ' % message;
    const auto has = [&text](QStringView word) {
        return text.contains(word, Qt::CaseInsensitive);
    };
    if (has(u"context_length") || has(u"context length") || has(u"context window")
        || has(u"prompt is too long") || has(u"too many tokens"))
        return u"context_length_exceeded"_s;
    if (has(u"insufficient_quota") || has(u"quota") || has(u"billing") || has(u"credit balance"))
        return u"insufficient_quota"_s;
    if (has(u"rate_limit") || has(u"rate limit") || has(u"429") || has(u"too many requests"))
        return u"rate_limit_exceeded"_s;
    return u"server_error"_s;
}

QJsonObject envelope(const QString &id, const QString &model, qint64 createdAt)
{
    const QJsonValue null(QJsonValue::Null);
    return QJsonObject {
        { u"id"_s, id },
        { u"object"_s, u"response"_s },
        { u"created_at"_s, createdAt > 0 ? createdAt : QDateTime::currentSecsSinceEpoch() },
        { u"status"_s, u"in_progress"_s },
        { u"error"_s, null },
        { u"incomplete_details"_s, null },
        { u"instructions"_s, null },
        { u"model"_s, model },
        { u"output"_s, QJsonArray() },
        { u"tools"_s, QJsonArray() },
        { u"tool_choice"_s, u"auto"_s },
        { u"parallel_tool_calls"_s, true },
        { u"metadata"_s, QJsonObject() },
        { u"temperature"_s, null },
        { u"top_p"_s, null },
    };
}

void complete(QJsonObject &response, const QJsonArray &output, StopReason stop, const Usage &usage)
{
    const QString reason = incompleteReason(stop);
    response.insert(u"status"_s, reason.isEmpty() ? u"completed"_s : u"incomplete"_s);
    response.insert(u"incomplete_details"_s,
                    reason.isEmpty() ? QJsonValue(QJsonValue::Null)
                                     : QJsonValue(QJsonObject { { u"reason"_s, reason } }));
    response.insert(u"output"_s, output);
    // usage is optional in the spec; zeros would be a lie when the upstream reported none.
    if (usage.known)
        response.insert(u"usage"_s, usageToJson(usage));
}

QJsonObject outputTextPart(const QString &text)
{
    return QJsonObject { { u"type"_s, u"output_text"_s },
                         { u"text"_s, text },
                         { u"annotations"_s, QJsonArray() },
                         { u"logprobs"_s, QJsonArray() } };
}

QJsonObject messageItem(const QString &id, const QString &status, const QJsonArray &content)
{
    return QJsonObject { { u"type"_s, u"message"_s },
                         { u"id"_s, id },
                         { u"status"_s, status },
                         { u"role"_s, u"assistant"_s },
                         { u"content"_s, content } };
}

QJsonObject reasoningItem(const QString &id, const QJsonArray &summary, const QString &encrypted)
{
    QJsonObject item { { u"type"_s, u"reasoning"_s }, { u"id"_s, id }, { u"summary"_s, summary } };
    if (!encrypted.isEmpty())
        item.insert(u"encrypted_content"_s, encrypted);
    return item;
}

QJsonObject summaryPart(const QString &text)
{
    return QJsonObject { { u"type"_s, u"summary_text"_s }, { u"text"_s, text } };
}

QJsonObject functionCallItem(const QString &id, const QString &status, const ContentBlock &call)
{
    return QJsonObject {
        { u"type"_s, u"function_call"_s }, { u"id"_s, id },
        { u"status"_s, status },           { u"call_id"_s, call.toolId },
        { u"name"_s, call.toolName },      { u"arguments"_s, call.toolArguments }
    };
}

} // namespace switchyard::api::canonical::openai_responses
