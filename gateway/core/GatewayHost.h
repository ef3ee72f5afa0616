#pragma once

#include "base/RequestRecord.h"
#include "base/Result.h"
#include "config/Config.h"
#include "services/GatewayServices.h"
#include "telemetry/LiveStats.h"
#include "telemetry/VramSample.h"

#include <QObject>
#include <QPointer>
#include <QThread>

namespace switchyard::core {

class Gateway;

/// Runs a Gateway in its own thread. Created and used from the owning (main/GUI) thread.
class GatewayHost final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GatewayHost)

public:
    explicit GatewayHost(QObject *parent = nullptr);
    ~GatewayHost() override;

    /// Starts the thread and binds the gateway; blocks until it listens or fails.
    Result<quint16> start(const config::Config &config,
                          const services::GatewayServices &services = {});
    /// Graceful stop in the background; emits stopped() when the thread has ended.
    void requestStop();
    /// Graceful stop that blocks until the thread has ended.
    void stop();

    /// Hot reload (blocks until the gateway thread applied it); returns the settings that
    /// need a restart to change.
    QStringList applyConfig(const config::Config &config);

    bool isRunning() const { return m_thread.isRunning(); }
    quint16 port() const { return m_port; }

Q_SIGNALS:
    void stopped();
    /// Forwarded from the gateway thread (queued): finished proxied requests, in batches.
    void requestsCompleted(const QList<switchyard::base::RequestRecord> &records);
    /// Forwarded (queued) once a second.
    void liveSnapshot(const switchyard::telemetry::LiveSnapshot &snapshot);
    /// Forwarded (queued): a budget crossed its warning threshold or its limit.
    void budgetWarning(const QString &message, bool exceeded);
    /// Forwarded (queued): VRAM samples for the charts.
    void vramSampled(const switchyard::telemetry::VramSample &sample);

private:
    QThread m_thread;
    QPointer<QObject> m_context; ///< lives in m_thread; parent of the Gateway
    QPointer<Gateway> m_gateway;
    int m_graceMs = 10'000;
    quint16 m_port = 0;
    bool m_stopRequested = false;
};

} // namespace switchyard::core
