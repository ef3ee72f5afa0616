#pragma once

// Small helpers shared by the Ollama native chat codec classes (no state).

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>
#include <QString>

namespace switchyard::api::canonical::ollama {

/// Ollama's done_reason → canonical ("stop" EndTurn, "length" MaxTokens; anything else that
/// ended the message, e.g. "load", EndTurn). \a hasToolCalls wins: Ollama says "stop" then too.
StopReason stopReasonFromDone(const QString &doneReason, bool hasToolCalls);
/// Canonical → Ollama done_reason (Ollama only knows "stop" and "length").
QString doneReasonFromStop(StopReason reason);

/// prompt_eval_count / eval_count of a final chunk or response → canonical usage.
Usage usageFromJson(const QJsonObject &body);

/// Ollama has no tool call ids: "call_<n>", n counting the calls of one response from 0.
/// Deterministic, so a retried or replayed response gets the same ids.
QString toolCallId(const QJsonObject &call, int n);
/// A canonical tool call → `{"function":{"name","arguments":{…}}}` (arguments as an object).
QJsonObject toolCallToJson(const ContentBlock &block);

/// RFC 3339 with up to nanoseconds ("2024-07-22T20:31:28.123456789Z") → unix seconds; 0 if bad.
qint64 parseCreatedAt(const QString &createdAt);
/// Unix seconds → RFC 3339 in UTC, as Ollama writes it.
QString formatCreatedAt(qint64 seconds);

/// An Ollama error body (`{"error":"…"}`) → ApiError with \a status; empty message if no error.
base::ApiError errorFromJson(int status, const QJsonObject &body);

} // namespace switchyard::api::canonical::ollama
