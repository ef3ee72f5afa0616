#include "GatewayHost.h"

#include "core/Gateway.h"

using namespace Qt::StringLiterals;

namespace switchyard::core {

GatewayHost::GatewayHost(QObject *parent) : QObject(parent)
{
    m_thread.setObjectName(u"gateway"_s);
    connect(&m_thread, &QThread::finished, this, [this] {
        m_port = 0;
        Q_EMIT stopped();
    });
}

GatewayHost::~GatewayHost()
{
    stop();
}

Result<quint16> GatewayHost::start(const config::Config &config,
                                   const services::GatewayServices &services)
{
    if (m_thread.isRunning())
        return Error { ErrorCode::AlreadyExists, u"the gateway is already running"_s };
    m_stopRequested = false;
    m_graceMs = config.gateway.limits.shutdownGraceMs;
    m_thread.start();

    // The context object and everything under it are created, used and deleted in m_thread.
    auto *context = new QObject;
    context->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, context, &QObject::deleteLater);
    m_context = context;

    Result<quint16> result = Error { ErrorCode::Internal, u"gateway thread did not start"_s };
    QMetaObject::invokeMethod(
        context,
        [&] {
            auto *gateway = new Gateway(config, context);
            gateway->setServices(services);
            result = gateway->start();
            if (result) {
                m_gateway = gateway;
                connect(gateway, &Gateway::requestsCompleted, this, &GatewayHost::requestsCompleted,
                        Qt::QueuedConnection);
                connect(gateway, &Gateway::liveSnapshot, this, &GatewayHost::liveSnapshot,
                        Qt::QueuedConnection);
                connect(gateway, &Gateway::budgetWarning, this, &GatewayHost::budgetWarning,
                        Qt::QueuedConnection);
                connect(gateway, &Gateway::vramSampled, this, &GatewayHost::vramSampled,
                        Qt::QueuedConnection);
                connect(gateway, &Gateway::healthSnapshot, this, &GatewayHost::healthSnapshot,
                        Qt::QueuedConnection);
            } else {
                delete gateway;
            }
        },
        Qt::BlockingQueuedConnection);
    if (!result) {
        m_thread.quit();
        m_thread.wait();
        return result;
    }
    m_port = *result;
    return result;
}

QStringList GatewayHost::applyConfig(const config::Config &config)
{
    QStringList restartNeeded;
    if (!m_thread.isRunning() || !m_context)
        return restartNeeded;
    QMetaObject::invokeMethod(
        m_context,
        [&] {
            if (m_gateway)
                restartNeeded = m_gateway->applyConfig(config);
        },
        Qt::BlockingQueuedConnection);
    return restartNeeded;
}

template<typename Result>
void GatewayHost::askLater(QObject *context,
                           std::function<void(Gateway &, std::function<void(const Result &)>)> work,
                           std::function<void(const Result &)> reply)
{
    if (!m_thread.isRunning() || !m_context || !context)
        return;
    QPointer<QObject> asker(context);
    QMetaObject::invokeMethod(
        m_context, [gateway = m_gateway, asker, work = std::move(work), reply = std::move(reply)] {
            if (!gateway || !asker)
                return;
            work(*gateway, [asker, reply](const Result &result) {
                // Back to the asker's thread; dropped if it is gone by then.
                QMetaObject::invokeMethod(asker, [asker, result, reply] {
                    if (asker)
                        reply(result);
                });
            });
        });
}

template<typename Result>
void GatewayHost::ask(QObject *context, std::function<Result(Gateway &)> work,
                      std::function<void(const Result &)> reply)
{
    askLater<Result>(
        context,
        [work = std::move(work)](Gateway &gateway, std::function<void(const Result &)> answer) {
            answer(work(gateway));
        },
        std::move(reply));
}

void GatewayHost::testProvider(const QString &name, int timeoutMs, QObject *context,
                               std::function<void(const providers::ProbeResult &)> done)
{
    askLater<providers::ProbeResult>(
        context,
        [name, timeoutMs](Gateway &gateway,
                          std::function<void(const providers::ProbeResult &)> answer) {
            gateway.testProvider(name, timeoutMs, std::move(answer));
        },
        std::move(done));
}

void GatewayHost::discoverModels(
    const QString &name, QObject *context,
    std::function<void(const std::variant<QStringList, base::ApiError> &)> done)
{
    using ModelList = std::variant<QStringList, base::ApiError>;
    askLater<ModelList>(
        context,
        [name](Gateway &gateway, std::function<void(const ModelList &)> answer) {
            gateway.discoverModels(name, std::move(answer));
        },
        std::move(done));
}

void GatewayHost::routeDryRun(const QByteArray &body, QObject *context,
                              std::function<void(const DryRunResult &)> done)
{
    ask<DryRunResult>(
        context, [body](Gateway &gateway) { return gateway.routeDryRun(body); }, std::move(done));
}

void GatewayHost::healthNow(QObject *context,
                            std::function<void(const routing::HealthSnapshot &)> done)
{
    ask<routing::HealthSnapshot>(
        context, [](Gateway &gateway) { return gateway.health(); }, std::move(done));
}

void GatewayHost::applyConfigAsync(const config::Config &config, QObject *context,
                                   std::function<void(const QStringList &)> done)
{
    ask<QStringList>(
        context, [config](Gateway &gateway) { return gateway.applyConfig(config); },
        std::move(done));
}

void GatewayHost::requestStop()
{
    if (!m_thread.isRunning() || m_stopRequested)
        return;
    m_stopRequested = true;
    QThread *thread = &m_thread;
    const int graceMs = m_graceMs;
    QMetaObject::invokeMethod(m_context, [gateway = m_gateway, thread, graceMs] {
        if (!gateway) {
            thread->quit();
            return;
        }
        QObject::connect(gateway, &Gateway::stopped, gateway, [gateway, thread] {
            // Delete inside the thread, outside the signal that asked for it.
            QObject::connect(
                gateway, &QObject::destroyed, thread, [thread] { thread->quit(); },
                Qt::DirectConnection);
            gateway->deleteLater();
        });
        gateway->shutdown(graceMs);
    });
}

void GatewayHost::stop()
{
    requestStop();
    m_thread.wait();
}

} // namespace switchyard::core
