#include "HttpHeadParser.h"

namespace switchyard::http {

namespace {

bool isTchar(char c)
{
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
        return true;
    switch (c) {
    case '!':
    case '#':
    case '$':
    case '%':
    case '&':
    case '\'':
    case '*':
    case '+':
    case '-':
    case '.':
    case '^':
    case '_':
    case '`':
    case '|':
    case '~':
        return true;
    default:
        return false;
    }
}

bool isToken(QByteArrayView s)
{
    if (s.isEmpty())
        return false;
    for (char c : s) {
        if (!isTchar(c))
            return false;
    }
    return true;
}

// Field values: visible ASCII, obs-text, SP and HTAB; never CR, LF or NUL.
bool isFieldValue(QByteArrayView s)
{
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return false;
    }
    return true;
}

QByteArrayView trimmed(QByteArrayView s)
{
    while (!s.isEmpty() && (s.front() == ' ' || s.front() == '\t'))
        s = s.sliced(1);
    while (!s.isEmpty() && (s.back() == ' ' || s.back() == '\t'))
        s.chop(1);
    return s;
}

bool hasToken(QByteArrayView list, QByteArrayView token)
{
    for (const QByteArray &part : QByteArray(list.data(), list.size()).split(',')) {
        if (trimmed(part).compare(token, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

HeadError bad(int status, const char *message)
{
    return HeadError { status, QByteArray(message) };
}

} // namespace

std::variant<RequestHead, HeadError> HttpHeadParser::parse(QByteArrayView head)
{
    if (!head.endsWith("\r\n\r\n"))
        return bad(400, "request head must end with CRLF CRLF");
    head.chop(2); // keep one CRLF so every line ends with one
    RequestHead result;

    qsizetype lineEnd = head.indexOf("\r\n");
    const QByteArrayView requestLine = head.first(lineEnd);
    if (requestLine.contains('\n') || requestLine.contains('\r'))
        return bad(400, "bare CR or LF in the request line");
    const qsizetype sp1 = requestLine.indexOf(' ');
    const qsizetype sp2 = requestLine.lastIndexOf(' ');
    if (sp1 <= 0 || sp2 <= sp1 + 1)
        return bad(400, "malformed request line");
    const QByteArrayView method = requestLine.first(sp1);
    const QByteArrayView target = requestLine.sliced(sp1 + 1, sp2 - sp1 - 1);
    const QByteArrayView version = requestLine.sliced(sp2 + 1);
    if (!isToken(method))
        return bad(400, "malformed method");
    for (char ch : target) {
        const auto c = static_cast<unsigned char>(ch);
        if (c <= 0x20 || c >= 0x7f)
            return bad(400, "malformed request target");
    }
    if (version == "HTTP/1.1")
        result.versionMinor = 1;
    else if (version == "HTTP/1.0")
        result.versionMinor = 0;
    else if (version.size() == 8 && version.startsWith("HTTP/") && version.at(6) == '.')
        return bad(505, "only HTTP/1.0 and HTTP/1.1 are supported");
    else
        return bad(400, "malformed HTTP version");
    result.method = method.toByteArray();
    result.target = target.toByteArray();

    bool sawContentLength = false;
    bool sawHost = false;
    QByteArray transferEncoding;
    QByteArray connection;
    qsizetype pos = lineEnd + 2;
    while (pos < head.size()) {
        lineEnd = head.indexOf("\r\n", pos);
        const QByteArrayView line = head.sliced(pos, lineEnd - pos);
        pos = lineEnd + 2;
        if (line.isEmpty())
            return bad(400, "empty header line");
        if (line.front() == ' ' || line.front() == '\t')
            return bad(400, "obsolete header line folding is not allowed");
        const qsizetype colon = line.indexOf(':');
        if (colon <= 0)
            return bad(400, "header line without a name");
        const QByteArrayView name = line.first(colon);
        const QByteArrayView value = trimmed(line.sliced(colon + 1));
        if (!isToken(name))
            return bad(400, "malformed header name");
        if (!isFieldValue(value))
            return bad(400, "control character in a header value");
        result.headers.append({ name.toByteArray(), value.toByteArray() });

        if (name.compare("content-length", Qt::CaseInsensitive) == 0) {
            bool ok = !value.isEmpty() && value.size() <= 18;
            for (char c : value)
                ok = ok && c >= '0' && c <= '9';
            if (!ok)
                return bad(400, "malformed Content-Length");
            const qint64 length = value.toLongLong();
            if (sawContentLength && length != result.contentLength)
                return bad(400, "conflicting Content-Length headers");
            sawContentLength = true;
            result.contentLength = length;
        } else if (name.compare("transfer-encoding", Qt::CaseInsensitive) == 0) {
            transferEncoding += value.toByteArray();
        } else if (name.compare("host", Qt::CaseInsensitive) == 0) {
            if (sawHost)
                return bad(400, "more than one Host header");
            sawHost = true;
        } else if (name.compare("connection", Qt::CaseInsensitive) == 0) {
            connection += value.toByteArray() + ',';
        } else if (name.compare("expect", Qt::CaseInsensitive) == 0) {
            if (value.compare("100-continue", Qt::CaseInsensitive) != 0)
                return bad(417, "only 'Expect: 100-continue' is supported");
            result.expectContinue = true;
        }
    }
    if (!transferEncoding.isEmpty()) {
        // Both framings at once is the classic smuggling vector; refuse outright.
        if (sawContentLength)
            return bad(400, "Content-Length and Transfer-Encoding together are not allowed");
        return bad(411, "chunked request bodies are not supported; send Content-Length");
    }
    if (result.versionMinor == 1 && !sawHost)
        return bad(400, "HTTP/1.1 requests need a Host header");
    // HTTP/1.0 connections always close after the response: we never promise 1.0 keep-alive.
    result.keepAlive = result.versionMinor == 1 && !hasToken(connection, "close");
    return result;
}

} // namespace switchyard::http
