#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>

#include <variant>

namespace switchyard::api::canonical {

/// An Anthropic Messages request body (what Claude Code sends) → canonical request.
class AnthropicRequestDecoder final
{
public:
    /// Invalid bodies give a 400 invalid_request_error worded like Anthropic's own
    /// ("max_tokens: Field required").
    static std::variant<Request, base::ApiError> decode(const QJsonObject &body);
};

} // namespace switchyard::api::canonical
