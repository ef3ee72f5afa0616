#include "CatalogCommands.h"

#include "admin/ClientModels.h"
#include "cli/TextTable.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace switchyard::cli {

namespace {

QString targetsText(const config::RouteConfig &route)
{
    QStringList parts;
    for (const config::RouteTarget &t : route.targetList)
        parts.append(route.strategy == u"weighted"_s || t.weight != 1
                         ? u"%1 (w=%2)"_s.arg(t.id).arg(t.weight)
                         : t.id);
    return parts.join(u", "_s);
}

QString retryText(const config::RetryConfig &retry)
{
    if (retry == config::RetryConfig {})
        return u"default"_s;
    QString text = retry.attempts > 0 ? u"%1 attempts"_s.arg(retry.attempts) : u"1 per target"_s;
    if (retry.backoffMs > 0)
        text += u", backoff %1 ms"_s.arg(retry.backoffMs);
    if (retry.on != config::RetryConfig::knownFailureKinds())
        text += u", on "_s + retry.on.join(u'/');
    return text;
}

QString price(const std::optional<double> &perMTok)
{
    return perMTok ? u"$"_s + QString::number(*perMTok, 'f', 2) : u"-"_s;
}

QJsonValue optionalJson(const std::optional<double> &v)
{
    return v ? QJsonValue(*v) : QJsonValue();
}

} // namespace

AdminOutcome CatalogCommands::routes(const config::Config &config, bool json)
{
    AdminOutcome outcome;
    if (json) {
        QJsonArray array;
        for (const config::RouteConfig &r : config.routes) {
            QJsonArray targets;
            for (const config::RouteTarget &t : r.targetList)
                targets.append(QJsonObject { { u"target"_s, t.id }, { u"weight"_s, t.weight } });
            array.append(QJsonObject {
                { u"model"_s, r.model },
                { u"strategy"_s, r.strategy },
                { u"targets"_s, targets },
                { u"retry"_s,
                  QJsonObject { { u"attempts"_s, r.retry.attempts },
                                { u"backoff_ms"_s, r.retry.backoffMs },
                                { u"on"_s, QJsonArray::fromStringList(r.retry.on) } } },
                { u"cache"_s,
                  QJsonObject { { u"enabled"_s, r.cache.enabled },
                                { u"ttl_s"_s, r.cache.ttlSeconds } } },
                { u"log_bodies"_s, r.logBodies },
            });
        }
        outcome.out = QJsonDocument(array).toJson(QJsonDocument::Indented);
        return outcome;
    }
    TextTable table(
        { u"ROUTE"_s, u"STRATEGY"_s, u"RETRY"_s, u"CACHE"_s, u"LOG BODIES"_s, u"TARGETS"_s });
    for (const config::RouteConfig &r : config.routes)
        table.addRow({ r.model, r.strategy, retryText(r.retry),
                       r.cache.enabled ? u"on, ttl %1 s"_s.arg(r.cache.ttlSeconds) : u"off"_s,
                       r.logBodies ? u"yes"_s : u"no"_s, targetsText(r) });
    outcome.out = table.render();
    if (config.routes.isEmpty())
        outcome.out += "(no routes: clients ask for provider/model ids)\n";
    return outcome;
}

AdminOutcome CatalogCommands::models(const config::Config &config, bool json)
{
    using Align = TextTable::Align;
    TextTable table(
        { u"MODEL"_s, u"TYPE"_s, u"CONTEXT"_s, u"IN /1M"_s, u"OUT /1M"_s, u"SERVED BY"_s },
        { Align::Left, Align::Left, Align::Right, Align::Right, Align::Right, Align::Left });
    QJsonArray array;
    for (const admin::ClientModel &m : admin::clientModels(config)) {
        switch (m.kind) {
        case admin::ClientModel::Kind::Route:
            table.addRow({ m.id, u"route"_s, u"-"_s, u"-"_s, u"-"_s, m.targets.join(u", "_s) });
            array.append(QJsonObject { { u"id"_s, m.id },
                                       { u"type"_s, u"route"_s },
                                       { u"targets"_s, QJsonArray::fromStringList(m.targets) } });
            break;
        case admin::ClientModel::Kind::ProviderWildcard:
            table.addRow({ m.id, u"provider"_s, u"-"_s, u"-"_s, u"-"_s,
                           QString(m.provider + u" (models discovered at run time)"_s) });
            array.append(QJsonObject { { u"id"_s, m.id },
                                       { u"type"_s, u"provider"_s },
                                       { u"provider"_s, m.provider },
                                       { u"discover"_s, true } });
            break;
        case admin::ClientModel::Kind::ProviderModel:
            table.addRow({ m.id, u"provider"_s,
                           m.info.contextLength ? QString::number(*m.info.contextLength) : u"-"_s,
                           price(m.info.inputPerMTok), price(m.info.outputPerMTok), m.provider });
            array.append(QJsonObject {
                { u"id"_s, m.id },
                { u"type"_s, u"provider"_s },
                { u"provider"_s, m.provider },
                { u"model"_s, m.model },
                { u"context_length"_s,
                  m.info.contextLength ? QJsonValue(double(*m.info.contextLength)) : QJsonValue() },
                { u"input_per_mtok"_s, optionalJson(m.info.inputPerMTok) },
                { u"output_per_mtok"_s, optionalJson(m.info.outputPerMTok) },
            });
            break;
        }
    }
    AdminOutcome outcome;
    outcome.out = json ? QJsonDocument(array).toJson(QJsonDocument::Indented) : table.render();
    return outcome;
}

} // namespace switchyard::cli
