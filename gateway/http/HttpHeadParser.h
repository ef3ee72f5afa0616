#pragma once

#include "http/RequestHead.h"

#include <QByteArrayView>

#include <variant>

namespace switchyard::http {

/// Strict HTTP/1.x request-head parser (RFC 9112); the input ends with the blank line.
class HttpHeadParser final
{
public:
    static std::variant<RequestHead, HeadError> parse(QByteArrayView head);
};

} // namespace switchyard::http
