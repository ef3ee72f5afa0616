#pragma once

// macOS only: telemetry.cmake adds this file on Apple platforms alone.

#include "base/Result.h"
#include "telemetry/GpuInfo.h"
#include "telemetry/VramProbe.h"

#include <QList>

namespace switchyard::telemetry {

/// Apple Silicon's GPU shares the unified memory: total from sysctl hw.memsize, used from the
/// Mach VM statistics (what Activity Monitor calls "Memory Used"). Synchronous system calls.
class GpuAppleProbe final : public VramProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GpuAppleProbe)

public:
    explicit GpuAppleProbe(QObject *parent = nullptr);

    /// One entry on Apple Silicon, none on Intel Macs (their GPUs have their own memory).
    static Result<QList<GpuInfo>> read();

    QString name() const override;
    void start() override;
};

} // namespace switchyard::telemetry
