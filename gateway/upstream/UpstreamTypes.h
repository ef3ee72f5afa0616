#pragma once

#include "base/HeaderList.h"

#include <QByteArray>
#include <QString>
#include <QUrl>

namespace switchyard::upstream {

/// Per-transfer time limits in milliseconds; 0 means no limit.
struct UpstreamTimeouts
{
    int connectMs = 10'000; ///< TCP + TLS handshake
    int firstByteMs = 120'000; ///< request sent -> response headers
    int streamIdleMs = 120'000; ///< longest silence between body bytes
    int totalMs = 600'000; ///< whole transfer
};

/// One HTTP request to an upstream provider.
struct UpstreamRequestSpec
{
    QByteArray method = QByteArrayLiteral("POST");
    QUrl url;
    base::HeaderList headers; ///< sent as given (auth included); no Expect header is ever added
    QByteArray body;
    UpstreamTimeouts timeouts;
};

/// Why a transfer ended. Only None means the upstream sent a complete response.
enum class TransferError {
    None,
    ConnectFailed, ///< refused, unreachable, DNS failure
    ConnectTimeout,
    FirstByteTimeout,
    StreamIdleTimeout,
    TotalTimeout,
    Dropped, ///< connection reset or closed before the response was complete
    Tls, ///< certificate or handshake failure
    Protocol, ///< not valid HTTP
    Cancelled, ///< cancel() was called
};

/// Short stable name for logs and attempt lists, e.g. "connect_failed".
QString transferErrorName(TransferError error);

} // namespace switchyard::upstream
