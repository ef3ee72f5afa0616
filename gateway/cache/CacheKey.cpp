#include "CacheKey.h"

#include "cache/CacheEntry.h"
#include "cache/CanonicalJson.h"

#include <QCryptographicHash>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::cache {

namespace {

// Members that never change what the model answers, only bookkeeping around it.
const QStringList &droppedMembers()
{
    static const QStringList members { u"stream_options"_s,   u"user"_s,  u"safety_identifier"_s,
                                       u"metadata"_s,         u"store"_s, u"service_tier"_s,
                                       u"prompt_cache_key"_s, u"stream"_s };
    return members;
}

} // namespace

QByteArray CacheKey::material(base::WireFormat inbound, QStringView endpoint,
                              const QByteArray &body, const QString &resolvedModelOrRoute)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return {};
    return material(inbound, endpoint, doc.object(), resolvedModelOrRoute);
}

QByteArray CacheKey::material(base::WireFormat inbound, QStringView endpoint, QJsonObject request,
                              const QString &resolvedModelOrRoute)
{
    // A hit is replayed as it was recorded: a stream only answers a stream, and a stream
    // recorded with the usage chunk only answers clients that asked for it.
    const bool stream = request.value(u"stream"_s).toBool(false);
    const bool usageChunk = stream
        && request.value(u"stream_options"_s).toObject().value(u"include_usage"_s).toBool(false);
    for (const QString &member : droppedMembers())
        request.remove(member);

    QJsonObject material;
    material.insert(u"v"_s, 1);
    material.insert(u"format"_s, formatName(inbound));
    material.insert(u"endpoint"_s, endpoint.toString());
    material.insert(u"model"_s, resolvedModelOrRoute);
    material.insert(u"stream"_s, stream);
    material.insert(u"usage_chunk"_s, usageChunk);
    material.insert(u"body"_s, request);
    return CanonicalJson::serialize(material);
}

QByteArray CacheKey::compute(base::WireFormat inbound, QStringView endpoint, const QByteArray &body,
                             const QString &resolvedModelOrRoute)
{
    const QByteArray text = material(inbound, endpoint, body, resolvedModelOrRoute);
    if (text.isEmpty())
        return {};
    return QCryptographicHash::hash(text, QCryptographicHash::Sha256).toHex();
}

QByteArray CacheKey::compute(base::WireFormat inbound, QStringView endpoint,
                             const QJsonObject &request, const QString &resolvedModelOrRoute)
{
    return QCryptographicHash::hash(material(inbound, endpoint, request, resolvedModelOrRoute),
                                    QCryptographicHash::Sha256)
        .toHex();
}

} // namespace switchyard::cache
