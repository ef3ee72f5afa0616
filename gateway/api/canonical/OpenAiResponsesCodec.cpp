#include "OpenAiResponsesCodec.h"

#include "OpenAiChatWire.h"
#include "OpenAiResponsesRequestDecoder.h"
#include "OpenAiResponsesRequestEncoder.h"
#include "OpenAiResponsesResponseCodec.h"
#include "OpenAiResponsesStreamDecoder.h"
#include "OpenAiResponsesStreamEncoder.h"
#include "OpenAiResponsesWire.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Request, ApiError> OpenAiResponsesCodec::decodeRequest(const QJsonObject &body) const
{
    return OpenAiResponsesRequestDecoder(body).decode();
}

QJsonObject OpenAiResponsesCodec::encodeRequest(const Request &request) const
{
    return OpenAiResponsesRequestEncoder::encode(request);
}

std::variant<Response, ApiError> OpenAiResponsesCodec::decodeResponse(const QJsonObject &body) const
{
    return OpenAiResponsesResponseCodec::decode(body);
}

QJsonObject OpenAiResponsesCodec::encodeResponse(const Response &response) const
{
    return OpenAiResponsesResponseCodec::encode(response);
}

std::unique_ptr<StreamDecoder> OpenAiResponsesCodec::streamDecoder() const
{
    return std::make_unique<OpenAiResponsesStreamDecoder>();
}

std::unique_ptr<StreamEncoder> OpenAiResponsesCodec::streamEncoder(const Request &request) const
{
    return std::make_unique<OpenAiResponsesStreamEncoder>(
        request, QDateTime::currentSecsSinceEpoch(), openai_responses::generateResponseId());
}

// Errors have the same `{"error":{message,type,param,code}}` shape as Chat Completions.
ApiError OpenAiResponsesCodec::decodeError(int status, const QByteArray &body) const
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        ApiError error = openai_chat::errorFromJson(status, document.object());
        if (!error.message.isEmpty())
            return error;
    }
    ApiError error;
    error.status = status;
    error.type = u"api_error"_s;
    error.message = QString::fromUtf8(body).trimmed().left(500);
    return error;
}

QByteArray OpenAiResponsesCodec::encodeError(const ApiError &error) const
{
    ApiError shaped = error;
    if (shaped.type.isEmpty())
        shaped.type = error.status >= 500 ? u"api_error"_s : u"invalid_request_error"_s;
    return shaped.toOpenAiJson();
}

} // namespace switchyard::api::canonical
