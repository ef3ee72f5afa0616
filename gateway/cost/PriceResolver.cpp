#include "PriceResolver.h"

#include "cost/PriceTable.h"

using namespace Qt::StringLiterals;

namespace switchyard::cost {

namespace {
constexpr double perToken = 1.0 / 1'000'000.0;
}

PriceResolver::PriceResolver(const PriceTable &table) : m_table(&table) { }

std::optional<Price> PriceResolver::resolve(const config::ProviderConfig &provider,
                                            const QString &model) const
{
    const bool local = provider.isLocal();
    // Deliberately not ProviderConfig::info(): that fills a local model's unknown price with
    // 0, which would hide the difference between "the user said" and "we assume".
    const config::ModelInfo written = provider.modelInfo.value(model);

    std::optional<Price> table;
    if (!local)
        table = m_table->find(provider.kind, provider.preset, model);

    if (written.inputPerMTok || written.outputPerMTok) {
        Price price;
        price.source = PriceSource::Override;
        price.key = model;
        // A rate the user left out comes from the table (or is 0 when there is none).
        price.input = written.inputPerMTok ? *written.inputPerMTok * perToken
                                           : (table ? table->input : 0.0);
        price.output = written.outputPerMTok ? *written.outputPerMTok * perToken
                                             : (table ? table->output : 0.0);
        // Cache rates only from the user too (unset: the input rate), and no long-context
        // tiers: mixing the user's base rate with the table's cache rates could be wildly off.
        if (written.cacheReadPerMTok)
            price.cacheRead = *written.cacheReadPerMTok * perToken;
        if (written.cacheWritePerMTok)
            price.cacheWrite = *written.cacheWritePerMTok * perToken;
        price.contextWindow = written.contextLength.value_or(table ? table->contextWindow : 0);
        price.maxOutput = table ? table->maxOutput : 0;
        return price;
    }

    if (local) {
        Price price;
        price.source = PriceSource::Local;
        price.key = model;
        price.contextWindow = written.contextLength.value_or(0);
        return price;
    }

    if (table && written.contextLength)
        table->contextWindow = *written.contextLength;
    return table;
}

QString PriceResolver::versionFor(const Price &price) const
{
    switch (price.source) {
    case PriceSource::Bundled:
        return m_table->version();
    case PriceSource::Override:
        return u"config"_s;
    case PriceSource::Local:
        return u"local"_s;
    case PriceSource::Unknown:
        break;
    }
    return {};
}

} // namespace switchyard::cost
