#include "GpuInfo.h"

#include <QJsonValue>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

namespace {
QJsonValue bytes(qint64 value)
{
    return value < 0 ? QJsonValue(QJsonValue::Null) : QJsonValue(value);
}
} // namespace

std::optional<qint64> GpuInfo::freeBytes() const
{
    if (totalBytes < 0 || usedBytes < 0)
        return std::nullopt;
    // Reserved driver memory can make used exceed total on some cards; free is never negative.
    return std::max<qint64>(0, totalBytes - usedBytes);
}

QJsonObject GpuInfo::toJson() const
{
    const std::optional<qint64> free = freeBytes();
    return QJsonObject { { u"index"_s, index },
                         { u"name"_s, name },
                         { u"vendor"_s, vendor },
                         { u"source"_s, source },
                         { u"total_bytes"_s, bytes(totalBytes) },
                         { u"used_bytes"_s, bytes(usedBytes) },
                         { u"free_bytes"_s, bytes(free.value_or(-1)) } };
}

} // namespace switchyard::telemetry
