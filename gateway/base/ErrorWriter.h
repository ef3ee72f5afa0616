#pragma once

#include "base/ApiError.h"
#include "base/WireFormat.h"

#include <QByteArray>
#include <QByteArrayView>

namespace switchyard::base {

/// The one place where an ApiError becomes what a client reads, in its own API's shape:
/// OpenAI's `{"error":{"message","type","param","code"}}` for the OpenAI endpoints and for
/// everything that is not a client API (health, metrics, admin, HTTP-level refusals);
/// Anthropic's `{"type":"error","error":{"type","message"}}` for /v1/messages, its type taken
/// from the status (400 invalid_request_error … 529 overloaded_error); Ollama's
/// `{"error":"message"}` for Ollama's native API. The status is always the error's own.
class ErrorWriter final
{
public:
    /// The JSON body of \a error for a client that speaks \a format.
    static QByteArray body(const ApiError &error, WireFormat format);
    /// \a error as the last server-sent event of a stream that had already started: `data:`
    /// for OpenAI-style streams, `event: error` for Anthropic's.
    static QByteArray streamEvent(const ApiError &error, WireFormat format);
    /// The client API of a request path, for errors written before an endpoint handled it
    /// (security gate, router): Anthropic's for /v1/messages and its count_tokens, else OpenAI's.
    static WireFormat formatForPath(QByteArrayView path);
    /// The Content-Type of every error body.
    static QByteArray contentType() { return QByteArrayLiteral("application/json"); }
};

} // namespace switchyard::base
