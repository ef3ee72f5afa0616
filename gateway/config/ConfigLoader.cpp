#include "ConfigLoader.h"

#include "base/ConfigValidator.h"
#include "cache/CacheConfig.h"
#include "config/ProviderPresets.h"
#include "config/RouteConfigReader.h"
#include "security/SecretScrubber.h"
#include "security/SecurityConfig.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSaveFile>

using namespace Qt::StringLiterals;

namespace switchyard::config {

namespace {

using Validator = base::ConfigValidator;

const QRegularExpression &providerNamePattern()
{
    static const QRegularExpression re(u"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$"_s);
    return re;
}

const QRegularExpression &envNamePattern()
{
    static const QRegularExpression re(u"^[A-Za-z_][A-Za-z0-9_]*$"_s);
    return re;
}

bool hasControlCharacters(const QString &s)
{
    return std::any_of(s.begin(), s.end(),
                       [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

void readLimits(Validator &v, const QJsonObject &o, const QString &path, HttpLimits &limits)
{
    v.rejectUnknownKeys(o, path,
                        { u"max_head_bytes"_s, u"max_body_bytes"_s, u"max_connections"_s,
                          u"head_timeout_ms"_s, u"body_timeout_ms"_s, u"idle_timeout_ms"_s,
                          u"shutdown_grace_ms"_s });
    constexpr qint64 day = 24LL * 3600 * 1000;
    if (auto n = v.integer(o, u"max_head_bytes"_s, path, 1024, 1024 * 1024))
        limits.maxHeadBytes = *n;
    if (auto n = v.integer(o, u"max_body_bytes"_s, path, 1024, 1024LL * 1024 * 1024))
        limits.maxBodyBytes = *n;
    if (auto n = v.integer(o, u"max_connections"_s, path, 1, 100'000))
        limits.maxConnections = int(*n);
    if (auto n = v.integer(o, u"head_timeout_ms"_s, path, 100, day))
        limits.headTimeoutMs = int(*n);
    if (auto n = v.integer(o, u"body_timeout_ms"_s, path, 100, day))
        limits.bodyTimeoutMs = int(*n);
    if (auto n = v.integer(o, u"idle_timeout_ms"_s, path, 100, day))
        limits.idleTimeoutMs = int(*n);
    if (auto n = v.integer(o, u"shutdown_grace_ms"_s, path, 0, 600'000))
        limits.shutdownGraceMs = int(*n);
}

void readGateway(Validator &v, const QJsonObject &root, GatewaySettings &gateway)
{
    const auto o = v.object(root, u"gateway"_s, QString());
    if (!o)
        return;
    const QString path = u"gateway"_s;
    v.rejectUnknownKeys(*o, path,
                        { u"host"_s, u"port"_s, u"limits"_s, u"health_check"_s, u"breaker"_s,
                          u"cache"_s, u"log"_s, u"telemetry"_s, u"security"_s });
    if (o->contains(u"security"_s))
        gateway.security
            = security::parseSecuritySettings(o->value(u"security"_s), v, path + u".security"_s);
    if (o->contains(u"cache"_s))
        gateway.cache
            = cache::CacheConfig::parseCacheLimits(o->value(u"cache"_s), v, path + u".cache"_s);
    if (auto log = v.object(*o, u"log"_s, path)) {
        const QString logPath = path + u".log"_s;
        v.rejectUnknownKeys(
            *log, logPath, { u"enabled"_s, u"retention_days"_s, u"max_mb"_s, u"queue_capacity"_s });
        if (auto enabled = v.boolean(*log, u"enabled"_s, logPath))
            gateway.log.enabled = *enabled;
        if (auto n = v.integer(*log, u"retention_days"_s, logPath, 0, 36'500))
            gateway.log.retentionDays = int(*n);
        if (auto n = v.integer(*log, u"max_mb"_s, logPath, 0, 1'048'576))
            gateway.log.maxMb = *n;
        if (auto n = v.integer(*log, u"queue_capacity"_s, logPath, 100, 10'000'000))
            gateway.log.queueCapacity = int(*n);
    }
    if (auto telemetry = v.object(*o, u"telemetry"_s, path)) {
        const QString telemetryPath = path + u".telemetry"_s;
        v.rejectUnknownKeys(*telemetry, telemetryPath, { u"vram_interval_ms"_s });
        if (auto n = v.integer(*telemetry, u"vram_interval_ms"_s, telemetryPath, 0, 3'600'000))
            gateway.vramIntervalMs = int(*n);
    }
    if (auto breaker = v.object(*o, u"breaker"_s, path)) {
        const QString breakerPath = path + u".breaker"_s;
        v.rejectUnknownKeys(*breaker, breakerPath, { u"failures"_s, u"cooldown_ms"_s });
        if (auto n = v.integer(*breaker, u"failures"_s, breakerPath, 1, 1000))
            gateway.breakerFailures = int(*n);
        if (auto n = v.integer(*breaker, u"cooldown_ms"_s, breakerPath, 100, 3'600'000))
            gateway.breakerCooldownMs = int(*n);
    }
    if (auto host = v.string(*o, u"host"_s, path, false)) {
        if (*host != u"localhost"_s && QHostAddress(*host).isNull())
            v.fail(
                path + u".host"_s,
                u"'%1' is not an IP address (use 127.0.0.1, ::1, localhost or an address of this machine)"_s
                    .arg(*host));
        else
            gateway.host = *host;
    }
    if (auto port = v.integer(*o, u"port"_s, path, 0, 65535))
        gateway.port = quint16(*port);
    if (auto limits = v.object(*o, u"limits"_s, path))
        readLimits(v, *limits, path + u".limits"_s, gateway.limits);
    if (auto check = v.object(*o, u"health_check"_s, path)) {
        const QString checkPath = path + u".health_check"_s;
        v.rejectUnknownKeys(*check, checkPath, { u"interval_ms"_s, u"timeout_ms"_s });
        if (auto n = v.integer(*check, u"interval_ms"_s, checkPath, 0, 24LL * 3600 * 1000))
            gateway.healthCheckIntervalMs = int(*n);
        if (auto n = v.integer(*check, u"timeout_ms"_s, checkPath, 100, 600'000))
            gateway.healthCheckTimeoutMs = int(*n);
    }
}

std::optional<SecretRef> readSecretRef(Validator &v, const QJsonValue &value, const QString &path,
                                       const QString &providerName)
{
    if (value.isString()) {
        v.fail(path,
               u"a literal API key is not allowed in the config file. Store it in the OS keychain "
               "with `switchyard keys set %1` and write {\"keychain\": \"%1\"}, or export it in an "
               "environment variable and write {\"env\": \"%2\"}"_s.arg(
                   providerName,
                   providerName.toUpper().replace(u'-', u'_').replace(u'.', u'_') + u"_API_KEY"_s));
        return std::nullopt;
    }
    if (!value.isObject()) {
        v.fail(path, u"must be {\"env\": NAME} or {\"keychain\": NAME}"_s);
        return std::nullopt;
    }
    const QJsonObject o = value.toObject();
    v.rejectUnknownKeys(o, path, { u"env"_s, u"keychain"_s });
    const bool hasEnv = o.contains(u"env"_s);
    const bool hasKeychain = o.contains(u"keychain"_s);
    if (hasEnv == hasKeychain) {
        v.fail(path, u"must name exactly one source: {\"env\": NAME} or {\"keychain\": NAME}"_s);
        return std::nullopt;
    }
    SecretRef ref;
    ref.source = hasEnv ? SecretRef::Source::Env : SecretRef::Source::Keychain;
    const QString member = hasEnv ? u"env"_s : u"keychain"_s;
    const auto name = v.string(o, member, path, true);
    if (!name)
        return std::nullopt;
    // A key pasted where its name belongs is refused like a literal key, and never echoed.
    const QByteArray raw = name->toUtf8();
    if (security::SecretScrubber::scrub(raw, {}) != raw) {
        v.fail(path + u'.' + member,
               u"this looks like an API key, not the name of one. Store the key with "
               "`switchyard keys set %1` and write {\"keychain\": \"%1\"}"_s.arg(providerName));
        return std::nullopt;
    }
    if (hasEnv && !envNamePattern().match(*name).hasMatch()) {
        v.fail(path + u".env"_s, u"'%1' is not a valid environment variable name"_s.arg(*name));
        return std::nullopt;
    }
    ref.name = *name;
    return ref;
}

void readProviderTimeouts(Validator &v, const QJsonObject &o, const QString &path,
                          ProviderTimeouts &t)
{
    v.rejectUnknownKeys(
        o, path, { u"connect_ms"_s, u"first_byte_ms"_s, u"stream_idle_ms"_s, u"total_ms"_s });
    constexpr qint64 day = 24LL * 3600 * 1000;
    if (auto n = v.integer(o, u"connect_ms"_s, path, 0, day))
        t.connectMs = int(*n);
    if (auto n = v.integer(o, u"first_byte_ms"_s, path, 0, day))
        t.firstByteMs = int(*n);
    if (auto n = v.integer(o, u"stream_idle_ms"_s, path, 0, day))
        t.streamIdleMs = int(*n);
    if (auto n = v.integer(o, u"total_ms"_s, path, 0, day))
        t.totalMs = int(*n);
}

void readModelInfo(Validator &v, const QJsonObject &o, const QString &path, ProviderConfig &p)
{
    for (auto it = o.begin(); it != o.end(); ++it) {
        const QString modelPath = Validator::join(path, it.key());
        if (!p.discoverModels && !p.models.contains(it.key())) {
            v.fail(modelPath, u"the provider does not list model '%1'"_s.arg(it.key()));
            continue;
        }
        if (!it.value().isObject()) {
            v.fail(modelPath, u"must be an object"_s);
            continue;
        }
        const QJsonObject m = it.value().toObject();
        v.rejectUnknownKeys(m, modelPath,
                            { u"input_per_mtok"_s, u"output_per_mtok"_s, u"cache_read_per_mtok"_s,
                              u"cache_write_per_mtok"_s, u"context_length"_s, u"capabilities"_s });
        ModelInfo info;
        const QJsonValue capabilities = m.value(u"capabilities"_s);
        if (!capabilities.isUndefined()) {
            static const QStringList known { u"tools"_s, u"vision"_s, u"reasoning"_s,
                                             u"embeddings"_s };
            if (!capabilities.isArray())
                v.fail(modelPath + u".capabilities"_s,
                       u"must be an array like [\"tools\", \"vision\"]"_s);
            for (const QJsonValue &c : capabilities.toArray()) {
                if (!known.contains(c.toString()))
                    v.fail(modelPath + u".capabilities"_s,
                           u"unknown capability '%1' (known: %2)"_s.arg(c.toString(),
                                                                        known.join(u", "_s)));
                else
                    info.capabilities.append(c.toString());
            }
        }
        info.inputPerMTok = v.nonNegative(m, u"input_per_mtok"_s, modelPath);
        info.outputPerMTok = v.nonNegative(m, u"output_per_mtok"_s, modelPath);
        info.cacheReadPerMTok = v.nonNegative(m, u"cache_read_per_mtok"_s, modelPath);
        info.cacheWritePerMTok = v.nonNegative(m, u"cache_write_per_mtok"_s, modelPath);
        info.contextLength = v.integer(m, u"context_length"_s, modelPath, 1, 100'000'000);
        p.modelInfo.insert(it.key(), info);
    }
}

void readProviders(Validator &v, const QJsonObject &root, QList<ProviderConfig> &providers)
{
    const QJsonValue value = root.value(u"providers"_s);
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        v.fail(u"providers"_s, u"must be an array"_s);
        return;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = Validator::index(u"providers"_s, i);
        if (!array.at(i).isObject()) {
            v.fail(path, u"must be an object"_s);
            continue;
        }
        QJsonObject o = array.at(i).toObject();
        v.rejectUnknownKeys(o, path,
                            { u"name"_s, u"preset"_s, u"kind"_s, u"base_url"_s, u"api_key"_s,
                              u"models"_s, u"timeouts"_s, u"local"_s, u"model_info"_s,
                              u"max_concurrency"_s, u"max_queue"_s, u"queue_timeout_ms"_s });
        ProviderConfig p;
        if (auto name = v.string(o, u"name"_s, path, true)) {
            if (!providerNamePattern().match(*name).hasMatch())
                v.fail(
                    path + u".name"_s,
                    u"'%1' may use only letters, digits, '.', '_' and '-' (no '/'), up to 64 characters"_s
                        .arg(*name));
            for (const auto &other : std::as_const(providers)) {
                if (other.name == *name)
                    v.fail(path + u".name"_s, u"'%1' is used by another provider"_s.arg(*name));
            }
            p.name = *name;
        }
        // A preset fills in what the user left out (kind, base URL, local).
        std::optional<ProviderPreset> preset;
        if (auto presetName = v.string(o, u"preset"_s, path, false)) {
            preset = findPreset(*presetName);
            if (!preset)
                v.fail(path + u".preset"_s,
                       u"unknown preset '%1' (known: %2)"_s.arg(*presetName,
                                                                presetNames().join(u", "_s)));
            else
                p.preset = *presetName;
        }
        if (preset && !o.contains(u"kind"_s))
            o.insert(u"kind"_s, providerKindName(preset->kind));
        if (preset && !o.contains(u"base_url"_s))
            o.insert(u"base_url"_s, preset->baseUrl);
        if (preset && !o.contains(u"local"_s))
            o.insert(u"local"_s, preset->local);
        if (auto kind = v.string(o, u"kind"_s, path, true)) {
            if (const std::optional<ProviderKind> parsed = parseProviderKind(*kind))
                p.kind = *parsed;
            else
                v.fail(path + u".kind"_s,
                       u"unknown kind '%1' (known: %2)"_s.arg(*kind,
                                                              providerKindNames().join(u", "_s)));
        }
        if (auto url = v.string(o, u"base_url"_s, path, true)) {
            const QUrl parsed(*url, QUrl::StrictMode);
            const QString scheme = parsed.scheme();
            if (!parsed.isValid() || (scheme != u"http"_s && scheme != u"https"_s)
                || parsed.host().isEmpty() || parsed.hasQuery() || parsed.hasFragment()
                || !parsed.userInfo().isEmpty())
                v.fail(path + u".base_url"_s,
                       u"not a valid http(s) URL: '%1' (example: https://api.openai.com/v1)"_s.arg(
                           *url));
            else
                p.baseUrl = parsed.adjusted(QUrl::StripTrailingSlash);
        }
        if (o.contains(u"api_key"_s))
            p.apiKey = readSecretRef(v, o.value(u"api_key"_s), path + u".api_key"_s,
                                     p.name.isEmpty() ? u"provider"_s : p.name);
        const QJsonValue models = o.value(u"models"_s);
        if (models.isString() && models.toString() == u"discover"_s) {
            p.discoverModels = true;
        } else if (models.isArray()) {
            const QJsonArray list = models.toArray();
            for (qsizetype m = 0; m < list.size(); ++m) {
                const QString modelPath = Validator::index(path + u".models"_s, m);
                const QString model = list.at(m).toString();
                if (!list.at(m).isString() || model.trimmed().isEmpty())
                    v.fail(modelPath, u"must be a non-empty model name"_s);
                else if (hasControlCharacters(model))
                    v.fail(modelPath, u"must not contain control characters"_s);
                else if (p.models.contains(model))
                    v.fail(modelPath, u"'%1' is listed twice"_s.arg(model));
                else
                    p.models.append(model);
            }
        } else if (!models.isUndefined()) {
            v.fail(path + u".models"_s, u"must be an array of model names or \"discover\""_s);
        }
        if (auto t = v.object(o, u"timeouts"_s, path))
            readProviderTimeouts(v, *t, path + u".timeouts"_s, p.timeouts);
        p.local = v.boolean(o, u"local"_s, path);
        if (auto info = v.object(o, u"model_info"_s, path))
            readModelInfo(v, *info, path + u".model_info"_s, p);
        if (auto n = v.integer(o, u"max_concurrency"_s, path, 0, 100'000))
            p.maxConcurrency = int(*n);
        if (auto n = v.integer(o, u"max_queue"_s, path, 0, 1'000'000))
            p.maxQueue = int(*n);
        if (auto n = v.integer(o, u"queue_timeout_ms"_s, path, 1, 3'600'000))
            p.queueTimeoutMs = int(*n);
        providers.append(p);
    }
}

} // namespace

const QStringList &ConfigLoader::knownStrategies()
{
    static const QStringList strategies { u"fallback"_s,          u"local-first"_s,
                                          u"cloud-first"_s,       u"cost-optimized"_s,
                                          u"latency-optimized"_s, u"round-robin"_s,
                                          u"weighted"_s,          u"least-busy"_s };
    return strategies;
}

Result<Config> ConfigLoader::parse(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError) {
        // Turn the byte offset into line:column, which is what editors show.
        const QByteArray before = json.left(parseError.offset);
        const auto line = before.count('\n') + 1;
        const auto column = parseError.offset - (before.lastIndexOf('\n') + 1) + 1;
        return Error { ErrorCode::InvalidArgument,
                       u"line %1, column %2: %3"_s.arg(line).arg(column).arg(
                           parseError.errorString()) };
    }
    if (!doc.isObject())
        return Error { ErrorCode::InvalidArgument, u"the config must be a JSON object"_s };

    const QJsonObject root = doc.object();
    Validator v;
    v.rejectUnknownKeys(
        root, QString(),
        { u"gateway"_s, u"providers"_s, u"routes"_s, u"rules"_s, u"budgets"_s, u"tokens"_s });
    Config config;
    if (root.contains(u"tokens"_s))
        config.tokens = security::parseTokens(root.value(u"tokens"_s), v, u"tokens"_s);
    readGateway(v, root, config.gateway);
    if (config.gateway.security.requireTokens && config.tokens.isEmpty())
        v.fail(u"gateway.security.require_tokens"_s,
               u"no access token exists, so every request would be refused; create one first "
               "with `switchyard tokens create NAME`"_s);
    readProviders(v, root, config.providers);
    RouteConfigReader::readRoutes(v, root, config.providers, config.routes);
    RouteConfigReader::readRules(v, root, config.routes, config.rules);
    if (root.contains(u"budgets"_s)) {
        config.budgets = config::parseBudgets(root.value(u"budgets"_s), v, u"budgets"_s);
        for (qsizetype i = 0; i < config.budgets.size(); ++i) {
            const config::BudgetConfig &b = config.budgets.at(i);
            const QString path = Validator::index(u"budgets"_s, i) + u".scope"_s;
            if (b.scope == config::BudgetScope::Provider && !config.provider(b.name))
                v.fail(path, u"no provider called '%1'"_s.arg(b.name));
            if (b.scope == config::BudgetScope::Route && !config.route(b.name))
                v.fail(path, u"no route called '%1'"_s.arg(b.name));
        }
    }
    for (const auto &route : std::as_const(config.routes)) {
        if (route.model.contains(u'/') && config.provider(route.model.section(u'/', 0, 0)))
            v.fail(u"routes"_s,
                   u"route name '%1' would hide the provider model of the same name"_s.arg(
                       route.model));
    }
    if (v.failed())
        return Error { ErrorCode::InvalidArgument, v.message() };
    return config;
}

Result<Config> ConfigLoader::load(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error { file.exists() ? ErrorCode::Io : ErrorCode::NotFound,
                       u"cannot read %1: %2"_s.arg(QDir::toNativeSeparators(path),
                                                   file.errorString()) };
    auto result = parse(file.readAll());
    if (!result)
        return Error { result.error().code,
                       QDir::toNativeSeparators(path) + u":\n"_s + result.error().message };
    return result;
}

Result<Config> ConfigLoader::loadOrCreate(const QString &path)
{
    if (!QFileInfo::exists(path)) {
        if (!QDir().mkpath(QFileInfo(path).absolutePath()))
            return Error { ErrorCode::Io,
                           u"cannot create the folder for %1"_s.arg(
                               QDir::toNativeSeparators(path)) };
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly) || file.write(defaultConfigJson()) < 0
            || !file.commit())
            return Error { ErrorCode::Io,
                           u"cannot write %1: %2"_s.arg(QDir::toNativeSeparators(path),
                                                        file.errorString()) };
    }
    return load(path);
}

QJsonObject ConfigLoader::toJson(const Config &config)
{
    QJsonObject gateway { { u"host"_s, config.gateway.host }, { u"port"_s, config.gateway.port } };
    if (config.gateway.breakerFailures != GatewaySettings().breakerFailures
        || config.gateway.breakerCooldownMs != GatewaySettings().breakerCooldownMs)
        gateway.insert(u"breaker"_s,
                       QJsonObject { { u"failures"_s, config.gateway.breakerFailures },
                                     { u"cooldown_ms"_s, config.gateway.breakerCooldownMs } });
    if (config.gateway.healthCheckIntervalMs != GatewaySettings().healthCheckIntervalMs
        || config.gateway.healthCheckTimeoutMs != GatewaySettings().healthCheckTimeoutMs)
        gateway.insert(u"health_check"_s,
                       QJsonObject { { u"interval_ms"_s, config.gateway.healthCheckIntervalMs },
                                     { u"timeout_ms"_s, config.gateway.healthCheckTimeoutMs } });
    const HttpLimits defaults;
    const HttpLimits &l = config.gateway.limits;
    if (!(l == defaults)) {
        gateway.insert(u"limits"_s,
                       QJsonObject { { u"max_head_bytes"_s, l.maxHeadBytes },
                                     { u"max_body_bytes"_s, l.maxBodyBytes },
                                     { u"max_connections"_s, l.maxConnections },
                                     { u"head_timeout_ms"_s, l.headTimeoutMs },
                                     { u"body_timeout_ms"_s, l.bodyTimeoutMs },
                                     { u"idle_timeout_ms"_s, l.idleTimeoutMs },
                                     { u"shutdown_grace_ms"_s, l.shutdownGraceMs } });
    }
    if (!(config.gateway.cache == cache::CacheLimits {}))
        gateway.insert(u"cache"_s, cache::CacheConfig::toJson(config.gateway.cache));
    if (!(config.gateway.log == LogSettings {}))
        gateway.insert(u"log"_s,
                       QJsonObject { { u"enabled"_s, config.gateway.log.enabled },
                                     { u"retention_days"_s, config.gateway.log.retentionDays },
                                     { u"max_mb"_s, config.gateway.log.maxMb },
                                     { u"queue_capacity"_s, config.gateway.log.queueCapacity } });
    if (!(config.gateway.security == security::SecuritySettings {}))
        gateway.insert(u"security"_s, security::securitySettingsToJson(config.gateway.security));
    if (config.gateway.vramIntervalMs != GatewaySettings().vramIntervalMs)
        gateway.insert(u"telemetry"_s,
                       QJsonObject { { u"vram_interval_ms"_s, config.gateway.vramIntervalMs } });
    QJsonArray providers;
    for (const auto &p : config.providers) {
        QJsonObject o { { u"name"_s, p.name },
                        { u"kind"_s, providerKindName(p.kind) },
                        { u"base_url"_s, p.baseUrl.toString() } };
        if (!p.preset.isEmpty())
            o.insert(u"preset"_s, p.preset);
        if (p.apiKey)
            o.insert(u"api_key"_s,
                     QJsonObject {
                         { p.apiKey->source == SecretRef::Source::Env ? u"env"_s : u"keychain"_s,
                           p.apiKey->name } });
        if (p.discoverModels)
            o.insert(u"models"_s, u"discover"_s);
        else
            o.insert(u"models"_s, QJsonArray::fromStringList(p.models));
        if (!(p.timeouts == ProviderTimeouts {}))
            o.insert(u"timeouts"_s,
                     QJsonObject { { u"connect_ms"_s, p.timeouts.connectMs },
                                   { u"first_byte_ms"_s, p.timeouts.firstByteMs },
                                   { u"stream_idle_ms"_s, p.timeouts.streamIdleMs },
                                   { u"total_ms"_s, p.timeouts.totalMs } });
        if (p.local)
            o.insert(u"local"_s, *p.local);
        if (!p.modelInfo.isEmpty()) {
            QJsonObject info;
            for (auto it = p.modelInfo.begin(); it != p.modelInfo.end(); ++it) {
                QJsonObject m;
                if (it->inputPerMTok)
                    m.insert(u"input_per_mtok"_s, *it->inputPerMTok);
                if (it->outputPerMTok)
                    m.insert(u"output_per_mtok"_s, *it->outputPerMTok);
                if (it->cacheReadPerMTok)
                    m.insert(u"cache_read_per_mtok"_s, *it->cacheReadPerMTok);
                if (it->cacheWritePerMTok)
                    m.insert(u"cache_write_per_mtok"_s, *it->cacheWritePerMTok);
                if (it->contextLength)
                    m.insert(u"context_length"_s, *it->contextLength);
                if (!it->capabilities.isEmpty())
                    m.insert(u"capabilities"_s, QJsonArray::fromStringList(it->capabilities));
                info.insert(it.key(), m);
            }
            o.insert(u"model_info"_s, info);
        }
        const ProviderConfig unset;
        if (p.maxConcurrency != unset.maxConcurrency)
            o.insert(u"max_concurrency"_s, p.maxConcurrency);
        if (p.maxQueue != unset.maxQueue)
            o.insert(u"max_queue"_s, p.maxQueue);
        if (p.queueTimeoutMs != unset.queueTimeoutMs)
            o.insert(u"queue_timeout_ms"_s, p.queueTimeoutMs);
        providers.append(o);
    }
    QJsonObject root { { u"gateway"_s, gateway },
                       { u"providers"_s, providers },
                       { u"routes"_s, RouteConfigReader::routesToJson(config.routes) } };
    if (!config.rules.isEmpty())
        root.insert(u"rules"_s, RouteConfigReader::rulesToJson(config.rules));
    if (!config.budgets.isEmpty())
        root.insert(u"budgets"_s, config::budgetsToJson(config.budgets));
    if (!config.tokens.isEmpty())
        root.insert(u"tokens"_s, security::tokensToJson(config.tokens));
    return root;
}

QByteArray ConfigLoader::defaultConfigJson()
{
    return QJsonDocument(toJson(Config {})).toJson(QJsonDocument::Indented);
}

} // namespace switchyard::config
