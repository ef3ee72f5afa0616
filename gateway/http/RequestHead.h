#pragma once

#include <QByteArray>
#include <QList>

#include <utility>
#include <variant>

namespace switchyard::http {

using HeaderList = QList<std::pair<QByteArray, QByteArray>>;

/// Case-insensitive lookup of the first header called \a name.
QByteArray headerValue(const HeaderList &headers, QByteArrayView name);

/// What the connection guard learnt from one request head.
struct RequestHead
{
    QByteArray method;
    QByteArray target;
    int versionMinor = 1; ///< HTTP/1.<versionMinor>
    HeaderList headers;
    qint64 contentLength = 0;
    bool expectContinue = false;
    bool keepAlive = true;
};

/// A head we refuse, with the status to answer and why.
struct HeadError
{
    int status = 400;
    QByteArray message;
};

/// Strict HTTP/1.x request-head parser (RFC 9112); the input ends with the blank line.
class HttpHeadParser final
{
public:
    static std::variant<RequestHead, HeadError> parse(QByteArrayView head);
};

} // namespace switchyard::http
