#include "GpuSysfsProbe.h"

#include <QDir>
#include <QFile>
#include <QRegularExpression>

#include <algorithm>
#include <optional>

using namespace Qt::StringLiterals;

namespace switchyard::telemetry {

namespace {
// sysfs files are tiny; reading more than this means it is not the file we expect.
constexpr qint64 kMaxFileBytes = 4096;

std::optional<QByteArray> readSmallFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    return file.read(kMaxFileBytes).trimmed();
}

std::optional<qint64> readBytes(const QString &path)
{
    const std::optional<QByteArray> text = readSmallFile(path);
    if (!text)
        return std::nullopt;
    bool ok = false;
    const qint64 value = text->toLongLong(&ok);
    if (!ok || value < 0)
        return std::nullopt;
    return value;
}
} // namespace

GpuSysfsProbe::GpuSysfsProbe(const QString &root, QObject *parent)
    : VramProbe(parent), m_root(root.isEmpty() ? QString::fromLatin1(kDefaultRoot) : root)
{
}

QList<GpuInfo> GpuSysfsProbe::read(const QString &root)
{
    static const QRegularExpression cardName(u"^card(\\d+)$"_s);
    QList<GpuInfo> gpus;
    const QDir dir(root);
    // card0 is a symlink into /sys/devices; connectors (card0-DP-1) and renderD* do not match.
    for (const QString &entry : dir.entryList({ u"card*"_s }, QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QRegularExpressionMatch match = cardName.match(entry);
        if (!match.hasMatch())
            continue;
        const QString device = dir.filePath(entry) + u"/device/"_s;
        const std::optional<qint64> total = readBytes(device + u"mem_info_vram_total"_s);
        if (!total)
            continue;
        const std::optional<qint64> used = readBytes(device + u"mem_info_vram_used"_s);
        GpuInfo gpu;
        gpu.index = match.captured(1).toInt();
        gpu.vendor = u"amd"_s;
        gpu.source = u"sysfs"_s;
        gpu.totalBytes = *total;
        gpu.usedBytes = used.value_or(-1);
        const std::optional<QByteArray> product = readSmallFile(device + u"product_name"_s);
        gpu.name = product && !product->isEmpty() ? QString::fromUtf8(*product)
                                                  : u"AMD GPU %1"_s.arg(entry);
        gpus.append(gpu);
    }
    std::sort(gpus.begin(), gpus.end(),
              [](const GpuInfo &a, const GpuInfo &b) { return a.index < b.index; });
    return gpus;
}

QString GpuSysfsProbe::name() const
{
    return u"sysfs"_s;
}

void GpuSysfsProbe::start()
{
    reportGpus(read(m_root));
}

} // namespace switchyard::telemetry
