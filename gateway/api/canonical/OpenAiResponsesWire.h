#pragma once

// Small helpers shared by the OpenAI Responses codec classes (no state): ids, usage, the
// response envelope and its output items.

#include "api/canonical/Canonical.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace switchyard::api::canonical::openai_responses {

/// "resp_" + 24 random hex digits.
QString generateResponseId();
/// An upstream's message id as a Responses id: kept if it already starts with "resp_", else
/// prefixed; a fresh id when empty.
QString responseIdFrom(const QString &upstreamId);
/// A stable item id derived from the response id: \a prefix "msg", "rs" or "fc" + "_" + the
/// response id's suffix + "_" + \a outputIndex (stable between added/delta/done events).
QString itemId(QStringView prefix, const QString &responseId, int outputIndex);

/// Canonical usage → ResponseUsage (input_tokens = input + cache read + cache write).
QJsonObject usageToJson(const Usage &usage);
/// ResponseUsage → canonical (inputTokens = input_tokens − cached − cache writes).
Usage usageFromJson(const QJsonObject &usage);

/// "max_output_tokens" / "content_filter" for an incomplete response, else empty.
QString incompleteReason(StopReason reason);
/// response.error.code for a stream error: context_length_exceeded, rate_limit_exceeded,
/// insufficient_quota (the codes Codex CLI acts on), else server_error.
QString errorCode(const QString &type, const QString &message);

/// A Response object with every field the spec requires, status "in_progress", empty output.
/// Tools and sampling are not echoed (the gateway does not keep the request): tools [],
/// tool_choice "auto", temperature/top_p null.
QJsonObject envelope(const QString &id, const QString &model, qint64 createdAt);
/// Sets status (completed / incomplete + incomplete_details), output and usage (if known).
void complete(QJsonObject &response, const QJsonArray &output, StopReason stop, const Usage &usage);

QJsonObject outputTextPart(const QString &text);
QJsonObject messageItem(const QString &id, const QString &status, const QJsonArray &content);
/// A reasoning item; \a encrypted (a provider's signature or redacted data) only if non-empty.
QJsonObject reasoningItem(const QString &id, const QJsonArray &summary, const QString &encrypted);
QJsonObject summaryPart(const QString &text);
QJsonObject functionCallItem(const QString &id, const QString &status, const ContentBlock &call);

} // namespace switchyard::api::canonical::openai_responses
