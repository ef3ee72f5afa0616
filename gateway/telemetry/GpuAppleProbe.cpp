#include "GpuAppleProbe.h"

#include <QtGlobal>

#ifdef Q_OS_MACOS

#include <algorithm>
#include <cerrno>
#include <cstdint>
#include <cstring>
#include <mach/mach.h>
#include <mach/mach_error.h>
#include <sys/sysctl.h>
#include <sys/types.h>
#include <vector>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

namespace {
QString sysctlString(const char *key)
{
    size_t length = 0;
    if (sysctlbyname(key, nullptr, &length, nullptr, 0) != 0 || length == 0)
        return {};
    std::vector<char> buffer(length + 1, '\0');
    if (sysctlbyname(key, buffer.data(), &length, nullptr, 0) != 0)
        return {};
    return QString::fromUtf8(buffer.data(), qstrnlen(buffer.data(), length)).trimmed();
}

bool isAppleSilicon()
{
    int arm64 = 0;
    size_t length = sizeof(arm64);
    return sysctlbyname("hw.optional.arm64", &arm64, &length, nullptr, 0) == 0 && arm64 == 1;
}
} // namespace

GpuAppleProbe::GpuAppleProbe(QObject *parent) : VramProbe(parent) { }

Result<QList<GpuInfo>> GpuAppleProbe::read()
{
    if (!isAppleSilicon())
        return QList<GpuInfo>();
    std::uint64_t memsize = 0;
    size_t length = sizeof(memsize);
    if (sysctlbyname("hw.memsize", &memsize, &length, nullptr, 0) != 0 || memsize == 0)
        return Error { ErrorCode::Io,
                       u"sysctl hw.memsize failed: %1"_s.arg(
                           QString::fromLocal8Bit(std::strerror(errno))) };

    // mach_host_self() hands out a send right each call: give it back.
    const mach_port_t host = mach_host_self();
    vm_size_t pageSize = 0;
    kern_return_t result = host_page_size(host, &pageSize);
    vm_statistics64_data_t stats {};
    mach_msg_type_number_t count = HOST_VM_INFO64_COUNT;
    if (result == KERN_SUCCESS)
        result = host_statistics64(host, HOST_VM_INFO64, reinterpret_cast<host_info64_t>(&stats),
                                   &count);
    mach_port_deallocate(mach_task_self(), host);
    if (result != KERN_SUCCESS)
        return Error { ErrorCode::Io,
                       u"host_statistics64 failed: %1"_s.arg(
                           QString::fromLocal8Bit(mach_error_string(result))) };

    // Activity Monitor's "Memory Used" = app memory (internal minus purgeable) + wired +
    // compressed. Free and cached file pages are reclaimable and so count as available.
    const std::uint64_t internal = stats.internal_page_count;
    const std::uint64_t purgeable = std::min<std::uint64_t>(stats.purgeable_count, internal);
    const std::uint64_t usedPages
        = internal - purgeable + stats.wire_count + stats.compressor_page_count;
    const std::uint64_t used = std::min<std::uint64_t>(usedPages * pageSize, memsize);

    GpuInfo gpu;
    gpu.index = 0;
    const QString chip = sysctlString("machdep.cpu.brand_string"); // "Apple M2 Pro"
    gpu.name = chip.isEmpty() ? u"Apple GPU (unified memory)"_s
                              : QString(chip + u" GPU (unified memory)"_s);
    gpu.vendor = u"apple"_s;
    gpu.source = u"apple"_s;
    // Metal may use only part of it (recommendedMaxWorkingSetSize, ~2/3-3/4); we report what
    // the machine has and leave the margin to whoever decides.
    gpu.totalBytes = qint64(memsize);
    gpu.usedBytes = qint64(used);
    return QList<GpuInfo> { gpu };
}

QString GpuAppleProbe::name() const
{
    return u"apple"_s;
}

void GpuAppleProbe::start()
{
    reportGpus(read());
}

} // namespace switchyard::telemetry

#endif // Q_OS_MACOS
