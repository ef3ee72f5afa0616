#pragma once

#include "api/ApiError.h"
#include "api/canonical/Canonical.h"

#include <QJsonObject>

#include <variant>

namespace switchyard::api::canonical {

/// A non-streaming Responses `response` object ↔ canonical::Response.
class OpenAiResponsesResponseCodec final
{
public:
    static std::variant<Response, ApiError> decode(const QJsonObject &body);
    static QJsonObject encode(const Response &response);
};

} // namespace switchyard::api::canonical
