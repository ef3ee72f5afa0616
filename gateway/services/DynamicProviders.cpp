#include "DynamicProviders.h"

#include "config/ConfigLoader.h"
#include "routing/Clock.h"
#include "routing/HealthRegistry.h"
#include "routing/RoutingEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcDynamic, "switchyard.providers.dynamic")

namespace switchyard::services {

DynamicProviders::DynamicProviders(config::Config &config, routing::RoutingEngine &engine,
                                   std::function<void()> configChanged, QObject *parent)
    : QObject(parent), m_config(config), m_engine(engine), m_configChanged(std::move(configChanged))
{
    m_sweep.setInterval(250);
    connect(&m_sweep, &QTimer::timeout, this, &DynamicProviders::sweep);
}

bool DynamicProviders::isStale(const QString &provider) const
{
    return m_stale.value(provider, false);
}

std::variant<DynamicProviders::Registered, base::ApiError>
DynamicProviders::registerProvider(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return base::ApiError::invalidRequest(
            u"The body must be a JSON object like {\"name\": \"gpu-box\", \"kind\": \"openai\", \"base_url\": \"http://192.168.1.20:8000/v1\", \"models\": [\"qwen\"], \"ttl_s\": 30}."_s);
    QJsonObject provider = doc.object();
    const QJsonValue ttlValue = provider.take(u"ttl_s"_s);
    int ttlS = 30;
    if (!ttlValue.isUndefined()) {
        if (!ttlValue.isDouble() || ttlValue.toDouble() < 1 || ttlValue.toDouble() > 86400)
            return base::ApiError::invalidRequest(
                u"'ttl_s' must be a number of seconds from 1 to 86400."_s, u"ttl_s"_s);
        ttlS = ttlValue.toInt();
    }
    if (provider.contains(u"api_key"_s))
        return base::ApiError::invalidRequest(
            u"A registration must not carry an API key; configure keyed providers in config.json."_s,
            u"api_key"_s);
    const QString name = provider.value(u"name"_s).toString();
    const bool known = m_config.provider(name) != nullptr;
    if (known && !m_expiresAtMs.contains(name))
        return base::ApiError {
            409, u"invalid_request_error"_s,
            u"'%1' is a provider from the config file and cannot be registered over HTTP."_s.arg(
                name),
            u"name"_s, u"provider_exists"_s
        };

    // Validate exactly as the config file would be: the live config plus this provider.
    QJsonObject root = config::ConfigLoader::toJson(m_config);
    QJsonArray providers = root.value(u"providers"_s).toArray();
    for (qsizetype i = 0; i < providers.size(); ++i) {
        if (providers.at(i)[u"name"_s].toString() == name)
            providers.removeAt(i--);
    }
    providers.append(provider);
    root.insert(u"providers"_s, providers);
    auto parsed = config::ConfigLoader::parse(QJsonDocument(root).toJson(QJsonDocument::Compact));
    if (!parsed) {
        QString message = parsed.error().message;
        message.replace(u"providers[%1]"_s.arg(providers.size() - 1), u"registration"_s);
        return base::ApiError::invalidRequest(message, {}, u"invalid_provider"_s);
    }
    const config::ProviderConfig *validated = parsed->provider(name);
    bool replaced = false;
    for (auto &existing : m_config.providers) {
        if (existing.name == name) {
            existing = *validated;
            replaced = true;
        }
    }
    if (!replaced)
        m_config.providers.append(*validated);

    m_expiresAtMs.insert(name, m_engine.clock().nowMs() + qint64(ttlS) * 1000);
    if (m_stale.value(name, false))
        qCInfo(lcDynamic).noquote() << "provider" << name << "is back (heartbeat resumed)";
    m_stale.insert(name, false);
    m_configChanged();
    m_engine.health().setProviderStale(name, false);
    if (!m_sweep.isActive())
        m_sweep.start();
    if (!known)
        qCInfo(lcDynamic).noquote() << "registered provider" << name << "at"
                                    << validated->baseUrl.toString() << "ttl" << ttlS << "s";
    return Registered { name, !known, ttlS };
}

void DynamicProviders::sweep()
{
    const qint64 now = m_engine.clock().nowMs();
    for (auto it = m_expiresAtMs.cbegin(); it != m_expiresAtMs.cend(); ++it) {
        const bool expired = now >= it.value();
        if (expired && !m_stale.value(it.key(), false)) {
            qCWarning(lcDynamic).noquote()
                << "provider" << it.key() << "missed its heartbeat; marked stale";
            m_stale.insert(it.key(), true);
            m_engine.health().setProviderStale(it.key(), true);
        }
    }
}

} // namespace switchyard::services
