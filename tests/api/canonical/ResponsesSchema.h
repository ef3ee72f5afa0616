#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

// The required fields of the OpenAI Responses API (its OpenAPI spec), for the Responses codec
// suites: what Codex and the openai SDK may rely on in a response and in every stream event.
namespace switchyard::tests {

/// The required fields missing from response object \a r, its output items, usage and error,
/// each named under \a where; empty when the object is complete.
QStringList checkResponse(const QJsonObject &r, const QString &where = QStringLiteral("response"));
/// The required fields missing from streaming event \a e (and the response or item it carries).
QStringList checkEvent(const QJsonObject &e);

} // namespace switchyard::tests
