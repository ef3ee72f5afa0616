#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>

#include <variant>

namespace switchyard::api::canonical {

/// Non-streaming Anthropic Messages responses ↔ canonical responses.
class AnthropicResponse final
{
public:
    /// An upstream's `{"type":"message",…}` body. Unknown block types (server tools) are skipped.
    static std::variant<Response, base::ApiError> decode(const QJsonObject &body);
    /// The body an Anthropic client expects; usage is always present.
    static QJsonObject encode(const Response &response);
};

} // namespace switchyard::api::canonical
