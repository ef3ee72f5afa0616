#include "AnthropicCodec.h"

#include "AnthropicRequestDecoder.h"
#include "AnthropicRequestEncoder.h"
#include "AnthropicResponse.h"
#include "AnthropicStreamDecoder.h"
#include "AnthropicStreamEncoder.h"
#include "AnthropicWire.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

namespace {
constexpr qsizetype kMaxPlainErrorChars = 500;
}

std::variant<Request, base::ApiError> AnthropicCodec::decodeRequest(const QJsonObject &body) const
{
    return AnthropicRequestDecoder::decode(body);
}

QJsonObject AnthropicCodec::encodeRequest(const Request &request) const
{
    return AnthropicRequestEncoder::encode(request);
}

std::variant<Response, base::ApiError> AnthropicCodec::decodeResponse(const QJsonObject &body) const
{
    return AnthropicResponse::decode(body);
}

QJsonObject AnthropicCodec::encodeResponse(const Response &response) const
{
    return AnthropicResponse::encode(response);
}

std::unique_ptr<StreamDecoder> AnthropicCodec::streamDecoder() const
{
    return std::make_unique<AnthropicStreamDecoder>();
}

std::unique_ptr<StreamEncoder> AnthropicCodec::streamEncoder(const Request &request) const
{
    return std::make_unique<AnthropicStreamEncoder>(request.model);
}

base::ApiError AnthropicCodec::decodeError(int status, const QByteArray &body) const
{
    base::ApiError out;
    out.status = status;
    const QJsonObject json = QJsonDocument::fromJson(body).object();
    const QJsonObject error = json.value(u"error"_s).toObject();
    if (!error.isEmpty()) {
        // Anthropic's own type is kept (overloaded_error…): it says more than the status.
        out.type = error.value(u"type"_s).toString();
        out.message = error.value(u"message"_s).toString();
    } else {
        out.message = QString::fromUtf8(body).trimmed().left(kMaxPlainErrorChars);
    }
    if (out.type.isEmpty())
        out.type = AnthropicWire::errorType({}, status);
    if (out.message.isEmpty())
        out.message = u"upstream answered HTTP "_s % QString::number(status);
    return out;
}

QByteArray AnthropicCodec::encodeError(const base::ApiError &error) const
{
    const QJsonObject json = AnthropicWire::errorJson(
        AnthropicWire::errorType(error.type, error.status), error.message);
    return QJsonDocument(json).toJson(QJsonDocument::Compact);
}

} // namespace switchyard::api::canonical
