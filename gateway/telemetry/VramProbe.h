#pragma once

#include "base/Result.h"
#include "telemetry/VramSample.h"

#include <QList>
#include <QObject>
#include <QString>

namespace switchyard::telemetry {

/// One source of VRAM facts (a GPU driver interface or a local model server). The monitor
/// starts every probe on each tick and merges what they report into one VramSample.
class VramProbe : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VramProbe)

public:
    explicit VramProbe(QObject *parent = nullptr);

    /// Short name for logs and /health/vram: "nvml", "nvidia-smi", "sysfs", "apple", "ollama:x".
    virtual QString name() const = 0;
    /// Begins one reading. finished() follows exactly once, possibly before start() returns.
    virtual void start() = 0;
    /// A reading started earlier has not finished yet; the monitor skips the probe meanwhile.
    virtual bool isBusy() const { return false; }

Q_SIGNALS:
    /// The probe's part of a sample (gpus and/or models); \a error is empty on success.
    void finished(const switchyard::telemetry::VramSample &part, const QString &error);

protected:
    /// Ends a reading: finished() with a part holding only \a gpus, and \a error.
    void reportGpus(const QList<GpuInfo> &gpus, const QString &error = {});
    /// Ends a reading: finished() with the GPUs read, or with none and the reading's error.
    void reportGpus(const Result<QList<GpuInfo>> &gpus);
    /// Ends a reading: finished() with a part holding only \a models, and \a error.
    void reportModels(const QList<LoadedModel> &models, const QString &error = {});
};

} // namespace switchyard::telemetry
