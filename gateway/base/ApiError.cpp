#include "ApiError.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::base {

namespace {
QJsonValue nullable(const QString &s)
{
    return s.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(s);
}
} // namespace

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

QByteArray ApiError::toOpenAiJson() const
{
    const QJsonObject error { { u"message"_s, message },
                              { u"type"_s, type },
                              { u"param"_s, nullable(param) },
                              { u"code"_s, nullable(code) } };
    return QJsonDocument(QJsonObject { { u"error"_s, error } }).toJson(QJsonDocument::Compact);
}

QByteArray ApiError::toAnthropicJson() const
{
    QString anthropicType;
    switch (status) {
    case 400:
        anthropicType = u"invalid_request_error"_s;
        break;
    case 401:
        anthropicType = u"authentication_error"_s;
        break;
    case 402:
        anthropicType = u"billing_error"_s;
        break;
    case 403:
        anthropicType = u"permission_error"_s;
        break;
    case 404:
        anthropicType = u"not_found_error"_s;
        break;
    case 413:
        anthropicType = u"request_too_large"_s;
        break;
    case 429:
        anthropicType = u"rate_limit_error"_s;
        break;
    case 503:
    case 529:
        anthropicType = u"overloaded_error"_s;
        break;
    case 504:
        anthropicType = u"timeout_error"_s;
        break;
    default:
        anthropicType = status >= 500 ? u"api_error"_s : u"invalid_request_error"_s;
    }
    const QJsonObject error { { u"type"_s, anthropicType }, { u"message"_s, message } };
    return QJsonDocument(QJsonObject { { u"type"_s, u"error"_s }, { u"error"_s, error } })
        .toJson(QJsonDocument::Compact);
}

} // namespace switchyard::base
