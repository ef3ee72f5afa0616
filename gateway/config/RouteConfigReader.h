#pragma once

#include "config/Config.h"

#include <QJsonArray>
#include <QJsonObject>

namespace switchyard::base {
class ConfigValidator;
}

namespace switchyard::config {

/// Reads and writes the "routes" and "rules" sections of config.json.
class RouteConfigReader final
{
public:
    /// Reads "routes"; targets must name a configured provider and one of its models.
    static void readRoutes(base::ConfigValidator &v, const QJsonObject &root,
                           const QList<ProviderConfig> &providers, QList<RouteConfig> &routes);
    /// Reads "rules"; call after readRoutes, a rule must name an existing route.
    static void readRules(base::ConfigValidator &v, const QJsonObject &root,
                          const QList<RouteConfig> &routes, QList<RuleConfig> &rules);

    static QJsonArray routesToJson(const QList<RouteConfig> &routes);
    static QJsonArray rulesToJson(const QList<RuleConfig> &rules);
    /// A rule's "when" object, as config.json spells it; only the conditions that are set.
    static QJsonObject conditionToJson(const RuleCondition &when);
};

} // namespace switchyard::config
