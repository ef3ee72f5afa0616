#include "OpenAiResponsesCodec.h"

#include "OpenAiChatCodec.h"
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

std::variant<Request, base::ApiError>
OpenAiResponsesCodec::decodeRequest(const QJsonObject &body) const
{
    return OpenAiResponsesRequestDecoder(body).decode();
}

QJsonObject OpenAiResponsesCodec::encodeRequest(const Request &request) const
{
    return OpenAiResponsesRequestEncoder::encode(request);
}

std::variant<Response, base::ApiError>
OpenAiResponsesCodec::decodeResponse(const QJsonObject &body) const
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
base::ApiError OpenAiResponsesCodec::decodeError(int status, const QByteArray &body) const
{
    return OpenAiChatCodec().decodeError(status, body);
}

QByteArray OpenAiResponsesCodec::encodeError(const base::ApiError &error) const
{
    return OpenAiChatCodec().encodeError(error);
}

} // namespace switchyard::api::canonical
