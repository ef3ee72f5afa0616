#pragma once

#include "base/ApiError.h"

#include <QJsonObject>

#include <optional>
#include <variant>

namespace switchyard::api {

/// The OpenAI endpoints the gateway proxies.
enum class OpenAiEndpoint { ChatCompletions, Completions, Embeddings };

/// What the gateway needs to know about a valid request body.
struct ParsedRequest
{
    QJsonObject object;
    QString model;
    bool stream = false;
    bool clientWantsUsage = false; ///< stream_options.include_usage was true
};

/// Parses and validates a request body for \a endpoint; errors carry the offending param.
std::variant<ParsedRequest, base::ApiError> parseOpenAiRequest(OpenAiEndpoint endpoint,
                                                               const QByteArray &body);

/// Upstream path below the provider's base URL, e.g. "/chat/completions".
QByteArray endpointPath(OpenAiEndpoint endpoint);

} // namespace switchyard::api
