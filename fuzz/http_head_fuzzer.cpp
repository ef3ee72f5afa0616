// The strict HTTP/1.x request-head parser the connection guard runs on every request.
#include "FuzzSupport.h"
#include "http/HttpHeadParser.h"

using namespace switchyard;

namespace {

void parseAndCheck(QByteArrayView head)
{
    const auto result = http::HttpHeadParser::parse(head);
    if (const auto *parsed = std::get_if<http::RequestHead>(&result)) {
        if (parsed->method.isEmpty() || parsed->target.isEmpty())
            fuzz::fail("accepted a head without method or target");
        if (parsed->contentLength < 0)
            fuzz::fail("negative Content-Length accepted");
        if (!head.endsWith("\r\n\r\n"))
            fuzz::fail("accepted a head without the blank line");
        (void)base::headerValue(parsed->headers, "host");
    } else {
        const auto &error = std::get<http::HeadError>(result);
        if (error.status < 400 || error.status > 599 || error.message.isEmpty())
            fuzz::fail("head error without a 4xx/5xx status and a message");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView bytes = fuzz::input(data, size);
    parseAndCheck(bytes); // the parser must cope with any input, framed or not
    // What the guard hands over: everything up to and including the first blank line.
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end >= 0 && end + 4 < bytes.size())
        parseAndCheck(bytes.first(end + 4));
    return 0;
}
