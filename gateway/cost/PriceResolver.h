#pragma once

#include "config/Config.h"
#include "cost/Price.h"

#include <QString>

#include <optional>

namespace switchyard::cost {

class PriceTable;

/// Decides the price of a provider's model: the user's model_info override first, then (for a
/// local provider) zero, then the bundled table; nothing when no price is known.
class PriceResolver final
{
public:
    /// \a table must outlive the resolver.
    explicit PriceResolver(const PriceTable &table);

    std::optional<Price> resolve(const config::ProviderConfig &provider,
                                 const QString &model) const;
    /// What RequestRecord::priceVersion records for \a price: the table version for bundled
    /// prices, "config" for overrides, "local" for local models.
    QString versionFor(const Price &price) const;

private:
    const PriceTable *m_table;
};

} // namespace switchyard::cost
