#include "ResponseWriter.h"

#include "http/HttpStatus.h"

#include <algorithm>

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
#include <QHttpHeaders>
#endif

namespace switchyard::http {

ResponseWriter::ResponseWriter(QHttpServerResponder &&responder, QTcpSocket *socket)
    : m_responder(std::move(responder)), m_socket(socket)
{
}

ResponseWriter::~ResponseWriter() = default;

namespace {

bool isTokenChar(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || QByteArrayView("!#$%&'*+-.^_`|~").contains(c);
}

bool isUnsafeValueByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
}

bool isSafe(const std::pair<QByteArray, QByteArray> &header)
{
    const auto &[name, value] = header;
    return !name.isEmpty() && std::all_of(name.begin(), name.end(), isTokenChar)
        && std::none_of(value.begin(), value.end(), isUnsafeValueByte);
}

// Header values carry strings that came from clients (model names, routes): control bytes
// (CR and LF above all) are percent-encoded so no value can end its line and start another
// header, on either Qt path. Names are ours; one that is not a token is dropped. The common
// case, all clean, costs one scan and no copy.
base::HeaderList safeHeaders(const base::HeaderList &headers)
{
    if (std::all_of(headers.begin(), headers.end(), isSafe))
        return headers;
    base::HeaderList safe;
    for (const auto &[name, value] : headers) {
        if (name.isEmpty() || !std::all_of(name.begin(), name.end(), isTokenChar))
            continue;
        if (std::none_of(value.begin(), value.end(), isUnsafeValueByte)) {
            safe.append({ name, value });
            continue;
        }
        QByteArray encoded; // '%' too, so the encoding can be read back
        for (const char c : value) {
            if (isUnsafeValueByte(c) || c == '%')
                encoded += '%' + QByteArray::number(uchar(c), 16).toUpper().rightJustified(2, '0');
            else
                encoded += c;
        }
        safe.append({ name, encoded });
    }
    return safe;
}

} // namespace

#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)

namespace {
QHttpHeaders toQHttpHeaders(const base::HeaderList &headers)
{
    QHttpHeaders result;
    for (const auto &[name, value] : safeHeaders(headers))
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
    for (const auto &[name, value] : safeHeaders(headers))
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
