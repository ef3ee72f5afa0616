#include "UpstreamTypes.h"

using namespace Qt::StringLiterals;

namespace switchyard::upstream {

QString transferErrorName(TransferError error)
{
    switch (error) {
    case TransferError::None:
        return u"none"_s;
    case TransferError::ConnectFailed:
        return u"connect_failed"_s;
    case TransferError::ConnectTimeout:
        return u"connect_timeout"_s;
    case TransferError::FirstByteTimeout:
        return u"first_byte_timeout"_s;
    case TransferError::StreamIdleTimeout:
        return u"stream_idle_timeout"_s;
    case TransferError::TotalTimeout:
        return u"total_timeout"_s;
    case TransferError::Dropped:
        return u"dropped"_s;
    case TransferError::Tls:
        return u"tls"_s;
    case TransferError::Protocol:
        return u"protocol"_s;
    case TransferError::Cancelled:
        return u"cancelled"_s;
    }
    return u"unknown"_s;
}

} // namespace switchyard::upstream
