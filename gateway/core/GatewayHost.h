#pragma once

#include "base/ApiError.h"
#include "base/RequestRecord.h"
#include "base/Result.h"
#include "config/Config.h"
#include "providers/ProviderOperations.h"
#include "routing/HealthSnapshot.h"
#include "routing/RoutingDecision.h"
#include "services/GatewayServices.h"
#include "telemetry/LiveStats.h"
#include "telemetry/VramSample.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <variant>

namespace switchyard::core {

class Gateway;

/// Runs a Gateway in its own thread. Created and used from the owning (main/GUI) thread.
///
/// This is the desktop app's seam to the engine: everything it shows arrives as queued
/// signals carrying immutable value types, and everything it asks runs in the gateway thread
/// and answers through a callback in the asking object's thread, so the GUI never blocks on
/// the gateway. Callbacks are dropped when their context object is gone or the gateway is not
/// running.
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

    using DryRunResult = std::variant<routing::RoutingDecision, base::ApiError>;
    /// Where a chat completion with \a body would be routed (rules, strategy order, health),
    /// without sending it; \a done runs in \a context's thread.
    void routeDryRun(const QByteArray &body, QObject *context,
                     std::function<void(const DryRunResult &)> done);
    /// Provider and target health now; \a done runs in \a context's thread.
    void healthNow(QObject *context, std::function<void(const routing::HealthSnapshot &)> done);
    /// Tests provider \a name with the gateway's own keys (the health checker's probe, each
    /// phase bounded by \a timeoutMs); \a done runs in \a context's thread.
    void testProvider(const QString &name, int timeoutMs, QObject *context,
                      std::function<void(const providers::ProbeResult &)> done);
    /// The models provider \a name offers now; \a done runs in \a context's thread.
    void
    discoverModels(const QString &name, QObject *context,
                   std::function<void(const std::variant<QStringList, base::ApiError> &)> done);
    /// Hot reload without blocking the caller; \a done gets the settings that need a restart.
    void applyConfigAsync(const config::Config &config, QObject *context,
                          std::function<void(const QStringList &restartNeeded)> done);

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
    /// Forwarded (queued) once a second: every provider's and target's health.
    void healthSnapshot(const switchyard::routing::HealthSnapshot &snapshot);

private:
    /// Runs \a work(gateway) in the gateway thread, then \a reply(result) in \a context's.
    template<typename Result>
    void ask(QObject *context, std::function<Result(Gateway &)> work,
             std::function<void(const Result &)> reply);
    /// The same for work that answers later: it gets a callback to call once.
    template<typename Result>
    void askLater(QObject *context,
                  std::function<void(Gateway &, std::function<void(const Result &)>)> work,
                  std::function<void(const Result &)> reply);

    QThread m_thread;
    QPointer<QObject> m_context; ///< lives in m_thread; parent of the Gateway
    QPointer<Gateway> m_gateway;
    int m_graceMs = 10'000;
    quint16 m_port = 0;
    bool m_stopRequested = false;
};

} // namespace switchyard::core
