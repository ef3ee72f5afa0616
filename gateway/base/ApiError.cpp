#include "ApiError.h"

using namespace Qt::StringLiterals;

namespace switchyard::base {

ApiError ApiError::invalidRequest(const QString &message, const QString &param, const QString &code)
{
    return { 400, u"invalid_request_error"_s, message, param, code };
}

ApiError ApiError::notFound(const QString &message, const QString &code)
{
    return { 404, u"invalid_request_error"_s, message, {}, code };
}

ApiError ApiError::methodNotAllowed(const QString &message)
{
    return { 405, u"invalid_request_error"_s, message, {}, u"method_not_allowed"_s };
}

ApiError ApiError::badGateway(const QString &message, const QString &code)
{
    return { 502, u"api_error"_s, message, {}, code };
}

ApiError ApiError::unavailable(const QString &message)
{
    return { 503, u"api_error"_s, message, {}, u"service_unavailable"_s };
}

ApiError ApiError::gatewayTimeout(const QString &message)
{
    return { 504, u"api_error"_s, message, {}, u"gateway_timeout"_s };
}

ApiError ApiError::internal(const QString &message)
{
    return { 500, u"api_error"_s, message, {}, u"internal_error"_s };
}

} // namespace switchyard::base
