#pragma once

#include <QList>
#include <QString>

#include <optional>

namespace switchyard::cost {

/// Where a model's price came from.
enum class PriceSource {
    Bundled, ///< the price table shipped with the gateway (LiteLLM's data)
    Override, ///< the user's model_info in the config
    Local, ///< a model running on this machine or the LAN: free
    Unknown,
};

/// Stable lower-case name of a source ("bundled", "override", "local", "unknown").
QString priceSourceName(PriceSource source);

/// Rates that replace the base rates once a request's prompt is larger than thresholdTokens
/// (long-context pricing). An unset rate keeps the base rate.
struct PriceTier
{
    qint64 thresholdTokens = 0;
    std::optional<double> input;
    std::optional<double> output;
    std::optional<double> cacheRead;
    std::optional<double> cacheWrite;

    friend bool operator==(const PriceTier &, const PriceTier &) = default;
};

/// The four per-token rates that apply to one request, all fallbacks resolved.
struct EffectiveRates
{
    double input = 0;
    double output = 0;
    double cacheRead = 0;
    double cacheWrite = 0;
};

/// Per-token USD rates of one model, with its limits and where they came from.
struct Price
{
    double input = 0;
    double output = 0;
    std::optional<double> cacheRead; ///< unset: cache reads are billed at the input rate
    std::optional<double> cacheWrite; ///< unset: cache writes are billed at the input rate
    QList<PriceTier> tiers; ///< ascending thresholds
    qint64 contextWindow = 0; ///< max input tokens; 0 = unknown
    qint64 maxOutput = 0; ///< 0 = unknown
    PriceSource source = PriceSource::Unknown;
    QString key; ///< the price-table entry it came from, if any

    /// The highest tier whose threshold \a promptTokens exceeds, or null.
    const PriceTier *tierFor(qint64 promptTokens) const;
    /// The rates for a request with \a promptTokens prompt tokens.
    EffectiveRates ratesFor(qint64 promptTokens) const;

    friend bool operator==(const Price &, const Price &) = default;
};

} // namespace switchyard::cost
