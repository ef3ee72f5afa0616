#pragma once

#include <QString>

namespace switchyard::store {

/// Where a price came from; an override wins over the bundled table for the same model.
enum class PriceSource { Bundled, Override };

/// One row of the prices table. Prices are USD per single token.
struct PriceRow
{
    QString model {};
    double inputPerToken = 0;
    double outputPerToken = 0;
    double cacheReadPerToken = 0;
    double cacheWritePerToken = 0;
    qint64 contextWindow = 0; ///< tokens; 0 = unknown
    PriceSource source = PriceSource::Bundled;
    QString version {}; ///< the price table's version

    friend bool operator==(const PriceRow &, const PriceRow &) = default;
};

} // namespace switchyard::store
