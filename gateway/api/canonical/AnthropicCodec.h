#pragma once

#include "api/canonical/Codec.h"

namespace switchyard::api::canonical {

/// Anthropic Messages (`POST /v1/messages`, anthropic-version 2023-06-01): Claude Code and the
/// Anthropic SDKs as clients, Anthropic as an upstream.
class AnthropicCodec final : public Codec
{
public:
    std::variant<Request, base::ApiError> decodeRequest(const QJsonObject &body) const override;
    QJsonObject encodeRequest(const Request &request) const override;

    std::variant<Response, base::ApiError> decodeResponse(const QJsonObject &body) const override;
    QJsonObject encodeResponse(const Response &response) const override;

    std::unique_ptr<StreamDecoder> streamDecoder() const override;
    std::unique_ptr<StreamEncoder> streamEncoder(const Request &request) const override;

    /// `{"type":"error","error":{"type","message"}}` → ApiError; other bodies become the
    /// message (first 500 characters).
    base::ApiError decodeError(int status, const QByteArray &body) const override;
    /// Types Anthropic does not use are re-derived from the status (404 → not_found_error…).
    QByteArray encodeError(const base::ApiError &error) const override;
};

} // namespace switchyard::api::canonical
