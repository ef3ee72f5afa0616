#pragma once

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>

#include <memory>
#include <variant>

namespace switchyard::api::canonical {

/// Turns an upstream's stream bytes (already split into events by the caller: one SSE event's
/// `event` name and `data`, or one NDJSON line in `data`) into canonical events. Stateful.
class StreamDecoder
{
public:
    virtual ~StreamDecoder() = default;
    virtual QList<StreamEvent> decode(const QByteArray &eventName, const QByteArray &data) = 0;
    /// The stream ended: events still owed (e.g. block stops), or an Error event if it was cut.
    virtual QList<StreamEvent> finish() = 0;
};

/// Turns canonical events into a client's wire bytes (complete SSE events, or NDJSON lines),
/// ready to be written as chunks. Stateful.
class StreamEncoder
{
public:
    virtual ~StreamEncoder() = default;
    virtual QByteArray encode(const StreamEvent &event) = 0;
    /// Bytes that close the stream properly (e.g. "data: [DONE]\n\n"); empty if none.
    virtual QByteArray finish() = 0;
};

/// One wire format. Requests: decode what a client sent, encode what an upstream needs.
/// Responses and streams: decode what an upstream answered, encode what a client expects.
class Codec
{
public:
    virtual ~Codec() = default;

    virtual std::variant<Request, base::ApiError> decodeRequest(const QJsonObject &body) const = 0;
    virtual QJsonObject encodeRequest(const Request &request) const = 0;

    virtual std::variant<Response, base::ApiError>
    decodeResponse(const QJsonObject &body) const = 0;
    /// The caller has already set response.model to what the client should see.
    virtual QJsonObject encodeResponse(const Response &response) const = 0;

    virtual std::unique_ptr<StreamDecoder> streamDecoder() const = 0;
    /// \a request: the client's request (its model, whether it asked for usage…).
    virtual std::unique_ptr<StreamEncoder> streamEncoder(const Request &request) const = 0;

    /// An upstream error body in this format → an ApiError (status kept).
    virtual base::ApiError decodeError(int status, const QByteArray &body) const = 0;
    /// An ApiError in this format's error shape (body only; the status is error.status).
    virtual QByteArray encodeError(const base::ApiError &error) const = 0;
};

} // namespace switchyard::api::canonical
