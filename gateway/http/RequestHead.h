#pragma once

#include "base/HeaderList.h"

#include <QByteArray>

namespace switchyard::http {

/// What the connection guard learnt from one request head.
struct RequestHead
{
    QByteArray method;
    QByteArray target;
    int versionMinor = 1; ///< HTTP/1.<versionMinor>
    base::HeaderList headers;
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

} // namespace switchyard::http
