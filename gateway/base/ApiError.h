#pragma once

#include <QByteArray>
#include <QString>

namespace switchyard::base {

/// An error the gateway answers with, independent of the wire format.
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

    /// `{"error":{"message","type","param","code"}}` as OpenAI sends it.
    QByteArray toOpenAiJson() const;
    /// `{"type":"error","error":{"type","message"}}` as Anthropic sends it; OpenAI-style types
    /// are mapped from the status (400 invalid_request_error … 529 overloaded_error).
    QByteArray toAnthropicJson() const;
};

} // namespace switchyard::base
