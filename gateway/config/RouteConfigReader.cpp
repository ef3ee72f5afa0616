#include "RouteConfigReader.h"

#include "base/ConfigValidator.h"
#include "cache/CacheConfig.h"
#include "config/ConfigLoader.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace switchyard::config {

namespace {

constexpr qint64 day = 24LL * 3600 * 1000;
constexpr qint64 maxWeight = 1'000'000;

bool hasControlCharacters(const QString &s)
{
    return std::any_of(s.begin(), s.end(),
                       [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
}

const QStringList &conditionKeys()
{
    static const QStringList keys { u"prompt_tokens_over"_s, u"has_images"_s,
                                    u"has_tools"_s,          u"model"_s,
                                    u"reasoning"_s,          u"header"_s,
                                    u"tool_named"_s,         u"last_user_matches"_s };
    return keys;
}

// Route names of every route in the file, so a target can be recognised as one even when
// the route it names comes later.
QStringList declaredRouteNames(const QJsonArray &routes)
{
    QStringList names;
    for (const QJsonValue &route : routes)
        names.append(route.toObject().value(u"model"_s).toString());
    return names;
}

void readTarget(base::ConfigValidator &v, const QJsonValue &value, const QString &path,
                const QList<ProviderConfig> &providers, const QStringList &routeNames,
                RouteConfig &route)
{
    RouteTarget target;
    QString id;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        v.rejectUnknownKeys(o, path, { u"target"_s, u"weight"_s });
        id = v.string(o, u"target"_s, path, true).value_or(QString());
        const QJsonValue weight = o.value(u"weight"_s);
        if (!weight.isUndefined()) {
            const double w = weight.toDouble(0);
            if (!weight.isDouble() || w < 1 || w > maxWeight || w != double(qint64(w)))
                v.fail(path + u".weight"_s,
                       u"must be a positive whole number (1 to %1)"_s.arg(maxWeight));
            else
                target.weight = int(w);
        }
        if (id.isEmpty())
            return;
    } else {
        id = value.toString();
    }
    const qsizetype slash = id.indexOf(u'/');
    const QString providerName = slash > 0 ? id.left(slash) : id;
    const auto provider = std::find_if(providers.begin(), providers.end(),
                                       [&](const auto &p) { return p.name == providerName; });
    // Routes do not chain: one level keeps decisions explainable and cycles impossible.
    if (provider == providers.end() && !providerName.isEmpty()
        && routeNames.contains(providerName)) {
        v.fail(path,
               u"'%1' names a route; routes cannot target other routes (list that route's "
               "targets here instead)"_s.arg(id));
        return;
    }
    if (id.isEmpty() || slash <= 0 || slash == id.size() - 1) {
        v.fail(path, u"must be \"provider/model\""_s);
        return;
    }
    const QString modelName = id.mid(slash + 1);
    if (provider == providers.end())
        v.fail(path, u"unknown provider '%1'"_s.arg(providerName));
    else if (!provider->discoverModels && !provider->models.contains(modelName))
        v.fail(path, u"provider '%1' does not list model '%2'"_s.arg(providerName, modelName));
    target.id = id;
    route.targets.append(id);
    route.targetList.append(target);
}

void readRetry(base::ConfigValidator &v, const QJsonObject &o, const QString &path,
               RetryConfig &retry)
{
    v.rejectUnknownKeys(o, path, { u"attempts"_s, u"backoff_ms"_s, u"on"_s });
    if (auto n = v.integer(o, u"attempts"_s, path, 1, 100))
        retry.attempts = int(*n);
    if (auto n = v.integer(o, u"backoff_ms"_s, path, 0, 60'000))
        retry.backoffMs = int(*n);
    const QJsonValue on = o.value(u"on"_s);
    if (on.isUndefined())
        return;
    if (!on.isArray()) {
        v.fail(path + u".on"_s,
               u"must be an array of failure kinds (%1)"_s.arg(
                   RetryConfig::knownFailureKinds().join(u", "_s)));
        return;
    }
    retry.on.clear();
    const QJsonArray list = on.toArray();
    for (qsizetype i = 0; i < list.size(); ++i) {
        const QString kind = list.at(i).toString();
        if (!RetryConfig::knownFailureKinds().contains(kind))
            v.fail(base::ConfigValidator::index(path + u".on"_s, i),
                   u"unknown failure kind '%1' (known: %2)"_s.arg(
                       list.at(i).isString() ? kind : u"(not a string)"_s,
                       RetryConfig::knownFailureKinds().join(u", "_s)));
        else if (!retry.on.contains(kind))
            retry.on.append(kind);
    }
}

void readRouteTimeouts(base::ConfigValidator &v, const QJsonObject &o, const QString &path,
                       RouteTimeouts &t)
{
    v.rejectUnknownKeys(o, path, { u"first_byte_ms"_s, u"total_ms"_s });
    if (auto n = v.integer(o, u"first_byte_ms"_s, path, 0, day))
        t.firstByteMs = int(*n);
    if (auto n = v.integer(o, u"total_ms"_s, path, 0, day))
        t.totalMs = int(*n);
}

void readHeaders(base::ConfigValidator &v, const QJsonObject &o, const QString &path,
                 RuleCondition &when)
{
    static const QRegularExpression token(u"^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"_s);
    if (o.isEmpty())
        v.fail(path, u"must name at least one header"_s);
    for (auto it = o.begin(); it != o.end(); ++it) {
        if (!token.match(it.key()).hasMatch())
            v.fail(base::ConfigValidator::join(path, it.key()), u"not a valid header name"_s);
        else if (!it.value().isString())
            v.fail(base::ConfigValidator::join(path, it.key()), u"the value must be a string"_s);
        else
            when.headers.append({ it.key().toLower(), it.value().toString() });
    }
}

void readCondition(base::ConfigValidator &v, const QJsonObject &o, const QString &path,
                   RuleCondition &when)
{
    v.rejectUnknownKeys(o, path, conditionKeys());
    if (o.isEmpty())
        v.fail(path, u"must name at least one condition (%1)"_s.arg(conditionKeys().join(u", "_s)));
    when.promptTokensOver = v.integer(o, u"prompt_tokens_over"_s, path, 0, 100'000'000);
    when.hasImages = v.boolean(o, u"has_images"_s, path);
    when.hasTools = v.boolean(o, u"has_tools"_s, path);
    when.reasoning = v.boolean(o, u"reasoning"_s, path);
    when.model = v.string(o, u"model"_s, path, false);
    when.toolNamed = v.string(o, u"tool_named"_s, path, false);
    if (auto headers = v.object(o, u"header"_s, path))
        readHeaders(v, *headers, path + u".header"_s, when);
    if (auto pattern = v.string(o, u"last_user_matches"_s, path, false)) {
        const QRegularExpression re(*pattern);
        if (!re.isValid())
            v.fail(path + u".last_user_matches"_s,
                   u"invalid regular expression: %1 at offset %2"_s.arg(re.errorString())
                       .arg(re.patternErrorOffset()));
        else
            when.lastUserMatches = *pattern;
    }
}

} // namespace

void RouteConfigReader::readRoutes(base::ConfigValidator &v, const QJsonObject &root,
                                   const QList<ProviderConfig> &providers,
                                   QList<RouteConfig> &routes)
{
    const QJsonValue value = root.value(u"routes"_s);
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        v.fail(u"routes"_s, u"must be an array"_s);
        return;
    }
    const QJsonArray array = value.toArray();
    const QStringList routeNames = declaredRouteNames(array);
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = base::ConfigValidator::index(u"routes"_s, i);
        if (!array.at(i).isObject()) {
            v.fail(path, u"must be an object"_s);
            continue;
        }
        const QJsonObject o = array.at(i).toObject();
        v.rejectUnknownKeys(o, path,
                            { u"model"_s, u"strategy"_s, u"targets"_s, u"retry"_s, u"timeouts"_s,
                              u"cache"_s, u"log_bodies"_s });
        RouteConfig r;
        if (auto model = v.string(o, u"model"_s, path, true)) {
            if (hasControlCharacters(*model))
                v.fail(path + u".model"_s, u"must not contain control characters"_s);
            for (const auto &other : std::as_const(routes)) {
                if (other.model == *model)
                    v.fail(path + u".model"_s, u"route '%1' is defined twice"_s.arg(*model));
            }
            r.model = *model;
        }
        r.strategy = v.string(o, u"strategy"_s, path, false).value_or(u"fallback"_s);
        if (!ConfigLoader::knownStrategies().contains(r.strategy))
            v.fail(path + u".strategy"_s,
                   u"unknown strategy '%1' (known: %2)"_s.arg(
                       r.strategy, ConfigLoader::knownStrategies().join(u", "_s)));
        const QJsonValue targets = o.value(u"targets"_s);
        if (!targets.isArray() || targets.toArray().isEmpty()) {
            v.fail(path + u".targets"_s, u"must be a non-empty array of \"provider/model\""_s);
        } else {
            const QJsonArray list = targets.toArray();
            for (qsizetype t = 0; t < list.size(); ++t)
                readTarget(v, list.at(t), base::ConfigValidator::index(path + u".targets"_s, t),
                           providers, routeNames, r);
        }
        if (auto retry = v.object(o, u"retry"_s, path))
            readRetry(v, *retry, path + u".retry"_s, r.retry);
        if (auto timeouts = v.object(o, u"timeouts"_s, path))
            readRouteTimeouts(v, *timeouts, path + u".timeouts"_s, r.timeouts);
        if (o.contains(u"cache"_s))
            r.cache
                = cache::CacheConfig::parseRouteCache(o.value(u"cache"_s), v, path + u".cache"_s);
        if (auto logBodies = v.boolean(o, u"log_bodies"_s, path))
            r.logBodies = *logBodies;
        routes.append(r);
    }
}

void RouteConfigReader::readRules(base::ConfigValidator &v, const QJsonObject &root,
                                  const QList<RouteConfig> &routes, QList<RuleConfig> &rules)
{
    const QJsonValue value = root.value(u"rules"_s);
    if (value.isUndefined())
        return;
    if (!value.isArray()) {
        v.fail(u"rules"_s, u"must be an array"_s);
        return;
    }
    const QJsonArray array = value.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString path = base::ConfigValidator::index(u"rules"_s, i);
        if (!array.at(i).isObject()) {
            v.fail(path, u"must be an object"_s);
            continue;
        }
        const QJsonObject o = array.at(i).toObject();
        v.rejectUnknownKeys(o, path, { u"when"_s, u"route"_s });
        RuleConfig rule;
        if (auto when = v.object(o, u"when"_s, path))
            readCondition(v, *when, path + u".when"_s, rule.when);
        else if (!o.contains(u"when"_s))
            v.fail(path + u".when"_s, u"missing (an object of conditions is required)"_s);
        if (auto route = v.string(o, u"route"_s, path, true)) {
            const bool exists = std::any_of(routes.begin(), routes.end(),
                                            [&](const auto &r) { return r.model == *route; });
            if (!exists) {
                QStringList names;
                for (const auto &r : routes)
                    names.append(r.model);
                v.fail(path + u".route"_s,
                       u"no route named '%1' (routes: %2)"_s.arg(
                           *route, names.isEmpty() ? u"none"_s : names.join(u", "_s)));
            }
            rule.route = *route;
        }
        rules.append(rule);
    }
}

