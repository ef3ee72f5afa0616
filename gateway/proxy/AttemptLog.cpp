#include "AttemptLog.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::proxy {

AttemptLog::Attempt AttemptLog::transferFailed(const QString &target, upstream::TransferError error,
                                               const QString &why, const QString &message)
{
    return { target,
             error == upstream::TransferError::None ? u"bad_response"_s
                                                    : upstream::transferErrorName(error),
             why + (message.isEmpty() ? QString() : u" ("_s + message + u')'),
             0,
             {},
             {},
             error };
}

QString AttemptLog::describe(upstream::TransferError error)
{
    using upstream::TransferError;
    switch (error) {
    case TransferError::ConnectFailed:
        return u"could not connect"_s;
    case TransferError::ConnectTimeout:
        return u"timed out connecting"_s;
    case TransferError::FirstByteTimeout:
        return u"timed out waiting for the response"_s;
    case TransferError::StreamIdleTimeout:
        return u"went silent mid-response"_s;
    case TransferError::TotalTimeout:
        return u"took longer than the total time limit"_s;
    case TransferError::Dropped:
        return u"dropped the connection"_s;
    case TransferError::Tls:
        return u"failed the TLS handshake"_s;
    case TransferError::Protocol:
        return u"sent something that is not valid HTTP"_s;
    case TransferError::Cancelled:
        return u"was cancelled"_s;
    case TransferError::None:
        break;
    }
    return u"failed"_s;
}

routing::OutcomeKind AttemptLog::outcomeFor(upstream::TransferError error)
{
    using upstream::TransferError;
    switch (error) {
    case TransferError::ConnectFailed:
    case TransferError::Tls:
        return routing::OutcomeKind::Connect;
    case TransferError::ConnectTimeout:
    case TransferError::FirstByteTimeout:
    case TransferError::StreamIdleTimeout:
    case TransferError::TotalTimeout:
        return routing::OutcomeKind::Timeout;
    case TransferError::Cancelled:
        return routing::OutcomeKind::Cancelled;
    case TransferError::Dropped:
    case TransferError::Protocol:
    case TransferError::None:
        break;
    }
    return routing::OutcomeKind::BadResponse;
}

bool AttemptLog::isTimeout(upstream::TransferError error)
{
    using upstream::TransferError;
    return error == TransferError::ConnectTimeout || error == TransferError::FirstByteTimeout
        || error == TransferError::StreamIdleTimeout || error == TransferError::TotalTimeout;
}

QByteArray AttemptLog::header() const
{
    QByteArrayList parts;
    for (const Attempt &a : m_attempts)
        parts.append((a.target + u'=' + a.outcome).toUtf8());
    return parts.join(';');
}

void AttemptLog::copyTo(base::RequestRecord &record) const
{
    for (const Attempt &a : m_attempts)
        record.attempts.append({ a.target, a.outcome, a.detail });
}

AttemptLog::Failure AttemptLog::failure(const QString &requestedModel) const
{
    const auto targetsAndDetails = [this] {
        QStringList parts;
        for (const Attempt &a : m_attempts)
            parts.append(a.target + u": "_s + a.detail);
        return parts.join(u"; "_s);
    };
    // Every target refused the request itself (e.g. image URLs to Ollama): the client's
    // request cannot be served as written, so it is a 400, not a gateway failure.
    if (!m_attempts.isEmpty()
        && std::all_of(m_attempts.begin(), m_attempts.end(),
                       [](const Attempt &a) { return a.outcome == u"unsupported"_s; })) {
        return { nullptr,
                 base::ApiError::invalidRequest(
                     u"This request cannot be served: %1."_s.arg(targetsAndDetails()), {},
                     u"unsupported_content"_s) };
    }
    if (m_attempts.isEmpty()) {
        return { nullptr,
                 base::ApiError::unavailable(
                     u"No provider is available for '%1'."_s.arg(requestedModel)) };
    }
    if (m_attempts.size() == 1) {
        const Attempt &only = m_attempts.first();
        if (only.status != 0 && !only.body.isEmpty())
            return { &only, {} };
        const QString message = u"The upstream %1 %2."_s.arg(only.target, only.detail);
        if (isTimeout(only.error))
            return { nullptr, base::ApiError::gatewayTimeout(message) };
        if (only.outcome == u"config"_s || only.outcome == u"queue"_s)
            return { nullptr, base::ApiError::unavailable(message) };
        return { nullptr, base::ApiError::badGateway(message) };
    }
    return { nullptr,
             base::ApiError::badGateway(
                 u"All %1 targets for '%2' failed: %3."_s.arg(m_attempts.size())
                     .arg(requestedModel, targetsAndDetails()),
                 u"all_targets_failed"_s) };
}

} // namespace switchyard::proxy
