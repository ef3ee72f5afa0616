#pragma once

#include "config/Config.h"
#include "telemetry/VramHistory.h"
#include "telemetry/VramSample.h"
#include "telemetry/VramSettings.h"

#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QStringList>
#include <QTimer>

#include <optional>

namespace switchyard::upstream {
class UpstreamClient;
}

namespace switchyard::telemetry {

class VramProbe;

/// Samples GPU memory and the models local servers hold, every interval, into a ring buffer.
/// Lives in the gateway thread and never blocks it: slow probes run asynchronously and a probe
/// that has not answered by the sample's deadline is left out of that sample.
class VramMonitor final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(VramMonitor)

public:
    explicit VramMonitor(const VramSettings &settings = {}, QObject *parent = nullptr);
    ~VramMonitor() override;

    const VramSettings &settings() const { return m_settings; }

    /// The providers to ask for loaded models; those whose adapter reports loaded models
    /// (Ollama) get a GET /api/ps probe.
    void setProviders(const QList<config::ProviderConfig> &providers);
    /// The gateway's upstream client, used for /api/ps (Ollama probes need it).
    void setUpstreamClient(upstream::UpstreamClient *client);
    /// Adds a probe of one's own; the monitor takes ownership. Tests inject fakes with it.
    void addProbe(VramProbe *probe);

    /// Picks the GPU probes (once), samples now and then every intervalMs (unless 0).
    void start();
    void stop();
    bool isRunning() const { return m_timer.isActive(); }
    /// Takes one sample now; false when one is already being taken.
    bool sampleNow();

    /// The newest sample, if any.
    std::optional<VramSample> latest() const;
    /// Every sample kept, oldest first.
    QList<VramSample> history() const;
    /// Free VRAM summed over the GPUs of the newest sample; nothing when no GPU was seen.
    std::optional<qint64> freeBytes() const;
    /// The probes in use, by name ("nvml", "sysfs", "ollama:local"…).
    QStringList probeNames() const;
    /// Why each probe failed in the newest sample (probe name -> message).
    QMap<QString, QString> lastErrors() const { return m_errors; }
    /// The GET /health/vram body.
    QJsonObject toJson() const;

Q_SIGNALS:
    /// A new sample is in the history. Queued connections across threads are fine.
    void sampled(const switchyard::telemetry::VramSample &sample);

private:
    void selectGpuProbes();
    void rebuildOllamaProbes();
    void adopt(VramProbe *probe);
    void onProbeFinished(VramProbe *probe, const VramSample &part, const QString &error);
    void onDeadline();
    void finishSample();
    int sampleTimeoutMs() const;
    QList<VramProbe *> probes() const;
    QString noGpuMessage() const;

    VramSettings m_settings;
    VramHistory m_history;
    QList<QPointer<VramProbe>> m_gpuProbes;
    QList<QPointer<VramProbe>> m_ollamaProbes;
    QList<config::ProviderConfig> m_providers;
    QPointer<upstream::UpstreamClient> m_client;
    QTimer m_timer;
    QTimer m_deadline;
    bool m_gpuProbesSelected = false;

    // The sample being gathered.
    bool m_gathering = false;
    quint64 m_generation = 0; ///< bumped per sample, so a re-entrant sampleNow() is noticed
    QSet<VramProbe *> m_waiting;
    VramSample m_pending;
    QMap<QString, QString> m_pendingErrors;
    QMap<QString, QString> m_errors;
};

} // namespace switchyard::telemetry
