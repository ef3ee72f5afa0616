#include "OllamaPs.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

QList<LoadedModel> OllamaPs::parse(const QByteArray &json, const QString &provider)
{
    Result<QList<LoadedModel>> models = tryParse(json, provider);
    return models ? std::move(*models) : QList<LoadedModel>();
}

Result<QList<LoadedModel>> OllamaPs::tryParse(const QByteArray &json, const QString &provider)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return Error { ErrorCode::Io, u"/api/ps did not answer a JSON object"_s };
    const QJsonValue list = document.object().value(u"models"_s);
    if (!list.isArray())
        return Error { ErrorCode::Io, u"/api/ps answered without a \"models\" list"_s };
    QList<LoadedModel> models;
    for (const QJsonValue &value : list.toArray()) {
        const QJsonObject entry = value.toObject();
        LoadedModel model;
        model.provider = provider;
        // "name" is what clients ask for ("llama3.2:3b"); "model" is the same on current
        // versions and the only one on some older ones.
        model.model = entry.value(u"name"_s).toString();
        if (model.model.isEmpty())
            model.model = entry.value(u"model"_s).toString();
        if (model.model.isEmpty())
            continue;
        model.sizeBytes = std::max<qint64>(0, entry.value(u"size"_s).toInteger());
        model.vramBytes = std::max<qint64>(0, entry.value(u"size_vram"_s).toInteger());
        // Go writes nanoseconds and a zone offset: "2024-06-04T14:38:31.83753-07:00".
        model.expiresAt
            = QDateTime::fromString(entry.value(u"expires_at"_s).toString(), Qt::ISODateWithMs);
        models.append(model);
    }
    return models;
}

} // namespace switchyard::telemetry
