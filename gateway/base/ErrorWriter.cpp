#include "ErrorWriter.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::base {

namespace {

QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}

QString anthropicType(int status)
{
    switch (status) {
    case 400:
        return u"invalid_request_error"_s;
    case 401:
        return u"authentication_error"_s;
    case 402:
        return u"billing_error"_s;
    case 403:
        return u"permission_error"_s;
    case 404:
        return u"not_found_error"_s;
    case 413:
        return u"request_too_large"_s;
    case 429:
        return u"rate_limit_error"_s;
    case 503:
    case 529:
        return u"overloaded_error"_s;
    case 504:
        return u"timeout_error"_s;
    default:
        return status >= 500 ? u"api_error"_s : u"invalid_request_error"_s;
    }
}

QByteArray compact(const QJsonObject &object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

} // namespace

QByteArray ErrorWriter::body(const ApiError &error, WireFormat format)
{
    switch (format) {
    case WireFormat::AnthropicMessages:
        return compact({ { u"type"_s, u"error"_s },
                         { u"error"_s,
                           QJsonObject { { u"type"_s, anthropicType(error.status) },
                                         { u"message"_s, error.message } } } });
    case WireFormat::OllamaChat:
        // Ollama's only error shape; the status says the rest.
        return compact({ { u"error"_s, error.message } });
    case WireFormat::OpenAiChat:
    case WireFormat::OpenAiCompletions:
    case WireFormat::OpenAiEmbeddings:
    case WireFormat::OpenAiResponses:
        break;
    }
    return compact({ { u"error"_s,
                       QJsonObject { { u"message"_s, error.message },
                                     { u"type"_s, error.type },
                                     { u"param"_s, nullable(error.param) },
                                     { u"code"_s, nullable(error.code) } } } });
}

QByteArray ErrorWriter::streamEvent(const ApiError &error, WireFormat format)
{
    if (format == WireFormat::AnthropicMessages)
        return "event: error\ndata: " + body(error, format) + "\n\n";
    return "data: " + body(error, format) + "\n\n";
}

WireFormat ErrorWriter::formatForPath(QByteArrayView path)
{
    return path.endsWith("/messages") || path.endsWith("/messages/count_tokens")
        ? WireFormat::AnthropicMessages
        : WireFormat::OpenAiChat;
}

} // namespace switchyard::base
