#pragma once

#include <QJsonObject>
#include <QString>

#include <optional>

namespace switchyard::telemetry {

/// One GPU and its dedicated (or, on Apple, unified) memory at the time of a sample.
struct GpuInfo
{
    int index = 0; ///< as the vendor's tool counts it (NVIDIA index, AMD cardN)
    QString name;
    QString vendor; ///< "nvidia", "amd", "apple"
    qint64 totalBytes = -1; ///< -1: the driver did not say ([N/A])
    qint64 usedBytes = -1; ///< -1: the driver did not say ([N/A])
    QString source; ///< "nvml", "nvidia-smi", "sysfs", "apple"

    /// Free memory, or nothing when total or used is unknown.
    std::optional<qint64> freeBytes() const;
    /// {index, name, vendor, source, total_bytes, used_bytes, free_bytes}; unknown sizes are null.
    QJsonObject toJson() const;

    friend bool operator==(const GpuInfo &, const GpuInfo &) = default;
};

} // namespace switchyard::telemetry
