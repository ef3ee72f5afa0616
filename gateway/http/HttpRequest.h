#pragma once

#include "http/RequestHead.h"

#include <QByteArray>
#include <QHostAddress>

namespace switchyard::http {

/// An inbound request, copied out of QHttpServer at once (it reuses its own object).
struct HttpRequest
{
    QByteArray method;
    QByteArray path; ///< percent-encoded, without the query
    QByteArray query; ///< raw, without '?'
    base::HeaderList headers;
    QByteArray body;
    QHostAddress peerAddress;
    quint16 peerPort = 0;
    int versionMinor = 1;
    bool keepAlive = true;

    QByteArray header(QByteArrayView name) const { return base::headerValue(headers, name); }
    bool hasHeader(QByteArrayView name) const;
};

} // namespace switchyard::http
