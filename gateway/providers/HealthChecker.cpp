#include "HealthChecker.h"

#include "providers/ProviderAdapters.h"
#include "routing/HealthRegistry.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHealth, "switchyard.health")

namespace switchyard::providers {

HealthChecker::HealthChecker(const config::Config &config, upstream::UpstreamClient *client,
                             routing::HealthRegistry &registry, QObject *parent)
    : QObject(parent), m_config(config), m_client(client), m_registry(registry)
{
    connect(&m_timer, &QTimer::timeout, this, &HealthChecker::checkNow);
}

void HealthChecker::start(int intervalMs, int timeoutMs)
{
    m_timeoutMs = timeoutMs;
    if (intervalMs > 0) {
        m_timer.start(intervalMs);
        checkNow();
    }
}

void HealthChecker::checkNow()
{
    for (const config::ProviderConfig &provider : m_config.providers) {
        if (!m_pending.value(provider.name)) // one check per provider at a time
            check(provider);
    }
    if (m_pending.isEmpty())
        Q_EMIT roundFinished();
}

void HealthChecker::check(const config::ProviderConfig &provider)
{
    const ProviderAdapter &adapter = adapterFor(provider.kind);
    auto spec = adapter.probeRequest(provider);
    if (!spec) {
        report(provider.name, false, spec.error().message);
        return;
    }
    if (!m_client)
        return;
    spec->timeouts.connectMs = std::min(spec->timeouts.connectMs, m_timeoutMs);
    spec->timeouts.firstByteMs = m_timeoutMs;
    spec->timeouts.totalMs = m_timeoutMs;
    upstream::UpstreamTransfer *transfer = m_client->start(std::move(*spec));
    m_pending.insert(provider.name, transfer);
    const QString name = provider.name;
    m_bodies.remove(name);
    connect(transfer, &upstream::UpstreamTransfer::dataReceived, this,
            [this, name](const QByteArray &data) {
                QByteArray &body = m_bodies[name];
                if (body.size() < 8 * 1024 * 1024) // a model list, not a download
                    body += data;
            });
    connect(
        transfer, &upstream::UpstreamTransfer::finished, this,
        [this, name, transfer, &adapter](upstream::TransferError error, const QString &message) {
            const int status = transfer->status();
            m_pending.remove(name);
            if (error != upstream::TransferError::None)
                report(name, false,
                       u"health check failed: %1"_s.arg(
                           message.isEmpty() ? upstream::transferErrorName(error) : message));
            else if (status < 200 || status >= 300)
                report(name, false,
                       status == 401 || status == 403
                           ? u"health check answered HTTP %1: check the provider's API key"_s.arg(
                               status)
                           : u"health check answered HTTP %1"_s.arg(status));
            else
                report(name, true, {});
            const bool ok = error == upstream::TransferError::None && status >= 200 && status < 300;
            Q_EMIT modelsDiscovered(name,
                                    ok ? adapter.parseModels(m_bodies.take(name)) : QStringList());
            m_bodies.remove(name);
            if (m_pending.isEmpty())
                Q_EMIT roundFinished();
        });
}

void HealthChecker::report(const QString &provider, bool healthy, const QString &error)
{
    if (!healthy)
        qCInfo(lcHealth).noquote() << "provider" << provider << "is unhealthy:" << error;
    m_registry.setProviderCheck(provider, healthy, error);
}

} // namespace switchyard::providers