QJsonArray RouteConfigReader::routesToJson(const QList<RouteConfig> &routes)
{
    QJsonArray array;
    for (const auto &r : routes) {
        QJsonArray targets;
        for (const auto &t : r.targetList) {
            if (t.weight == 1)
                targets.append(t.id);
            else
                targets.append(QJsonObject { { u"target"_s, t.id }, { u"weight"_s, t.weight } });
        }
        QJsonObject o { { u"model"_s, r.model },
                        { u"strategy"_s, r.strategy },
                        { u"targets"_s, targets } };
        if (!(r.retry == RetryConfig {})) {
            QJsonObject retry { { u"backoff_ms"_s, r.retry.backoffMs },
                                { u"on"_s, QJsonArray::fromStringList(r.retry.on) } };
            if (r.retry.attempts > 0)
                retry.insert(u"attempts"_s, r.retry.attempts);
            o.insert(u"retry"_s, retry);
        }
        if (!(r.timeouts == RouteTimeouts {}))
            o.insert(u"timeouts"_s,
                     QJsonObject { { u"first_byte_ms"_s, r.timeouts.firstByteMs },
                                   { u"total_ms"_s, r.timeouts.totalMs } });
        if (!(r.cache == cache::RouteCacheSettings {}))
            o.insert(u"cache"_s, cache::CacheConfig::toJson(r.cache));
        if (r.logBodies)
            o.insert(u"log_bodies"_s, true);
        array.append(o);
    }
    return array;
}

