#include "CostCalculator.h"

#include "base/RequestRecord.h"
#include "cost/PriceResolver.h"
#include "cost/PriceTable.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace switchyard::cost {

double CostCalculator::compute(const Price &price, const Usage &usage)
{
    const qint64 in = std::max<qint64>(usage.tokensIn, 0);
    const qint64 cached = std::clamp<qint64>(usage.tokensCached, 0, in);
    const qint64 written = std::clamp<qint64>(usage.tokensCacheWrite, 0, in - cached);
    const qint64 uncached = in - cached - written;
    const qint64 out = std::max<qint64>(usage.tokensOut, 0);

    const EffectiveRates rates = price.ratesFor(in);
    return static_cast<double>(uncached) * rates.input
        + static_cast<double>(cached) * rates.cacheRead
        + static_cast<double>(written) * rates.cacheWrite + static_cast<double>(out) * rates.output;
}

void CostCalculator::apply(base::RequestRecord &record, const PriceTable &table,
                           const config::ProviderConfig &provider)
{
    record.costUsd = 0;
    record.costKnown = false;
    record.priceVersion.clear();
    if (record.cacheHit) {
        record.costKnown = true;
        record.priceVersion = u"cache"_s;
        return;
    }
    const PriceResolver resolver(table);
    const std::optional<Price> price = resolver.resolve(provider, record.model);
    if (!price)
        return;
    if (price->source == PriceSource::Local) {
        record.costKnown = true;
        record.priceVersion = resolver.versionFor(*price);
        return;
    }
    if (!record.usageKnown)
        return;
    record.costUsd = compute(*price, Usage::fromRecord(record));
    record.costKnown = true;
    record.priceVersion = resolver.versionFor(*price);
}

void CostCalculator::apply(base::RequestRecord &record, const PriceTable &table,
                           const config::Config &config)
{
    if (const config::ProviderConfig *provider = config.provider(record.provider)) {
        apply(record, table, *provider);
        return;
    }
    record.costUsd = 0;
    record.costKnown = record.cacheHit;
    record.priceVersion = record.cacheHit ? u"cache"_s : QString();
}

} // namespace switchyard::cost
