#include "PriceResources.h"

#include <QtGlobal>

#include <mutex>

using namespace Qt::StringLiterals;

// Q_INIT_RESOURCE declares a function at global scope, so it must not be used inside a namespace.
static void initSwitchyardPricesResource()
{
    Q_INIT_RESOURCE(switchyard_prices);
}

namespace switchyard::cost {

void ensurePriceResources()
{
    static std::once_flag once;
    std::call_once(once, [] { initSwitchyardPricesResource(); });
}

QString bundledPricesPath()
{
    return u":/switchyard/prices/prices.json"_s;
}

QString bundledPricesLicensePath()
{
    return u":/switchyard/prices/LICENSE-litellm.txt"_s;
}

} // namespace switchyard::cost
