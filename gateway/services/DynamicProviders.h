#pragma once

#include "base/ApiError.h"
#include "config/Config.h"

#include <QByteArray>
#include <QHash>
#include <QObject>
#include <QTimer>

#include <functional>
#include <variant>

namespace switchyard::routing {
class RoutingEngine;
}

namespace switchyard::services {

/// Providers that announce themselves over HTTP (inference boxes on the LAN) with a heartbeat
/// TTL. They join the live config; one whose heartbeats stop is marked stale (skipped by
/// routing) and comes back when they resume.
class DynamicProviders final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(DynamicProviders)

public:
    /// \a configChanged is called after a provider joined or changed, so that the catalog and
    /// the routing engine see it.
    DynamicProviders(config::Config &config, routing::RoutingEngine &engine,
                     std::function<void()> configChanged, QObject *parent);

    struct Registered
    {
        QString name;
        bool isNew = false;
        int ttlS = 0;
    };
    /// Registers or refreshes from a request body.
    std::variant<Registered, base::ApiError> registerProvider(const QByteArray &body);

    bool isStale(const QString &provider) const;
    /// Joined over HTTP rather than from the config file.
    bool isDynamic(const QString &provider) const { return m_expiresAtMs.contains(provider); }

private:
    void sweep();

    config::Config &m_config;
    routing::RoutingEngine &m_engine;
    std::function<void()> m_configChanged;
    QHash<QString, qint64> m_expiresAtMs; ///< dynamic providers and when their heartbeat expires
    QHash<QString, bool> m_stale;
    QTimer m_sweep;
};

} // namespace switchyard::services
