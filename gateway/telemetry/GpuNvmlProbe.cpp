#include "GpuNvmlProbe.h"

#include <QtGlobal>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

// The few NVML declarations we need, as in nvml.h (ABI-stable since NVML's _v2 entry points).
namespace {
using nvmlReturn_t = int;
constexpr nvmlReturn_t kNvmlSuccess = 0;
using nvmlDevice_t = struct nvmlDevice_st *;
struct nvmlMemory_t
{
    unsigned long long total = 0;
    unsigned long long free = 0;
    unsigned long long used = 0;
};
constexpr unsigned int kNameBufferSize = 96; // NVML_DEVICE_NAME_V2_BUFFER_SIZE
} // namespace

struct NvmlApi
{
    nvmlReturn_t (*init)() = nullptr;
    nvmlReturn_t (*shutdown)() = nullptr;
    nvmlReturn_t (*getCount)(unsigned int *) = nullptr;
    nvmlReturn_t (*getHandle)(unsigned int, nvmlDevice_t *) = nullptr;
    nvmlReturn_t (*getMemory)(nvmlDevice_t, nvmlMemory_t *) = nullptr;
    nvmlReturn_t (*getName)(nvmlDevice_t, char *, unsigned int) = nullptr;
    const char *(*errorString)(nvmlReturn_t) = nullptr; ///< optional
};

namespace {
template<typename F> bool resolve(QLibrary &library, const char *symbol, F &target)
{
    target = reinterpret_cast<F>(library.resolve(symbol));
    return target != nullptr;
}
} // namespace

GpuNvmlProbe::GpuNvmlProbe(const QString &libraryPath, QObject *parent) : VramProbe(parent)
{
    QString path = libraryPath;
    if (path.isEmpty())
        path = qEnvironmentVariable(kLibraryEnv);
    if (!path.isEmpty())
        m_library.setFileName(path);
#ifdef Q_OS_WIN
    else
        m_library.setFileName(u"nvml"_s);
#else
    else
        m_library.setFileNameAndVersion(u"nvidia-ml"_s, 1); // libnvidia-ml.so.1
#endif
    if (Status status = load(); !status) {
        m_loadError = status.error().message;
        m_api.reset();
    }
}

// The library is never unloaded: QLibrary shares one handle per file within the process, so
// unload() would pull it from under other users, and a driver library may keep threads alive.
GpuNvmlProbe::~GpuNvmlProbe()
{
    if (m_api)
        m_api->shutdown();
}

Status GpuNvmlProbe::load()
{
    if (!m_library.load())
        return Error { ErrorCode::Unavailable,
                       u"NVML not available (%1)"_s.arg(m_library.errorString()) };
    auto api = std::make_unique<NvmlApi>();
    const bool complete = resolve(m_library, "nvmlInit_v2", api->init)
        && resolve(m_library, "nvmlShutdown", api->shutdown)
        && resolve(m_library, "nvmlDeviceGetCount_v2", api->getCount)
        && resolve(m_library, "nvmlDeviceGetHandleByIndex_v2", api->getHandle)
        && resolve(m_library, "nvmlDeviceGetMemoryInfo", api->getMemory)
        && resolve(m_library, "nvmlDeviceGetName", api->getName);
    if (!complete)
        return Error { ErrorCode::Unavailable,
                       u"%1 is not a usable NVML library: a function is missing"_s.arg(
                           m_library.fileName()) };
    resolve(m_library, "nvmlErrorString", api->errorString);
    m_api = std::move(api);
    // Fails with "driver not loaded" on machines that have the library but no working GPU.
    if (const nvmlReturn_t code = m_api->init(); code != kNvmlSuccess)
        return Error { ErrorCode::Unavailable, u"nvmlInit failed: %1"_s.arg(nvmlError(code)) };
    return {};
}

bool GpuNvmlProbe::isLoaded() const
{
    return m_api != nullptr;
}

QString GpuNvmlProbe::loadError() const
{
    return m_loadError;
}

QString GpuNvmlProbe::libraryFile() const
{
    return m_library.fileName();
}

QString GpuNvmlProbe::nvmlError(int code) const
{
    if (m_api && m_api->errorString) {
        if (const char *text = m_api->errorString(code))
            return u"%1 (NVML error %2)"_s.arg(QString::fromUtf8(text)).arg(code);
    }
    return u"NVML error %1"_s.arg(code);
}

Result<QList<GpuInfo>> GpuNvmlProbe::read() const
{
    if (!m_api)
        return Error { ErrorCode::Unavailable, m_loadError };
    unsigned int count = 0;
    if (const nvmlReturn_t code = m_api->getCount(&count); code != kNvmlSuccess)
        return Error { ErrorCode::Io, u"nvmlDeviceGetCount failed: %1"_s.arg(nvmlError(code)) };
    QList<GpuInfo> gpus;
    for (unsigned int i = 0; i < count; ++i) {
        nvmlDevice_t device = nullptr;
        if (const nvmlReturn_t code = m_api->getHandle(i, &device); code != kNvmlSuccess)
            return Error { ErrorCode::Io,
                           u"nvmlDeviceGetHandleByIndex(%1) failed: %2"_s.arg(i).arg(
                               nvmlError(code)) };
        GpuInfo gpu;
        gpu.index = int(i);
        gpu.vendor = u"nvidia"_s;
        gpu.source = u"nvml"_s;
        char name[kNameBufferSize] = {};
        if (m_api->getName(device, name, kNameBufferSize) == kNvmlSuccess)
            gpu.name = QString::fromUtf8(name, qstrnlen(name, kNameBufferSize));
        if (gpu.name.isEmpty())
            gpu.name = u"NVIDIA GPU %1"_s.arg(i);
        // A GPU that cannot report memory (some MIG or unified-memory setups) keeps -1.
        nvmlMemory_t memory;
        if (m_api->getMemory(device, &memory) == kNvmlSuccess) {
            gpu.totalBytes = qint64(memory.total);
            gpu.usedBytes = qint64(memory.used);
        }
        gpus.append(gpu);
    }
    return gpus;
}

QString GpuNvmlProbe::name() const
{
    return u"nvml"_s;
}

void GpuNvmlProbe::start()
{
    reportGpus(read());
}

} // namespace switchyard::telemetry
