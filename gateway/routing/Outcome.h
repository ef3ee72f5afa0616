#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace switchyard::routing {

/// How one attempt at one target ended.
enum class OutcomeKind {
    Success,
    Connect, ///< could not connect (DNS, refused, TLS)
    Timeout, ///< connect, first-byte or total timeout
    Http429,
    Http5xx,
    Http4xx, ///< other 4xx: the request's fault, not the target's
    BadResponse, ///< garbled or truncated answer
    ContextLength, ///< the prompt did not fit this model's context window
    Cancelled, ///< the client went away
};

/// What the proxy reports when an attempt ends; -1 = not measured.
struct Outcome
{
    OutcomeKind kind = OutcomeKind::Success;
    int status = 0; ///< HTTP status, 0 when there was none
    qint64 ttftMs = -1; ///< time to first token (streams) or to the response head
    qint64 totalMs = -1;
    qint64 retryAfterMs = 0; ///< from a 429's Retry-After, 0 = none
    QString message;
};

/// Whether \a kind says something is wrong with the target (and so counts for its breaker).
bool countsAgainstTarget(OutcomeKind kind);
/// Short stable name ("connect", "429", "context_length"…), as used in retry.on and logs.
QString outcomeKindName(OutcomeKind kind);
/// Classifies a non-2xx upstream answer; recognises context-window errors in the body.
OutcomeKind classifyHttpError(int status, const QByteArray &body);
/// Retry-After in delta-seconds (the form providers send) to milliseconds; 0 if absent or
/// an HTTP-date, which we do not trust clocks enough to use.
qint64 parseRetryAfterMs(QByteArrayView value);

} // namespace switchyard::routing
