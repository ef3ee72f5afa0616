#pragma once

#include "base/ApiError.h"
#include "config/Config.h"

#include <QHash>
#include <QList>
#include <QString>

#include <optional>
#include <variant>

namespace switchyard::providers {

/// One place a request can go: a provider and the model name it knows.
struct Target
{
    const config::ProviderConfig *provider = nullptr;
    QString model;

    QString id() const { return provider->name + u'/' + model; }
};

/// The outcome of resolving a requested model name.
struct Resolution
{
    QString requested; ///< what the client sent
    QString route; ///< route name, empty for a direct provider model
    QString strategy; ///< the route's strategy ("fallback" for direct models)
    QList<Target> targets; ///< attempt order
    bool isAlias() const { return !route.isEmpty(); }
};

/// A model as /v1/models lists it.
struct ModelEntry
{
    QString id;
    QString ownedBy;
    std::optional<qint64> contextLength; ///< from model_info, when configured
    bool local = false;
    QStringList capabilities; ///< from model_info or the provider, when known
};

/// Maps requested model names to targets: route names, "provider/model", or a bare model
/// that exactly one provider lists. Holds pointers into the Config it was built from.
class ModelCatalog final
{
public:
    explicit ModelCatalog(const config::Config &config);

    std::variant<Resolution, base::ApiError> resolve(const QString &model) const;
    QList<ModelEntry> list() const;
    /// Up to three known ids close to \a model (typos, missing prefixes).
    QStringList closeMatches(const QString &model) const;

    /// Models a `"models": "discover"` provider reported; empty when it is down (its models
    /// are then left out of the list).
    void setDiscovered(const QString &provider, const QStringList &models);
    QStringList discovered(const QString &provider) const { return m_discovered.value(provider); }

private:
    const config::Config &m_config;
    QHash<QString, QStringList> m_discovered;
};

} // namespace switchyard::providers
