#include "ResponseWriter.h"

#include "http/HttpStatus.h"

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace switchyard::http {

ResponseWriter::ResponseWriter(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_responder(std::move(responder)), m_socket(socket)
{
}

ResponseWriter::~ResponseWriter() = default;

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)

namespace {
QHttpHeaders toQHttpHeaders(const base::HeaderList &headers)
{
    QHttpHeaders result;
    for (const auto &[name, value] : headers)
        result.append(name, value);
    return result;
}
} // namespace

void ResponseWriter::writeComplete(int status, const base::HeaderList &headers,
                                   const QByteArray &body)
{
    m_responder.write(body, toQHttpHeaders(headers),
                      static_cast<QHttpServerResponder::StatusCode>(status));
}

void ResponseWriter::writeBeginChunked(int status, const base::HeaderList &headers)
{
    m_responder.writeBeginChunked(toQHttpHeaders(headers),
                                  static_cast<QHttpServerResponder::StatusCode>(status));
}

void ResponseWriter::writeChunk(const QByteArray &data)
{
    m_responder.writeChunk(data);
}

void ResponseWriter::writeEndChunked()
{
    m_responder.writeEndChunked(QByteArray());
}

#else // Qt 6.4: write the wire format ourselves (writeStatusLine/writeBody add nothing we need).

namespace {
QByteArray statusAndHeaders(int status, const base::HeaderList &headers)
{
    QByteArray out;
    out.reserve(256);
    out += "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    for (const auto &[name, value] : headers)
        out += name + ": " + value + "\r\n";
    return out;
}
} // namespace

void ResponseWriter::writeComplete(int status, const base::HeaderList &headers,
                                   const QByteArray &body)
{
    if (!socketAlive())
        return;
    QByteArray out = statusAndHeaders(status, headers);
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n";
    out += body;
    m_socket->write(out);
    m_socket->flush(); // now, not on the next event-loop pass: latency is the product
}

void ResponseWriter::writeBeginChunked(int status, const base::HeaderList &headers)
{
    if (!socketAlive())
        return;
    m_socket->write(statusAndHeaders(status, headers) + "Transfer-Encoding: chunked\r\n\r\n");
    m_socket->flush();
}

void ResponseWriter::writeChunk(const QByteArray &data)
{
    if (!socketAlive() || data.isEmpty())
        return; // an empty chunk would end the body
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    m_socket->flush();
}

void ResponseWriter::writeEndChunked()
{
    if (!socketAlive())
        return;
    m_socket->write("0\r\n\r\n");
    m_socket->flush();
}

#endif

} // namespace switchyard::http
