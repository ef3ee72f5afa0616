#include "Price.h"

using namespace Qt::StringLiterals;

namespace switchyard::cost {

QString priceSourceName(PriceSource source)
{
    switch (source) {
    case PriceSource::Bundled:
        return u"bundled"_s;
    case PriceSource::Override:
        return u"override"_s;
    case PriceSource::Local:
        return u"local"_s;
    case PriceSource::Unknown:
        break;
    }
    return u"unknown"_s;
}

const PriceTier *Price::tierFor(qint64 promptTokens) const
{
    const PriceTier *best = nullptr;
    for (const PriceTier &tier : tiers) {
        if (promptTokens > tier.thresholdTokens
            && (!best || tier.thresholdTokens > best->thresholdTokens))
            best = &tier;
    }
    return best;
}

EffectiveRates Price::ratesFor(qint64 promptTokens) const
{
    EffectiveRates rates;
    rates.input = input;
    rates.output = output;
    std::optional<double> read = cacheRead;
    std::optional<double> write = cacheWrite;
    // Anthropic and Gemini bill the whole request at the long-context rates once the prompt
    // crosses the threshold, not just the tokens above it.
    if (const PriceTier *tier = tierFor(promptTokens)) {
        rates.input = tier->input.value_or(input);
        rates.output = tier->output.value_or(output);
        if (tier->cacheRead)
            read = tier->cacheRead;
        if (tier->cacheWrite)
            write = tier->cacheWrite;
    }
    rates.cacheRead = read.value_or(rates.input);
    rates.cacheWrite = write.value_or(rates.input);
    return rates;
}

} // namespace switchyard::cost
