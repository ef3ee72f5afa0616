#include "VramMonitor.h"

#include "providers/ProviderAdapters.h"
#include "telemetry/GpuNvmlProbe.h"
#include "telemetry/GpuSmiProbe.h"
#include "telemetry/GpuSysfsProbe.h"
#include "telemetry/OllamaPsProbe.h"
#include "telemetry/VramProbe.h"
#include "upstream/UpstreamClient.h"
#ifdef Q_OS_MACOS
#include "telemetry/GpuAppleProbe.h"
#endif

#include <QDateTime>
#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>
#include <utility>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcVram, "switchyard.telemetry.vram")

namespace switchyard::telemetry {

VramMonitor::VramMonitor(const VramSettings &settings, QObject *parent)
    : QObject(parent), m_settings(settings), m_history(settings.historySize)
{
    qRegisterMetaType<VramSample>();
    connect(&m_timer, &QTimer::timeout, this, [this] { sampleNow(); });
    m_deadline.setSingleShot(true);
    connect(&m_deadline, &QTimer::timeout, this, &VramMonitor::onDeadline);
}

VramMonitor::~VramMonitor() = default;

void VramMonitor::setProviders(const QList<config::ProviderConfig> &providers)
{
    m_providers = providers;
    rebuildOllamaProbes();
}

void VramMonitor::setUpstreamClient(upstream::UpstreamClient *client)
{
    m_client = client;
    rebuildOllamaProbes();
}

void VramMonitor::addProbe(VramProbe *probe)
{
    probe->setParent(this);
    adopt(probe);
    m_gpuProbes.append(probe);
}

void VramMonitor::adopt(VramProbe *probe)
{
    connect(probe, &VramProbe::finished, this,
            [this, probe](const VramSample &part, const QString &error) {
                onProbeFinished(probe, part, error);
            });
}

void VramMonitor::selectGpuProbes()
{
    if (m_gpuProbesSelected || !m_settings.detectGpus)
        return;
    m_gpuProbesSelected = true;
#ifdef Q_OS_MACOS
    addProbe(new GpuAppleProbe(this));
#else
    // NVML when the driver's library loads; nvidia-smi (slower, a process per sample) else.
    auto *nvml = new GpuNvmlProbe(m_settings.nvmlLibrary, this);
    if (nvml->isLoaded()) {
        addProbe(nvml);
    } else {
        qCInfo(lcVram).noquote() << "NVML not used:" << nvml->loadError();
        delete nvml;
        const QString smi
            = m_settings.nvidiaSmi.isEmpty() ? GpuSmiProbe::findProgram() : m_settings.nvidiaSmi;
        if (!smi.isEmpty())
            addProbe(new GpuSmiProbe(smi, m_settings.nvidiaSmiTimeoutMs, this));
    }
#ifdef Q_OS_LINUX
    addProbe(new GpuSysfsProbe(m_settings.sysfsRoot, this)); // AMD, next to any NVIDIA card
#endif
#endif
    qCInfo(lcVram).noquote() << "VRAM probes:" << probeNames().join(u", "_s);
}

void VramMonitor::rebuildOllamaProbes()
{
    for (const QPointer<VramProbe> &probe : std::as_const(m_ollamaProbes)) {
        if (!probe)
            continue;
        m_waiting.remove(probe);
        probe->disconnect(this);
        probe->deleteLater(); // may be emitting right now
    }
    m_ollamaProbes.clear();
    if (m_client) {
        for (const config::ProviderConfig &provider : std::as_const(m_providers)) {
            if (!providers::adapterFor(provider.kind).reportsLoadedModels())
                continue;
            // A little under the sample's deadline, so the request's own error (refused,
            // timed out) makes it into the sample rather than a bare "did not answer".
            const int timeoutMs = std::max(1, sampleTimeoutMs() * 9 / 10);
            auto *probe = new OllamaPsProbe(provider, m_client, timeoutMs, this);
            adopt(probe);
            m_ollamaProbes.append(probe);
        }
    }
    if (m_gathering && m_waiting.isEmpty())
        finishSample();
}

void VramMonitor::start()
{
    selectGpuProbes();
    if (m_settings.intervalMs <= 0)
        return;
    m_timer.start(m_settings.intervalMs);
    sampleNow();
}

void VramMonitor::stop()
{
    m_timer.stop();
    m_deadline.stop();
    // Probes still running answer into the void: their sample is gone.
    m_gathering = false;
    m_waiting.clear();
    ++m_generation;
}

int VramMonitor::sampleTimeoutMs() const
{
    const int timeout = std::max(1, m_settings.sampleTimeoutMs);
    return m_settings.intervalMs > 0 ? std::min(timeout, m_settings.intervalMs) : timeout;
}

QList<VramProbe *> VramMonitor::probes() const
{
    QList<VramProbe *> all;
    for (const auto *list : { &m_gpuProbes, &m_ollamaProbes }) {
        for (const QPointer<VramProbe> &probe : *list) {
            if (probe)
                all.append(probe.data());
        }
    }
    return all;
}

QStringList VramMonitor::probeNames() const
{
    QStringList names;
    for (const VramProbe *probe : probes())
        names.append(probe->name());
    return names;
}

bool VramMonitor::sampleNow()
{
    if (m_gathering)
        return false; // never two samples at once
    selectGpuProbes();
    m_gathering = true;
    const quint64 generation = ++m_generation;
    m_pending = VramSample();
    m_pending.timestampMs = QDateTime::currentMSecsSinceEpoch();
    m_pendingErrors.clear();
    QList<QPointer<VramProbe>> toStart;
    for (VramProbe *probe : probes()) {
        // A probe still busy with an earlier sample (a hanging nvidia-smi) sits this one out.
        if (probe->isBusy()) {
            m_pendingErrors.insert(probe->name(), u"still busy with an earlier sample; left out"_s);
            continue;
        }
        m_waiting.insert(probe);
        toStart.append(probe);
    }
    m_deadline.start(sampleTimeoutMs());
    // Synchronous probes answer inside start(): all are waited for before the first starts,
    // and a sample finished (and maybe restarted) meanwhile ends this loop.
    for (const QPointer<VramProbe> &probe : std::as_const(toStart)) {
        if (generation != m_generation || !m_gathering)
            break;
        if (probe && m_waiting.contains(probe))
            probe->start();
    }
    if (generation == m_generation && m_gathering && m_waiting.isEmpty())
        finishSample();
    return true;
}

void VramMonitor::onProbeFinished(VramProbe *probe, const VramSample &part, const QString &error)
{
    if (!m_gathering || !m_waiting.remove(probe))
        return; // too late for its sample
    m_pending.gpus.append(part.gpus);
    m_pending.models.append(part.models);
    if (!error.isEmpty())
        m_pendingErrors.insert(probe->name(), error);
    if (m_waiting.isEmpty())
        finishSample();
}

void VramMonitor::onDeadline()
{
    if (!m_gathering)
        return;
    for (const VramProbe *probe : std::as_const(m_waiting))
        m_pendingErrors.insert(probe->name(),
                               u"did not answer within %1 ms; left out"_s.arg(sampleTimeoutMs()));
    m_waiting.clear();
    finishSample();
}

void VramMonitor::finishSample()
{
    m_deadline.stop();
    m_gathering = false;
    m_waiting.clear();
    VramSample sample = std::exchange(m_pending, VramSample());
    // Probes answer in any order; a stable order keeps the history and charts steady.
    std::stable_sort(sample.gpus.begin(), sample.gpus.end(),
                     [](const GpuInfo &a, const GpuInfo &b) {
                         return std::tie(a.vendor, a.index) < std::tie(b.vendor, b.index);
                     });
    std::stable_sort(sample.models.begin(), sample.models.end(),
                     [](const LoadedModel &a, const LoadedModel &b) {
                         return std::tie(a.provider, a.model) < std::tie(b.provider, b.model);
                     });
    // Log a probe's failure when it starts or changes, not on every sample.
    for (auto it = m_pendingErrors.cbegin(); it != m_pendingErrors.cend(); ++it) {
        if (m_errors.value(it.key()) != it.value())
            qCInfo(lcVram).noquote() << "VRAM probe" << it.key() << "failed:" << it.value();
    }
    m_errors = std::exchange(m_pendingErrors, {});
    m_history.append(sample);
    Q_EMIT sampled(sample);
}

std::optional<VramSample> VramMonitor::latest() const
{
    return m_history.latest();
}

QList<VramSample> VramMonitor::history() const
{
    return m_history.toList();
}

std::optional<qint64> VramMonitor::freeBytes() const
{
    const std::optional<VramSample> sample = m_history.latest();
    if (!sample)
        return std::nullopt;
    std::optional<qint64> total;
    for (const GpuInfo &gpu : sample->gpus) {
        if (const std::optional<qint64> free = gpu.freeBytes())
            total = total.value_or(0) + *free;
    }
    return total;
}

QString VramMonitor::noGpuMessage() const
{
    QStringList reasons;
    const QStringList names = probeNames();
    if (!m_settings.detectGpus && names.isEmpty())
        return u"No GPU probe is configured."_s;
    const bool nvidia = names.contains(u"nvml"_s) || names.contains(u"nvidia-smi"_s);
    if (m_settings.detectGpus && !nvidia && !names.contains(u"apple"_s))
        reasons.append(u"no NVIDIA driver (NVML / nvidia-smi)"_s);
    for (const VramProbe *probe : probes()) {
        const QString name = probe->name();
        if (name.startsWith(u"ollama:"_s))
            continue;
        if (const QString error = m_errors.value(name); !error.isEmpty())
            reasons.append(u"%1 failed: %2"_s.arg(name, error));
        else if (name == u"nvml"_s)
            reasons.append(u"NVML lists no GPU"_s);
        else if (name == u"nvidia-smi"_s)
            reasons.append(u"nvidia-smi lists no GPU"_s);
        else if (name == u"sysfs"_s)
            reasons.append(
                u"no AMD card in %1"_s.arg(static_cast<const GpuSysfsProbe *>(probe)->root()));
        else if (name == u"apple"_s)
            reasons.append(u"not an Apple Silicon Mac"_s);
        else
            reasons.append(u"%1 found none"_s.arg(name));
    }
    return u"No GPU found: %1."_s.arg(reasons.join(u" and "_s));
}

QJsonObject VramMonitor::toJson() const
{
    QJsonObject json { { u"interval_ms"_s, m_settings.intervalMs },
                       { u"probes"_s, QJsonArray::fromStringList(probeNames()) } };
    const std::optional<VramSample> sample = m_history.latest();
    if (!sample) {
        json.insert(u"gpus"_s, QJsonArray());
        json.insert(u"models"_s, QJsonArray());
        json.insert(u"sampled_at"_s, QJsonValue(QJsonValue::Null));
        json.insert(u"message"_s,
                    m_settings.intervalMs > 0 ? u"No VRAM sample yet."_s
                                              : u"VRAM telemetry is off (interval_ms is 0)."_s);
        return json;
    }
    QJsonArray gpus;
    for (const GpuInfo &gpu : sample->gpus)
        gpus.append(gpu.toJson());
    QJsonArray models;
    for (const LoadedModel &model : sample->models)
        models.append(model.toJson());
    json.insert(u"gpus"_s, gpus);
    json.insert(u"models"_s, models);
    json.insert(
        u"sampled_at"_s,
        QDateTime::fromMSecsSinceEpoch(sample->timestampMs, Qt::UTC).toString(Qt::ISODateWithMs));
    const std::optional<qint64> free = freeBytes();
    json.insert(u"free_bytes"_s, free ? QJsonValue(*free) : QJsonValue(QJsonValue::Null));
    if (sample->gpus.isEmpty()) {
        json.insert(u"gpu"_s, u"none"_s);
        json.insert(u"message"_s, noGpuMessage());
    }
    if (!m_errors.isEmpty()) {
        QJsonObject errors;
        for (auto it = m_errors.cbegin(); it != m_errors.cend(); ++it)
            errors.insert(it.key(), it.value());
        json.insert(u"errors"_s, errors);
    }
    return json;
}

} // namespace switchyard::telemetry
