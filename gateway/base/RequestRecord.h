#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace switchyard::base {

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
    QString inboundApi; ///< "openai" (chat, completions, embeddings, responses), "anthropic"
    QString tokenName; ///< the client access token's name; empty when tokens are off
    /// Token counts as the upstream reported them (usageKnown false: it reported none).
    /// tokensIn counts every prompt token: cached and cache-write tokens are part of it.
    qint64 tokensIn = 0;
    qint64 tokensOut = 0; ///< includes reasoning tokens
    qint64 tokensCached = 0; ///< prompt tokens read from the provider's prompt cache
    qint64 tokensCacheWrite = 0; ///< prompt tokens written to the provider's prompt cache
    qint64 tokensReasoning = 0; ///< part of tokensOut
    bool usageKnown = false;
    double costUsd = 0; ///< what the request cost; 0 for cache hits and local models
    QString priceVersion; ///< the price table the cost was computed with
    bool costKnown = false; ///< false: no price for the model
    bool cacheHit = false; ///< answered from Switchyard's response cache
    /// The client's request and the answer sent back, only when the route logs bodies.
    QByteArray requestBody;
    QByteArray responseBody;
    qint64 latencyMs = 0;
    qint64 ttftMs = -1;
    qint64 bytesIn = 0;
    qint64 bytesOut = 0;

    /// One log line: "req_1 chat.completions coder -> fa/gpt-4o-mini 200 312 ms (fa/x=500;…)".
    QString summary() const;
    /// The record as the live event stream and `switchyard logs --json` show it: no bodies,
    /// no attempt details (upstream messages), nothing secret.
    QJsonObject toSummaryJson() const;
};

} // namespace switchyard::base

Q_DECLARE_METATYPE(switchyard::base::RequestRecord)
