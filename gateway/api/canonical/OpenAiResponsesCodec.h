#pragma once

#include "api/canonical/Codec.h"

namespace switchyard::api::canonical {

/// OpenAI Responses (`POST /v1/responses`, Codex CLI) ↔ the canonical model. Stateless:
/// previous_response_id is refused; only `function` tools are translated.
class OpenAiResponsesCodec final : public Codec
{
public:
    std::variant<Request, base::ApiError> decodeRequest(const QJsonObject &body) const override;
    QJsonObject encodeRequest(const Request &request) const override;

    std::variant<Response, base::ApiError> decodeResponse(const QJsonObject &body) const override;
    QJsonObject encodeResponse(const Response &response) const override;

    std::unique_ptr<StreamDecoder> streamDecoder() const override;
    std::unique_ptr<StreamEncoder> streamEncoder(const Request &request) const override;

    base::ApiError decodeError(int status, const QByteArray &body) const override;
    QByteArray encodeError(const base::ApiError &error) const override;
};

} // namespace switchyard::api::canonical
