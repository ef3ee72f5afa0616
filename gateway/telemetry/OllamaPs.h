#pragma once

#include "base/Result.h"
#include "telemetry/VramSample.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace switchyard::telemetry {

/// Ollama's GET /api/ps answer: `{"models":[{"name","model","size","size_vram","expires_at"}]}`.
class OllamaPs final
{
public:
    /// The loaded models, attributed to \a provider; empty when \a json is not such an answer.
    static QList<LoadedModel> parse(const QByteArray &json, const QString &provider);
    /// The same, failing when \a json is not a JSON object with a "models" array.
    static Result<QList<LoadedModel>> tryParse(const QByteArray &json, const QString &provider);
};

} // namespace switchyard::telemetry
