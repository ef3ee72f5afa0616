#pragma once

#include <QHostAddress>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>

namespace switchyard::config {

/// Where a provider's API key comes from; the key itself never lives in the config.
struct SecretRef
{
    enum class Source { Env, Keychain };
    Source source = Source::Env;
    QString name;

    friend bool operator==(const SecretRef &, const SecretRef &) = default;
};

/// Limits and timeouts of the inbound HTTP server.
struct HttpLimits
{
    qint64 maxHeadBytes = 64 * 1024;
    qint64 maxBodyBytes = 32 * 1024 * 1024;
    int maxConnections = 4096;
    int headTimeoutMs = 10'000;
    int bodyTimeoutMs = 60'000;
    int idleTimeoutMs = 75'000;
    int shutdownGraceMs = 10'000;

    friend bool operator==(const HttpLimits &, const HttpLimits &) = default;
};

struct GatewaySettings
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8484;
    HttpLimits limits;

    friend bool operator==(const GatewaySettings &, const GatewaySettings &) = default;
};

/// Per-provider upstream timeouts in milliseconds (0 = no limit).
struct ProviderTimeouts
{
    int connectMs = 10'000;
    int firstByteMs = 120'000;
    int streamIdleMs = 120'000;
    int totalMs = 600'000;

    friend bool operator==(const ProviderTimeouts &, const ProviderTimeouts &) = default;
};

struct ProviderConfig
{
    QString name;
    QString kind;
    QUrl baseUrl;
    std::optional<SecretRef> apiKey;
    bool discoverModels = false;
    QStringList models;
    ProviderTimeouts timeouts;

    friend bool operator==(const ProviderConfig &, const ProviderConfig &) = default;
};

struct RouteConfig
{
    QString model;
    QString strategy;
    QStringList targets;

    friend bool operator==(const RouteConfig &, const RouteConfig &) = default;
};

/// The whole validated configuration. Only ConfigLoader produces one.
struct Config
{
    GatewaySettings gateway;
    QList<ProviderConfig> providers;
    QList<RouteConfig> routes;

    const ProviderConfig *provider(const QString &name) const;
    const RouteConfig *route(const QString &model) const;

    friend bool operator==(const Config &, const Config &) = default;
};

} // namespace switchyard::config
