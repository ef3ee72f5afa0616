#pragma once

#include <QByteArray>
#include <QList>
#include <QMetaType>
#include <QString>

namespace switchyard::api {

/// One attempt at one target, as the request log keeps it.
struct AttemptRecord
{
    QString target; ///< "provider/model"
    QString outcome; ///< "200", "connect_failed", "context_length"…
    QString detail;
};

/// What happened to one proxied request: handed to the request log and live views when the
/// request is over. Holds no prompt, no answer and no secret.
struct RequestRecord
{
    QByteArray requestId;
    qint64 startedAtMs = 0; ///< wall clock, ms since the epoch
    QString endpoint; ///< "chat.completions", "completions", "embeddings"
    QString requestedModel;
    QString route; ///< empty for a direct provider model
    QString ruleReason; ///< the rule that picked the route, if any
    QString strategy;
    QList<AttemptRecord> attempts;
    QString provider; ///< who answered (last attempt)
    QString model;
    int status = 0; ///< HTTP status sent to the client; 499 when the client went away
    QString errorCode;
    bool stream = false;
    qint64 latencyMs = 0;
    qint64 ttftMs = -1;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;

    /// One log line: "req_1 chat.completions coder -> fa/gpt-4o-mini 200 312 ms (fa/x=500;…)".
    QString summary() const;
};

} // namespace switchyard::api

Q_DECLARE_METATYPE(switchyard::api::RequestRecord)
