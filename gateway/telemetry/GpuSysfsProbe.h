#pragma once

#include "telemetry/GpuInfo.h"
#include "telemetry/VramProbe.h"

#include <QList>
#include <QString>

namespace switchyard::telemetry {

/// AMD GPUs through the amdgpu driver's sysfs files (`card*/device/mem_info_vram_total` and
/// `mem_info_vram_used`, in bytes). Reading them is a few small file reads: synchronous.
class GpuSysfsProbe final : public VramProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GpuSysfsProbe)

public:
    static constexpr const char *kDefaultRoot = "/sys/class/drm";

    /// Looks at \a root (a fake tree in tests) instead of /sys/class/drm when given.
    explicit GpuSysfsProbe(const QString &root = {}, QObject *parent = nullptr);

    /// Every cardN under \a root that reports VRAM, by card number. A card without the files
    /// (another vendor, a connector entry) is not a GPU of ours and is left out.
    static QList<GpuInfo> read(const QString &root);

    QString root() const { return m_root; }

    QString name() const override;
    void start() override;

private:
    QString m_root;
};

} // namespace switchyard::telemetry
