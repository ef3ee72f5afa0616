#pragma once

// Small helpers shared by the OpenAI Chat Completions codec classes (no state).

#include "api/canonical/Canonical.h"
#include "base/ApiError.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

namespace switchyard::api::canonical::openai_chat {

/// OpenAI finish_reason → canonical; null/absent → None, unknown strings → EndTurn.
StopReason stopReasonFromFinish(const QJsonValue &finishReason);
/// Canonical → OpenAI finish_reason (None → "stop": the message did end).
QString finishReasonFromStop(StopReason reason);

/// An OpenAI usage object → canonical (inputTokens = prompt_tokens − cached_tokens).
Usage usageFromJson(const QJsonObject &usage);
/// Canonical usage → an OpenAI usage object (prompt_tokens = input + cache read + cache write).
QJsonObject usageToJson(const Usage &usage);

/// "chatcmpl-" + 24 random hex digits.
QString generateCompletionId();

/// The `{"error":{...}}` member of an OpenAI error body → ApiError with \a status.
base::ApiError errorFromJson(int status, const QJsonObject &body);

} // namespace switchyard::api::canonical::openai_chat
