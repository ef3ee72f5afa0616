#include "HttpExchange.h"

#include "base/DeleteSoon.h"
#include "base/ErrorWriter.h"
#include "http/ConnectionGuard.h"

#include <QTcpSocket>

namespace switchyard::http {

bool HttpRequest::hasHeader(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HttpExchange::HttpExchange(HttpRequest request, ResponseWriter writer, ConnectionGuard *guard,
                           QObject *parent)
    : QObject(parent), m_request(std::move(request)), m_writer(std::move(writer)), m_guard(guard)
{
    if (m_guard)
        m_guard->responseStarted();
    if (QTcpSocket *socket = m_writer.socket()) {
        connect(socket, &QTcpSocket::disconnected, this, [this] {
            if (m_finished)
                return;
            Q_EMIT clientDisconnected();
            finish(false);
        });
    }
}

HttpExchange::~HttpExchange()
{
    if (!m_finished && m_guard)
        m_guard->responseFinished(false);
}

void HttpExchange::addResponseHeader(const QByteArray &name, const QByteArray &value)
{
    m_extraHeaders.append({ name, value });
}

base::HeaderList HttpExchange::withCommonHeaders(const base::HeaderList &headers) const
{
    base::HeaderList all = headers;
    all += m_extraHeaders;
    if (!m_request.keepAlive)
        all.append({ QByteArrayLiteral("Connection"), QByteArrayLiteral("close") });
    return all;
}

void HttpExchange::respond(int status, const QByteArray &body, const base::HeaderList &headers)
{
    if (m_started || m_finished)
        return;
    m_started = true;
    m_writer.writeComplete(status, withCommonHeaders(headers), body);
    finish(m_request.keepAlive);
}

void HttpExchange::respondJson(int status, const QByteArray &json)
{
    respond(status, json,
            { { QByteArrayLiteral("Content-Type"), base::ErrorWriter::contentType() } });
}

void HttpExchange::respondError(const base::ApiError &error, base::WireFormat format)
{
    respond(error.status, base::ErrorWriter::body(error, format),
            { { QByteArrayLiteral("Content-Type"), base::ErrorWriter::contentType() } });
}

void HttpExchange::beginStream(int status, const base::HeaderList &headers)
{
    if (m_started || m_finished)
        return;
    m_started = true;
    m_streaming = true;
    m_writer.writeBeginChunked(status, withCommonHeaders(headers));
}

bool HttpExchange::writeChunk(const QByteArray &data)
{
    if (!m_streaming || m_finished || !m_writer.socketAlive())
        return false;
    m_writer.writeChunk(data);
    return true;
}

void HttpExchange::endStream()
{
    if (!m_streaming || m_finished)
        return;
    m_writer.writeEndChunked();
    finish(m_request.keepAlive);
}

bool HttpExchange::isClientConnected() const
{
    return !m_finished && m_writer.socketAlive();
}

void HttpExchange::finish(bool keepAlive)
{
    if (m_finished)
        return;
    m_finished = true;
    if (m_guard)
        m_guard->responseFinished(keepAlive);
    Q_EMIT finished();
    base::deleteSoon(this);
}

} // namespace switchyard::http
