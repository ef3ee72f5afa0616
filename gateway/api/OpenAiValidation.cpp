#include "OpenAiValidation.h"

#include "api/ModelName.h"

#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api {

namespace {

std::optional<base::ApiError> checkMessages(const QJsonValue &value)
{
    if (value.isUndefined())
        return base::ApiError::invalidRequest(u"Missing required parameter: 'messages'."_s,
                                              u"messages"_s, u"missing_required_parameter"_s);
    if (!value.isArray())
        return base::ApiError::invalidRequest(u"Invalid type for 'messages': expected an array."_s,
                                              u"messages"_s, u"invalid_type"_s);
    const QJsonArray messages = value.toArray();
    if (messages.isEmpty())
        return base::ApiError::invalidRequest(
            u"Invalid 'messages': empty array. Expected an array with minimum length 1."_s,
            u"messages"_s, u"empty_array"_s);
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString param = u"messages[%1]"_s.arg(i);
        if (!messages.at(i).isObject())
            return base::ApiError::invalidRequest(
                u"Invalid type for '%1': expected an object."_s.arg(param), param,
                u"invalid_type"_s);
        const QJsonValue role = messages.at(i).toObject().value(u"role"_s);
        if (!role.isString() || role.toString().isEmpty())
            return base::ApiError::invalidRequest(
                u"Missing required parameter: '%1.role'."_s.arg(param), param + u".role"_s,
                u"missing_required_parameter"_s);
    }
    return std::nullopt;
}

} // namespace

QByteArray endpointPath(OpenAiEndpoint endpoint)
{
    switch (endpoint) {
    case OpenAiEndpoint::ChatCompletions:
        return QByteArrayLiteral("/chat/completions");
    case OpenAiEndpoint::Completions:
        return QByteArrayLiteral("/completions");
    case OpenAiEndpoint::Embeddings:
        return QByteArrayLiteral("/embeddings");
    }
    return {};
}

std::variant<RequestContext, base::ApiError> parseOpenAiRequest(OpenAiEndpoint endpoint,
                                                                const QByteArray &body)
{
    if (body.trimmed().isEmpty())
        return base::ApiError::invalidRequest(
            u"The request body is empty; send a JSON object with Content-Type: application/json."_s);
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return base::ApiError::invalidRequest(
            u"The request body is not valid JSON: %1 at byte %2."_s.arg(error.errorString())
                .arg(error.offset),
            {}, u"invalid_json"_s);
    if (!doc.isObject())
        return base::ApiError::invalidRequest(u"The request body must be a JSON object."_s, {},
                                              u"invalid_type"_s);

    RequestContext parsed;
    parsed.format = endpoint == OpenAiEndpoint::ChatCompletions ? base::WireFormat::OpenAiChat
        : endpoint == OpenAiEndpoint::Completions ? base::WireFormat::OpenAiCompletions
                                                  : base::WireFormat::OpenAiEmbeddings;
    parsed.raw = body;
    parsed.object = doc.object();
    const QJsonValue model = parsed.object.value(u"model"_s);
    if (model.isUndefined())
        return base::ApiError::invalidRequest(u"Missing required parameter: 'model'."_s, u"model"_s,
                                              u"missing_required_parameter"_s);
    if (!model.isString())
        return base::ApiError::invalidRequest(u"Invalid type for 'model': expected a string."_s,
                                              u"model"_s, u"invalid_type"_s);
    parsed.model = model.toString();
    if (parsed.model.trimmed().isEmpty())
        return base::ApiError::invalidRequest(u"Invalid 'model': must not be empty."_s, u"model"_s,
                                              u"invalid_value"_s);
    if (auto tooLong = checkModelName(parsed.model))
        return *tooLong;

    const QJsonValue stream = parsed.object.value(u"stream"_s);
    if (!stream.isUndefined() && !stream.isNull() && !stream.isBool())
        return base::ApiError::invalidRequest(u"Invalid type for 'stream': expected a boolean."_s,
                                              u"stream"_s, u"invalid_type"_s);
    parsed.stream = stream.toBool(false);
    const QJsonValue options = parsed.object.value(u"stream_options"_s);
    if (!options.isUndefined() && !options.isNull() && !options.isObject())
        return base::ApiError::invalidRequest(
            u"Invalid type for 'stream_options': expected an object."_s, u"stream_options"_s,
            u"invalid_type"_s);
    parsed.clientWantsUsage = options.toObject().value(u"include_usage"_s).toBool(false);

    switch (endpoint) {
    case OpenAiEndpoint::ChatCompletions:
        if (auto e = checkMessages(parsed.object.value(u"messages"_s)))
            return *e;
        break;
    case OpenAiEndpoint::Completions: {
        const QJsonValue prompt = parsed.object.value(u"prompt"_s);
        if (prompt.isUndefined())
            return base::ApiError::invalidRequest(u"Missing required parameter: 'prompt'."_s,
                                                  u"prompt"_s, u"missing_required_parameter"_s);
        if (!prompt.isString() && !prompt.isArray())
            return base::ApiError::invalidRequest(
                u"Invalid type for 'prompt': expected a string or an array."_s, u"prompt"_s,
                u"invalid_type"_s);
        break;
    }
    case OpenAiEndpoint::Embeddings: {
        const QJsonValue input = parsed.object.value(u"input"_s);
        if (input.isUndefined())
            return base::ApiError::invalidRequest(u"Missing required parameter: 'input'."_s,
                                                  u"input"_s, u"missing_required_parameter"_s);
        if (!input.isString() && !input.isArray())
            return base::ApiError::invalidRequest(
                u"Invalid type for 'input': expected a string or an array."_s, u"input"_s,
                u"invalid_type"_s);
        if (parsed.stream)
            return base::ApiError::invalidRequest(u"Embeddings cannot be streamed."_s, u"stream"_s,
                                                  u"invalid_value"_s);
        break;
    }
    }
    return parsed;
}

} // namespace switchyard::api
