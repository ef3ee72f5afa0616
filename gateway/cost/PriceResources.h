#pragma once

#include <QString>

namespace switchyard::cost {

/// Registers the bundled price resources (safe to call often, from any thread). A static
/// library's resources are not registered until something references them, so everything that
/// opens the paths below calls this first.
void ensurePriceResources();

/// Qt resource path of the bundled price table.
QString bundledPricesPath();
/// Qt resource path of the LiteLLM licence that ships with the table.
QString bundledPricesLicensePath();

} // namespace switchyard::cost
