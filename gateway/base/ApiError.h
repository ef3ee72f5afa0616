#pragma once

#include <QByteArray>
#include <QString>

namespace switchyard::base {

/// An error the gateway answers with, independent of the wire format; base::ErrorWriter
/// shapes it for the client.
struct ApiError
{
    int status = 500;
    QString type; ///< OpenAI "type", e.g. invalid_request_error
    QString message; ///< written for the person reading the client's log
    QString param; ///< offending request field, if any
    QString code; ///< machine-readable code, e.g. model_not_found

    static ApiError invalidRequest(const QString &message, const QString &param = {},
                                   const QString &code = {});
    static ApiError notFound(const QString &message,
                             const QString &code = QStringLiteral("not_found"));
    static ApiError methodNotAllowed(const QString &message);
    static ApiError badGateway(const QString &message,
                               const QString &code = QStringLiteral("bad_gateway"));
    static ApiError unavailable(const QString &message);
    static ApiError gatewayTimeout(const QString &message);
    static ApiError internal(const QString &message);
};

} // namespace switchyard::base
