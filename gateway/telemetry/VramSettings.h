#pragma once

#include <QString>

namespace switchyard::telemetry {

/// How often and from where the VRAM monitor samples.
struct VramSettings
{
    int intervalMs = 2000; ///< 0 = off (sampleNow() still works)
    int historySize = 900; ///< samples kept (30 min at 2 s)
    /// How long a sample waits for its probes; one that has not answered is left out of it.
    int sampleTimeoutMs = 1500;
    int nvidiaSmiTimeoutMs = 5000; ///< then nvidia-smi is killed
    /// GPU probes chosen on start(): NVML, else nvidia-smi, plus AMD sysfs (and Apple on macOS).
    /// Off: only the probes given to addProbe() (tests).
    bool detectGpus = true;
    QString nvmlLibrary; ///< empty: $SWITCHYARD_NVML_LIBRARY, else the driver's
    QString nvidiaSmi; ///< empty: `nvidia-smi` on PATH
    QString sysfsRoot; ///< empty: /sys/class/drm
};

} // namespace switchyard::telemetry
