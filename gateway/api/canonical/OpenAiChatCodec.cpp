#include "OpenAiChatCodec.h"

#include "OpenAiChatRequestDecoder.h"
#include "OpenAiChatRequestEncoder.h"
#include "OpenAiChatResponseCodec.h"
#include "OpenAiChatStreamDecoder.h"
#include "OpenAiChatStreamEncoder.h"
#include "OpenAiChatWire.h"
#include "base/ErrorWriter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Request, base::ApiError> OpenAiChatCodec::decodeRequest(const QJsonObject &body) const
{
    return OpenAiChatRequestDecoder(body).decode();
}

QJsonObject OpenAiChatCodec::encodeRequest(const Request &request) const
{
    return OpenAiChatRequestEncoder::encode(request);
}

std::variant<Response, base::ApiError>
OpenAiChatCodec::decodeResponse(const QJsonObject &body) const
{
    return OpenAiChatResponseCodec::decode(body);
}

QJsonObject OpenAiChatCodec::encodeResponse(const Response &response) const
{
    return OpenAiChatResponseCodec::encode(response);
}

std::unique_ptr<StreamDecoder> OpenAiChatCodec::streamDecoder() const
{
    return std::make_unique<OpenAiChatStreamDecoder>();
}

std::unique_ptr<StreamEncoder> OpenAiChatCodec::streamEncoder(const Request &request) const
{
    return std::make_unique<OpenAiChatStreamEncoder>(request, QDateTime::currentSecsSinceEpoch(),
                                                     openai_chat::generateCompletionId());
}

base::ApiError OpenAiChatCodec::decodeError(int status, const QByteArray &body) const
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        base::ApiError error = openai_chat::errorFromJson(status, document.object());
        if (!error.message.isEmpty())
            return error;
    }
    // Not OpenAI's shape (an HTML proxy page, plain text…): show what the upstream said.
    base::ApiError error;
    error.status = status;
    error.type = u"api_error"_s;
    error.message = QString::fromUtf8(body).trimmed().left(500);
    return error;
}

QByteArray OpenAiChatCodec::encodeError(const base::ApiError &error) const
{
    base::ApiError shaped = error;
    if (shaped.type.isEmpty())
        shaped.type = error.status >= 500 ? u"api_error"_s : u"invalid_request_error"_s;
    return base::ErrorWriter::body(shaped, base::WireFormat::OpenAiChat);
}

} // namespace switchyard::api::canonical
