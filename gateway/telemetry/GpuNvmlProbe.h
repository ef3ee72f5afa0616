#pragma once

#include "base/Result.h"
#include "telemetry/GpuInfo.h"
#include "telemetry/VramProbe.h"

#include <QLibrary>
#include <QList>
#include <QString>

#include <memory>

namespace switchyard::telemetry {

struct NvmlApi;

/// NVIDIA GPUs through NVML, loaded at run time (no NVIDIA headers or link dependency).
/// NVML answers in microseconds once initialised, so readings are synchronous.
class GpuNvmlProbe final : public VramProbe
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GpuNvmlProbe)

public:
    /// Environment variable naming the NVML library to load instead of the system's.
    static constexpr const char *kLibraryEnv = "SWITCHYARD_NVML_LIBRARY";

    /// Loads \a libraryPath, else $SWITCHYARD_NVML_LIBRARY, else the driver's libnvidia-ml.so.1
    /// (nvml.dll on Windows), and initialises NVML. Check isLoaded() afterwards.
    explicit GpuNvmlProbe(const QString &libraryPath = {}, QObject *parent = nullptr);
    ~GpuNvmlProbe() override; ///< shuts NVML down (the library stays loaded)

    /// NVML is loaded and initialised; otherwise loadError() says why not.
    bool isLoaded() const;
    QString loadError() const;
    /// The file that was (or would have been) loaded.
    QString libraryFile() const;

    /// Every GPU NVML reports, now.
    Result<QList<GpuInfo>> read() const;

    QString name() const override;
    void start() override;

private:
    Status load();
    QString nvmlError(int code) const;

    QLibrary m_library;
    std::unique_ptr<NvmlApi> m_api;
    QString m_loadError;
};

} // namespace switchyard::telemetry
