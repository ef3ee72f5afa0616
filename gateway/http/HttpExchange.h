#pragma once

#include "base/ApiError.h"
#include "base/WireFormat.h"
#include "http/HttpRequest.h"
#include "http/ResponseWriter.h"

#include <QObject>
#include <QPointer>

namespace switchyard::http {

class ConnectionGuard;

/// One request and its response. Owned by the HttpServer; deletes itself once the
/// response is complete or the client has gone. Hold it through a QPointer.
class HttpExchange final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpExchange)

public:
    HttpExchange(HttpRequest request, ResponseWriter writer, ConnectionGuard *guard,
                 QObject *parent);
    ~HttpExchange() override;

    const HttpRequest &request() const { return m_request; }

    /// Header added to whatever response is sent (e.g. x-request-id).
    void addResponseHeader(const QByteArray &name, const QByteArray &value);
    /// Headers added with addResponseHeader() so far.
    const base::HeaderList &responseHeaders() const { return m_extraHeaders; }

    /// Sends a complete response with Content-Length.
    void respond(int status, const QByteArray &body, const base::HeaderList &headers = {});
    /// Sends a complete JSON response.
    void respondJson(int status, const QByteArray &json);
    /// Sends \a error with its status, in the shape a client of \a format reads (ErrorWriter).
    void respondError(const base::ApiError &error, base::WireFormat format);
    /// Starts a chunked response; follow with writeChunk() and endStream().
    void beginStream(int status, const base::HeaderList &headers = {});
    /// Sends one chunk at once; false if the client is gone.
    bool writeChunk(const QByteArray &data);
    void endStream();

    bool isClientConnected() const;
    bool hasStartedResponse() const { return m_started; }
    bool isFinished() const { return m_finished; }

Q_SIGNALS:
    /// The client closed the connection before the response was complete.
    void clientDisconnected();
    /// The response is complete (or abandoned); the exchange is about to go away.
    void finished();

private:
    void finish(bool keepAlive);
    base::HeaderList withCommonHeaders(const base::HeaderList &headers) const;

    HttpRequest m_request;
    ResponseWriter m_writer;
    QPointer<ConnectionGuard> m_guard;
    base::HeaderList m_extraHeaders;
    bool m_started = false;
    bool m_streaming = false;
    bool m_finished = false;
};

} // namespace switchyard::http
