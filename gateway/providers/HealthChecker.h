#pragma once

#include "config/Config.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace switchyard::routing {
class HealthRegistry;
}
namespace switchyard::upstream {
class UpstreamClient;
class UpstreamTransfer;
} // namespace switchyard::upstream

namespace switchyard::providers {

/// Active health checks: asks every provider a cheap question on an interval (its adapter's
/// probe: the model list, or a preset's health endpoint) with its own timeout, and tells the
/// health registry the answer.
class HealthChecker final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HealthChecker)

public:
    HealthChecker(const config::Config &config, upstream::UpstreamClient *client,
                  routing::HealthRegistry &registry, QObject *parent);

    /// Checks every provider now, then every interval (0: only on checkNow()).
    void start(int intervalMs, int timeoutMs);
    /// Stops the periodic checks (checks in flight still report).
    void stop() { m_timer.stop(); }
    void checkNow();

Q_SIGNALS:
    /// One round finished (every provider answered or timed out).
    void roundFinished();
    /// The model list a provider reported (empty when it is down).
    void modelsDiscovered(const QString &provider, const QStringList &models);

private:
    void check(const config::ProviderConfig &provider);
    void report(const QString &provider, bool healthy, const QString &error);

    const config::Config &m_config;
    QPointer<upstream::UpstreamClient> m_client;
    routing::HealthRegistry &m_registry;
    QHash<QString, QPointer<upstream::UpstreamTransfer>> m_pending;
    QHash<QString, QByteArray> m_bodies;
    QTimer m_timer;
    int m_timeoutMs = 5000;
};

} // namespace switchyard::providers
