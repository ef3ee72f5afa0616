#pragma once

#include "api/RequestContext.h"
#include "base/ApiError.h"

#include <QJsonObject>

#include <optional>
#include <variant>

namespace switchyard::api {

/// The OpenAI endpoints the gateway proxies.
enum class OpenAiEndpoint { ChatCompletions, Completions, Embeddings };

/// Parses and validates a request body for \a endpoint (once: the context keeps the raw bytes
/// and the parsed object); errors carry the offending param.
std::variant<RequestContext, base::ApiError> parseOpenAiRequest(OpenAiEndpoint endpoint,
                                                                const QByteArray &body);

/// Upstream path below the provider's base URL, e.g. "/chat/completions".
QByteArray endpointPath(OpenAiEndpoint endpoint);

} // namespace switchyard::api
