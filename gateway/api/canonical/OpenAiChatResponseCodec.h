#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>

#include <variant>

namespace switchyard::api::canonical {

/// Non-streaming `chat.completion` bodies ↔ canonical::Response.
class OpenAiChatResponseCodec final
{
public:
    static std::variant<Response, base::ApiError> decode(const QJsonObject &body);
    static QJsonObject encode(const Response &response);
};

} // namespace switchyard::api::canonical
