#pragma once

#include "telemetry/GpuInfo.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>

namespace switchyard::telemetry {

/// One model a local server (Ollama) holds in memory; what does not fit in VRAM spills to CPU.
struct LoadedModel
{
    QString provider; ///< the provider's name in the config
    QString model;
    qint64 sizeBytes = 0; ///< whole model in memory
    qint64 vramBytes = 0; ///< the part in GPU memory
    QDateTime expiresAt; ///< when the server unloads it; invalid when unknown

    /// Bytes held in system memory instead of VRAM (size - vram, never negative).
    qint64 cpuBytes() const;
    /// {provider, model, size_bytes, vram_bytes, cpu_bytes, expires_at}.
    QJsonObject toJson() const;

    friend bool operator==(const LoadedModel &, const LoadedModel &) = default;
};

/// Everything one monitor tick saw: every GPU and every loaded model.
struct VramSample
{
    qint64 timestampMs = 0; ///< wall clock, ms since the epoch
    QList<GpuInfo> gpus;
    QList<LoadedModel> models;

    friend bool operator==(const VramSample &, const VramSample &) = default;
};

} // namespace switchyard::telemetry

Q_DECLARE_METATYPE(switchyard::telemetry::VramSample)
