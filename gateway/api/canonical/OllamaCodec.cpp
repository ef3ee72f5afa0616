#include "OllamaCodec.h"

#include "OllamaRequestDecoder.h"
#include "OllamaRequestEncoder.h"
#include "OllamaResponse.h"
#include "OllamaStreamDecoder.h"
#include "OllamaStreamEncoder.h"
#include "OllamaWire.h"
#include "base/ErrorWriter.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonParseError>

using namespace Qt::StringLiterals;

namespace switchyard::api::canonical {

std::variant<Request, base::ApiError> OllamaCodec::decodeRequest(const QJsonObject &body) const
{
    return OllamaRequestDecoder::decode(body);
}

QJsonObject OllamaCodec::encodeRequest(const Request &request) const
{
    return OllamaRequestEncoder::encode(request);
}

std::variant<Response, base::ApiError> OllamaCodec::decodeResponse(const QJsonObject &body) const
{
    return OllamaResponse::decode(body);
}

QJsonObject OllamaCodec::encodeResponse(const Response &response) const
{
    return OllamaResponse::encode(response);
}

std::unique_ptr<StreamDecoder> OllamaCodec::streamDecoder() const
{
    return std::make_unique<OllamaStreamDecoder>();
}

std::unique_ptr<StreamEncoder> OllamaCodec::streamEncoder(const Request &request) const
{
    return std::make_unique<OllamaStreamEncoder>(request, QDateTime::currentSecsSinceEpoch());
}

base::ApiError OllamaCodec::decodeError(int status, const QByteArray &body) const
{
    QJsonParseError parseError {};
    const QJsonDocument document = QJsonDocument::fromJson(body, &parseError);
    if (parseError.error == QJsonParseError::NoError && document.isObject()) {
        base::ApiError error = ollama::errorFromJson(status, document.object());
        if (!error.message.isEmpty())
            return error;
    }
    // Not Ollama's shape (a reverse proxy's page, plain text…): show what the upstream said.
    base::ApiError error = ollama::errorFromJson(status, QJsonObject());
    error.message = QString::fromUtf8(body).trimmed().left(500);
    return error;
}

QByteArray OllamaCodec::encodeError(const base::ApiError &error) const
{
    return base::ErrorWriter::body(error, base::WireFormat::OllamaChat);
}

} // namespace switchyard::api::canonical
