// A stand-in for the NVIDIA driver's libnvidia-ml: the six NVML functions GpuNvmlProbe uses,
// reporting two fake GPUs, plus a few fake_nvml_* hooks for the tests. Plain C++, no Qt.

#include <cstdlib>
#include <cstring>

#if defined(_WIN32)
#define FAKE_NVML_EXPORT extern "C" __declspec(dllexport)
#else
#define FAKE_NVML_EXPORT extern "C" __attribute__((visibility("default")))
#endif

namespace {
struct FakeGpu
{
    const char *name = "";
    unsigned long long total = 0;
    unsigned long long used = 0;
};

constexpr unsigned long long kMiB = 1024ULL * 1024ULL;
FakeGpu g_gpus[2] = {
    { "NVIDIA GeForce RTX 4090", 24564 * kMiB, 1200 * kMiB },
    { "NVIDIA RTX A2000 12GB", 12282 * kMiB, 11000 * kMiB },
};
int g_initCount = 0;
int g_shutdownCount = 0;
bool g_initialised = false;

constexpr int kSuccess = 0;
constexpr int kUninitialized = 1;
constexpr int kInvalidArgument = 2;
constexpr int kInsufficientSize = 7;
} // namespace

struct nvmlDevice_st; // opaque, as in nvml.h
struct nvmlMemory_t
{
    unsigned long long total;
    unsigned long long free;
    unsigned long long used;
};

// FAKE_NVML_INIT_ERROR=<code> makes nvmlInit_v2 fail like a machine without a loaded driver.
FAKE_NVML_EXPORT int nvmlInit_v2()
{
    if (const char *error = std::getenv("FAKE_NVML_INIT_ERROR"); error && *error)
        return std::atoi(error);
    ++g_initCount;
    g_initialised = true;
    return kSuccess;
}

FAKE_NVML_EXPORT int nvmlShutdown()
{
    ++g_shutdownCount;
    g_initialised = false;
    return kSuccess;
}

FAKE_NVML_EXPORT const char *nvmlErrorString(int code)
{
    return code == 9 ? "Driver Not Loaded" : "Unknown Error";
}

FAKE_NVML_EXPORT int nvmlDeviceGetCount_v2(unsigned int *count)
{
    if (!g_initialised)
        return kUninitialized;
    if (!count)
        return kInvalidArgument;
    *count = 2;
    return kSuccess;
}

FAKE_NVML_EXPORT int nvmlDeviceGetHandleByIndex_v2(unsigned int index, nvmlDevice_st **device)
{
    if (!g_initialised)
        return kUninitialized;
    if (index >= 2 || !device)
        return kInvalidArgument;
    *device = reinterpret_cast<nvmlDevice_st *>(&g_gpus[index]);
    return kSuccess;
}

FAKE_NVML_EXPORT int nvmlDeviceGetMemoryInfo(nvmlDevice_st *device, nvmlMemory_t *memory)
{
    if (!g_initialised)
        return kUninitialized;
    if (!device || !memory)
        return kInvalidArgument;
    const FakeGpu *gpu = reinterpret_cast<const FakeGpu *>(device);
    memory->total = gpu->total;
    memory->used = gpu->used;
    memory->free = gpu->total - gpu->used;
    return kSuccess;
}

FAKE_NVML_EXPORT int nvmlDeviceGetName(nvmlDevice_st *device, char *name, unsigned int length)
{
    if (!g_initialised)
        return kUninitialized;
    if (!device || !name)
        return kInvalidArgument;
    const FakeGpu *gpu = reinterpret_cast<const FakeGpu *>(device);
    if (std::strlen(gpu->name) + 1 > length)
        return kInsufficientSize;
    std::strcpy(name, gpu->name);
    return kSuccess;
}

// Test hooks.
FAKE_NVML_EXPORT int fake_nvml_init_count()
{
    return g_initCount;
}

FAKE_NVML_EXPORT int fake_nvml_shutdown_count()
{
    return g_shutdownCount;
}

FAKE_NVML_EXPORT void fake_nvml_set_used(unsigned int index, unsigned long long usedBytes)
{
    if (index < 2)
        g_gpus[index].used = usedBytes;
}
