#include "ClientModels.h"

using namespace Qt::StringLiterals;

namespace switchyard::admin {

QList<ClientModel> clientModels(const config::Config &config)
{
    QList<ClientModel> models;
    for (const config::RouteConfig &r : config.routes) {
        ClientModel route;
        route.kind = ClientModel::Kind::Route;
        route.id = r.model;
        route.targets = r.targets;
        models.append(route);
    }
    for (const config::ProviderConfig &p : config.providers) {
        if (p.discoverModels) {
            ClientModel wildcard;
            wildcard.kind = ClientModel::Kind::ProviderWildcard;
            wildcard.id = p.name + u"/*"_s;
            wildcard.provider = p.name;
            models.append(wildcard);
        }
        for (const QString &name : p.models) {
            ClientModel model;
            model.kind = ClientModel::Kind::ProviderModel;
            model.id = p.name + u'/' + name;
            model.provider = p.name;
            model.model = name;
            model.info = p.info(name);
            models.append(model);
        }
    }
    return models;
}

} // namespace switchyard::admin
