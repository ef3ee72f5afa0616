#include "VramSample.h"

#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

qint64 LoadedModel::cpuBytes() const
{
    return std::max<qint64>(0, sizeBytes - vramBytes);
}

QJsonObject LoadedModel::toJson() const
{
    return QJsonObject {
        { u"provider"_s, provider },
        { u"model"_s, model },
        { u"size_bytes"_s, sizeBytes },
        { u"vram_bytes"_s, vramBytes },
        { u"cpu_bytes"_s, cpuBytes() },
        { u"expires_at"_s,
          expiresAt.isValid() ? QJsonValue(expiresAt.toUTC().toString(Qt::ISODateWithMs))
                              : QJsonValue(QJsonValue::Null) },
    };
}

} // namespace switchyard::telemetry
