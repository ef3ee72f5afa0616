#pragma once

#include "config/Config.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace switchyard::admin {

/// One model id a client can ask the gateway for.
struct ClientModel
{
    enum class Kind {
        Route, ///< a route alias; targets lists where it goes
        ProviderWildcard, ///< "provider/*": the provider's models are discovered at run time
        ProviderModel, ///< "provider/model", listed in the config
    };

    Kind kind = Kind::Route;
    QString id {}; ///< what the client sends as "model"
    QStringList targets {}; ///< Route: "provider/model" ids, in the route's order
    QString provider {}; ///< Provider*: the provider's name
    QString model {}; ///< ProviderModel: the model's name at the provider
    config::ModelInfo info {}; ///< ProviderModel: context length and prices where known
};

/// Every model clients can ask for: routes first, then each provider's models (a wildcard for
/// a provider that discovers them), in config order.
QList<ClientModel> clientModels(const config::Config &config);

} // namespace switchyard::admin
