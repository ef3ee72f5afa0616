#include "ResponsesSchema.h"

#include <QJsonArray>
#include <QJsonValue>

using namespace Qt::StringLiterals;

namespace switchyard::tests {

// ---- Required fields, copied from `required` in /work/shared/ref/openai-openapi.json ----
// Response (allOf ModelResponseProperties + ResponseProperties + own): id, object, created_at,
//   error, incomplete_details, instructions, model, tools, output, parallel_tool_calls,
//   metadata, tool_choice, temperature, top_p
// ResponseUsage: input_tokens, input_tokens_details{cached_tokens, cache_write_tokens},
//   output_tokens, output_tokens_details{reasoning_tokens}, total_tokens
// OutputMessage: id, type, role, content, status; OutputTextContent: type, text, annotations,
//   logprobs; ReasoningItem: id, summary, type; SummaryTextContent: type, text;
// FunctionToolCall: type, call_id, name, arguments; ResponseError: code, message
// Events (all: type, sequence_number) plus:
//   response.created / in_progress / completed / failed: response
//   response.output_item.added / done: output_index, item
//   response.content_part.added / done: item_id, output_index, content_index, part
//   response.output_text.delta: item_id, output_index, content_index, delta, logprobs
//   response.output_text.done: item_id, output_index, content_index, text, logprobs
//   response.reasoning_summary_part.added / done: item_id, output_index, summary_index, part
//   response.reasoning_summary_text.delta: item_id, output_index, summary_index, delta
//   response.reasoning_summary_text.done: item_id, output_index, summary_index, text
//   response.function_call_arguments.delta: item_id, output_index, delta
//   response.function_call_arguments.done: item_id, name, output_index, arguments

namespace {

QStringList missing(const QJsonObject &object, const QStringList &required, const QString &where)
{
    QStringList result;
    for (const QString &key : required) {
        if (!object.contains(key))
            result.append(where % u'.' % key);
    }
    return result;
}

QStringList checkItem(const QJsonObject &item, const QString &where)
{
    const QString type = item.value(u"type").toString();
    if (type == u"message") {
        QStringList result
            = missing(item, { u"id"_s, u"type"_s, u"role"_s, u"content"_s, u"status"_s }, where);
        for (const QJsonValue &part : item.value(u"content").toArray())
            result += missing(part.toObject(),
                              { u"type"_s, u"text"_s, u"annotations"_s, u"logprobs"_s },
                              where % u".content"_s);
        return result;
    }
    if (type == u"reasoning") {
        QStringList result = missing(item, { u"id"_s, u"summary"_s, u"type"_s }, where);
        for (const QJsonValue &part : item.value(u"summary").toArray())
            result += missing(part.toObject(), { u"type"_s, u"text"_s }, where % u".summary"_s);
        return result;
    }
    if (type == u"function_call")
        return missing(item, { u"type"_s, u"call_id"_s, u"name"_s, u"arguments"_s }, where);
    return { where % u": unknown item type "_s % type };
}

} // namespace

QStringList checkResponse(const QJsonObject &r, const QString &where)
{
    QStringList result = missing(r,
                                 { u"id"_s, u"object"_s, u"created_at"_s, u"error"_s,
                                   u"incomplete_details"_s, u"instructions"_s, u"model"_s,
                                   u"tools"_s, u"output"_s, u"parallel_tool_calls"_s, u"metadata"_s,
                                   u"tool_choice"_s, u"temperature"_s, u"top_p"_s },
                                 where);
    if (r.value(u"object").toString() != u"response")
        result.append(where % u".object is not \"response\""_s);
    if (!r.value(u"id").toString().startsWith(u"resp_"))
        result.append(where % u".id does not start with resp_"_s);
    for (const QJsonValue &item : r.value(u"output").toArray())
        result += checkItem(item.toObject(), where % u".output"_s);
    if (r.contains(u"usage")) {
        const QJsonObject usage = r.value(u"usage").toObject();
        result += missing(usage,
                          { u"input_tokens"_s, u"input_tokens_details"_s, u"output_tokens"_s,
                            u"output_tokens_details"_s, u"total_tokens"_s },
                          where % u".usage"_s);
        result += missing(usage.value(u"input_tokens_details").toObject(),
                          { u"cached_tokens"_s, u"cache_write_tokens"_s }, where % u".usage"_s);
        result += missing(usage.value(u"output_tokens_details").toObject(),
                          { u"reasoning_tokens"_s }, where % u".usage"_s);
    }
    if (!r.value(u"error").isNull())
        result += missing(r.value(u"error").toObject(), { u"code"_s, u"message"_s },
                          where % u".error"_s);
    return result;
}

QStringList checkEvent(const QJsonObject &e)
{
    const QString type = e.value(u"type").toString();
    QStringList required { u"type"_s, u"sequence_number"_s };
    QStringList result;
    if (type == u"response.created" || type == u"response.in_progress"
        || type == u"response.completed" || type == u"response.failed") {
        required += u"response"_s;
        result += checkResponse(e.value(u"response").toObject(), type);
    } else if (type == u"response.output_item.added" || type == u"response.output_item.done") {
        required += { u"output_index"_s, u"item"_s };
        result += checkItem(e.value(u"item").toObject(), type);
    } else if (type == u"response.content_part.added" || type == u"response.content_part.done") {
        required += { u"item_id"_s, u"output_index"_s, u"content_index"_s, u"part"_s };
    } else if (type == u"response.output_text.delta") {
        required
            += { u"item_id"_s, u"output_index"_s, u"content_index"_s, u"delta"_s, u"logprobs"_s };
    } else if (type == u"response.output_text.done") {
        required
            += { u"item_id"_s, u"output_index"_s, u"content_index"_s, u"text"_s, u"logprobs"_s };
    } else if (type == u"response.reasoning_summary_part.added"
               || type == u"response.reasoning_summary_part.done") {
        required += { u"item_id"_s, u"output_index"_s, u"summary_index"_s, u"part"_s };
    } else if (type == u"response.reasoning_summary_text.delta") {
        required += { u"item_id"_s, u"output_index"_s, u"summary_index"_s, u"delta"_s };
    } else if (type == u"response.reasoning_summary_text.done") {
        required += { u"item_id"_s, u"output_index"_s, u"summary_index"_s, u"text"_s };
    } else if (type == u"response.function_call_arguments.delta") {
        required += { u"item_id"_s, u"output_index"_s, u"delta"_s };
    } else if (type == u"response.function_call_arguments.done") {
        required += { u"item_id"_s, u"name"_s, u"output_index"_s, u"arguments"_s };
    } else {
        result.append(u"unexpected event type "_s % type);
    }
    return result + missing(e, required, type);
}

} // namespace switchyard::tests