QJsonArray RouteConfigReader::rulesToJson(const QList<RuleConfig> &rules)
{
    QJsonArray array;
    for (const auto &rule : rules)
        array.append(
            QJsonObject { { u"when"_s, conditionToJson(rule.when) }, { u"route"_s, rule.route } });
    return array;
}

QJsonObject RouteConfigReader::conditionToJson(const RuleCondition &c)
{
    QJsonObject when;
    if (c.promptTokensOver)
        when.insert(u"prompt_tokens_over"_s, *c.promptTokensOver);
    if (c.hasImages)
        when.insert(u"has_images"_s, *c.hasImages);
    if (c.hasTools)
        when.insert(u"has_tools"_s, *c.hasTools);
    if (c.model)
        when.insert(u"model"_s, *c.model);
    if (c.reasoning)
        when.insert(u"reasoning"_s, *c.reasoning);
    if (!c.headers.isEmpty()) {
        QJsonObject headers;
        for (const auto &[name, value] : c.headers)
            headers.insert(name, value);
        when.insert(u"header"_s, headers);
    }
    if (c.toolNamed)
        when.insert(u"tool_named"_s, *c.toolNamed);
    if (c.lastUserMatches)
        when.insert(u"last_user_matches"_s, *c.lastUserMatches);
    return when;
}

} // namespace switchyard::config
