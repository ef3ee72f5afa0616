#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>

#include <variant>

namespace switchyard::api::canonical {

/// Non-streaming Ollama `/api/chat` answers (`"stream": false`) ↔ canonical::Response.
class OllamaResponse final
{
public:
    static std::variant<Response, base::ApiError> decode(const QJsonObject &body);
    static QJsonObject encode(const Response &response);
};

} // namespace switchyard::api::canonical
