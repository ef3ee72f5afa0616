#pragma once

#include "cache/CacheSettings.h"
#include "config/BudgetConfig.h"
#include "config/ProviderKind.h"
#include "security/SecuritySettings.h"
#include "security/TokenEntry.h"

#include <QHostAddress>
#include <QList>
#include <QMap>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <optional>
#include <utility>

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

/// The request log in the data dir's SQLite store.
struct LogSettings
{
    bool enabled = true; ///< false: no request log at all (config and store still kept)
    int retentionDays = 30; ///< 0 = keep forever
    qint64 maxMb = 1024; ///< 0 = no size cap
    int queueCapacity = 100'000; ///< rows waiting for the writer; more are dropped and counted

    friend bool operator==(const LogSettings &, const LogSettings &) = default;
};

struct GatewaySettings
{
    QString host = QStringLiteral("127.0.0.1");
    quint16 port = 8484;
    HttpLimits limits;
    int healthCheckIntervalMs = 30'000; ///< active provider checks; 0 = off
    int breakerFailures = 5; ///< consecutive failures that open a target's breaker
    int breakerCooldownMs = 30'000; ///< first open period; doubles per failed probe
    int healthCheckTimeoutMs = 5'000;
    cache::CacheLimits cache; ///< the response cache's memory limits
    LogSettings log;
    int vramIntervalMs = 2'000; ///< VRAM sampling; 0 = off
    security::SecuritySettings security;

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

/// What the user told us about one model of a provider; every field may be unknown.
struct ModelInfo
{
    std::optional<double> inputPerMTok; ///< USD per 1M prompt tokens
    std::optional<double> outputPerMTok; ///< USD per 1M completion tokens
    std::optional<double> cacheReadPerMTok; ///< USD per 1M prompt tokens read from cache
    std::optional<double> cacheWritePerMTok; ///< USD per 1M prompt tokens written to cache
    std::optional<qint64> contextLength; ///< tokens
    QStringList capabilities; ///< "tools", "vision", "reasoning", "embeddings"

    friend bool operator==(const ModelInfo &, const ModelInfo &) = default;
};

struct ProviderConfig
{
    QString name;
    ProviderKind kind = ProviderKind::OpenAi; ///< from "kind" (or the preset's)
    QString preset; ///< the preset it was written with, if any
    QUrl baseUrl;
    std::optional<SecretRef> apiKey;
    bool discoverModels = false;
    QStringList models;
    ProviderTimeouts timeouts;
    std::optional<bool> local; ///< as written in the config; isLocal() applies the default
    QMap<QString, ModelInfo> modelInfo; ///< keyed by the provider's model name
    int maxConcurrency = 0; ///< requests in flight to this provider; 0 = no limit
    int maxQueue = 256; ///< requests waiting for a slot; more get 503
    int queueTimeoutMs = 30'000; ///< how long a request waits for a slot before 503

    /// Runs on this machine or the LAN: the explicit "local" flag, else derived from the host.
    bool isLocal() const;
    /// Metadata for \a model with defaults applied (a local model's unknown price is 0).
    ModelInfo info(const QString &model) const;

    friend bool operator==(const ProviderConfig &, const ProviderConfig &) = default;
};

/// One entry of a route's "targets": "provider/model" and its share for "weighted".
struct RouteTarget
{
    QString id; ///< "provider/model"
    int weight = 1;

    QString provider() const { return id.section(u'/', 0, 0); }
    QString model() const { return id.section(u'/', 1); }

    friend bool operator==(const RouteTarget &, const RouteTarget &) = default;
};

/// When and how often a route moves on to its next target.
struct RetryConfig
{
    /// Failure kinds "retry.on" accepts; the default list is all of them.
    static const QStringList &knownFailureKinds();

    int attempts = 0; ///< 0 = one attempt per target
    int backoffMs = 0;
    QStringList on = knownFailureKinds();

    friend bool operator==(const RetryConfig &, const RetryConfig &) = default;
};

/// Per-route overrides of the providers' timeouts (0 = keep the provider's).
struct RouteTimeouts
{
    int firstByteMs = 0;
    int totalMs = 0;

    friend bool operator==(const RouteTimeouts &, const RouteTimeouts &) = default;
};

struct RouteConfig
{
    QString model;
    QString strategy;
    QStringList targets; ///< target ids, the same order as targetList
    QList<RouteTarget> targetList;
    RetryConfig retry;
    RouteTimeouts timeouts;
    cache::RouteCacheSettings cache;
    bool logBodies = false; ///< keep prompts and answers in the request log

    friend bool operator==(const RouteConfig &, const RouteConfig &) = default;
};

/// The conditions of one rule; every condition that is set must hold.
struct RuleCondition
{
    std::optional<qint64> promptTokensOver;
    std::optional<bool> hasImages;
    std::optional<bool> hasTools;
    std::optional<QString> model;
    std::optional<bool> reasoning;
    QList<std::pair<QString, QString>> headers; ///< names lower-cased, values exact
    std::optional<QString> toolNamed;
    std::optional<QString> lastUserMatches; ///< a valid QRegularExpression pattern

    friend bool operator==(const RuleCondition &, const RuleCondition &) = default;
};

/// "rules[i]": requests matching \c when go to the route named \c route.
struct RuleConfig
{
    RuleCondition when;
    QString route;

    friend bool operator==(const RuleConfig &, const RuleConfig &) = default;
};

/// The whole validated configuration. Only ConfigLoader produces one.
struct Config
{
    GatewaySettings gateway;
    QList<ProviderConfig> providers;
    QList<RouteConfig> routes;
    QList<RuleConfig> rules;
    QList<config::BudgetConfig> budgets;
    QList<security::TokenEntry> tokens; ///< access tokens (hashes only)

    const ProviderConfig *provider(const QString &name) const;
    const RouteConfig *route(const QString &model) const;
    /// The route named "default", which catches models nothing else resolves; may be null.
    const RouteConfig *defaultRoute() const;

    friend bool operator==(const Config &, const Config &) = default;
};

} // namespace switchyard::config
