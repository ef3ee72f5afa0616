#pragma once

#include "config/Config.h"
#include "cost/Price.h"
#include "cost/Usage.h"

namespace switchyard::base {
struct RequestRecord;
}

namespace switchyard::cost {

class PriceTable;

/// Turns token counts into US dollars.
class CostCalculator final
{
public:
    /// USD for \a usage at \a price: uncached prompt tokens at the input rate, cache reads and
    /// cache writes at their rates (the input rate when the model has none), completion tokens
    /// (reasoning included, counted once) at the output rate; a long-context tier applies to
    /// the whole request once tokensIn exceeds its threshold.
    static double compute(const Price &price, const Usage &usage);

    /// Fills record.costUsd, costKnown and priceVersion for the provider that answered
    /// (record.provider / record.model). Cache hits cost 0; a local model costs 0 even when
    /// the upstream reported no usage; otherwise an unknown price or unknown usage leaves
    /// costKnown false.
    static void apply(base::RequestRecord &record, const PriceTable &table,
                      const config::ProviderConfig &provider);
    /// The same, finding record.provider in \a config (unknown cost if it is not there).
    static void apply(base::RequestRecord &record, const PriceTable &table,
                      const config::Config &config);
};

} // namespace switchyard::cost
