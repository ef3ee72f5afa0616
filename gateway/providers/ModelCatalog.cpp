#include "ModelCatalog.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::providers {

namespace {

constexpr qsizetype kMaxSuggestedNameLength = 256;
constexpr qsizetype kMaxSuggestionCandidates = 5000;

int editDistance(const QString &a, const QString &b)
{
    QList<int> previous(b.size() + 1), current(b.size() + 1);
    for (qsizetype j = 0; j <= b.size(); ++j)
        previous[j] = int(j);
    for (qsizetype i = 1; i <= a.size(); ++i) {
        current[0] = int(i);
        for (qsizetype j = 1; j <= b.size(); ++j) {
            const int cost = a[i - 1].toLower() == b[j - 1].toLower() ? 0 : 1;
            current[j] = std::min({ previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost });
        }
        std::swap(previous, current);
    }
    return previous[b.size()];
}

base::ApiError modelNotFound(const QString &message)
{
    return base::ApiError::notFound(message, u"model_not_found"_s);
}

} // namespace

ModelCatalog::ModelCatalog(const config::Config &config) : m_config(config) { }

std::variant<Resolution, base::ApiError> ModelCatalog::resolve(const QString &model) const
{
    Resolution resolution;
    resolution.requested = model;
    resolution.strategy = u"fallback"_s;

    if (const config::RouteConfig *route = m_config.route(model)) {
        resolution.route = route->model;
        resolution.strategy = route->strategy;
        for (const QString &target : route->targets) {
            const qsizetype slash = target.indexOf(u'/');
            resolution.targets.append(
                { m_config.provider(target.left(slash)), target.mid(slash + 1) });
        }
        return resolution;
    }

    // "provider/model": model names may contain '/' themselves (OpenRouter), so only the
    // part before the first '/' can name a provider.
    const qsizetype slash = model.indexOf(u'/');
    if (slash > 0) {
        if (const config::ProviderConfig *provider = m_config.provider(model.left(slash))) {
            const QString upstreamModel = model.mid(slash + 1);
            if (provider->discoverModels || provider->models.contains(upstreamModel)) {
                resolution.targets.append({ provider, upstreamModel });
                return resolution;
            }
            return modelNotFound(u"The model '%1' does not exist: provider '%2' serves %3."_s.arg(
                model, provider->name,
                provider->models.isEmpty() ? u"no models"_s : provider->models.join(u", "_s)));
        }
    }

    QList<const config::ProviderConfig *> owners;
    for (const auto &provider : m_config.providers) {
        if (provider.models.contains(model)
            || (provider.discoverModels && m_discovered.value(provider.name).contains(model)))
            owners.append(&provider);
    }
    if (owners.size() == 1) {
        resolution.targets.append({ owners.first(), model });
        return resolution;
    }
    if (owners.size() > 1) {
        QStringList choices;
        for (const auto *provider : owners)
            choices.append(provider->name + u'/' + model);
        return base::ApiError::invalidRequest(
            u"The model '%1' is offered by several providers; name one: %2 (or define a route)."_s
                .arg(model, choices.join(u", "_s)),
            u"model"_s, u"ambiguous_model"_s);
    }

    QString message
        = u"The model '%1' does not exist or is not configured in Switchyard."_s.arg(model);
    const QStringList suggestions = closeMatches(model);
    if (!suggestions.isEmpty())
        message += u" Did you mean %1?"_s.arg(suggestions.join(u", "_s));
    else if (m_config.providers.isEmpty())
        message += u" No providers are configured yet; add one to config.json."_s;
    return modelNotFound(message);
}

QList<ModelEntry> ModelCatalog::list() const
{
    QList<ModelEntry> entries;
    for (const auto &route : m_config.routes)
        entries.append({ route.model, u"switchyard"_s, std::nullopt, false, {} });
    for (const auto &provider : m_config.providers) {
        const QStringList models
            = provider.discoverModels ? m_discovered.value(provider.name) : provider.models;
        for (const auto &model : models)
            entries.append({ provider.name + u'/' + model, provider.name,
                             provider.info(model).contextLength, provider.isLocal(),
                             provider.info(model).capabilities });
    }
    return entries;
}

void ModelCatalog::setDiscovered(const QString &provider, const QStringList &models)
{
    QStringList unique;
    for (const QString &m : models) {
        if (!m.isEmpty() && !unique.contains(m))
            unique.append(m);
    }
    m_discovered.insert(provider, unique);
}

QStringList ModelCatalog::closeMatches(const QString &model) const
{
    struct Candidate
    {
        QString id;
        int score;
    };
    QList<Candidate> candidates;
    // Edit distance costs length × length per entry: only names a person could have meant get
    // suggestions, and only so many entries are compared.
    if (model.size() > kMaxSuggestedNameLength)
        return {};
    const QString lower = model.toLower();
    const QList<ModelEntry> entries = list();
    for (const ModelEntry &entry :
         entries.first(std::min(entries.size(), kMaxSuggestionCandidates))) {
        const QString bare = entry.id.section(u'/', 1);
        const int distance = std::min(editDistance(model, entry.id),
                                      bare.isEmpty() ? INT_MAX : editDistance(model, bare));
        const bool contains = entry.id.toLower().contains(lower) || lower.contains(bare.toLower());
        const int limit = std::max(2, int(model.size()) / 3);
        if (distance <= limit || (contains && !bare.isEmpty()) || (contains && model.size() >= 3))
            candidates.append({ entry.id, contains ? std::min(distance, 1) : distance });
    }
    std::stable_sort(candidates.begin(), candidates.end(),
                     [](const Candidate &a, const Candidate &b) { return a.score < b.score; });
    QStringList result;
    for (const auto &c : candidates) {
        if (result.size() == 3)
            break;
        result.append(c.id);
    }
    return result;
}

} // namespace switchyard::providers
