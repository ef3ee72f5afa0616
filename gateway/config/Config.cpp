#include "Config.h"

namespace switchyard::config {

const ProviderConfig *Config::provider(const QString &name) const
{
    for (const auto &p : providers) {
        if (p.name == name)
            return &p;
    }
    return nullptr;
}

const RouteConfig *Config::route(const QString &model) const
{
    for (const auto &r : routes) {
        if (r.model == model)
            return &r;
    }
    return nullptr;
}

} // namespace switchyard::config
