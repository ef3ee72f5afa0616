#pragma once

#include <QtGlobal>

namespace switchyard::base {
struct RequestRecord;
}

namespace switchyard::cost {

/// Token counts of one request, in api::RequestRecord's convention: tokensIn counts every
/// prompt token (cache reads and cache writes included), tokensOut every completion token
/// (reasoning included).
struct Usage
{
    qint64 tokensIn = 0;
    qint64 tokensOut = 0;
    qint64 tokensCached = 0; ///< prompt tokens read from the provider's cache; part of tokensIn
    qint64 tokensCacheWrite = 0; ///< prompt tokens written to the cache; part of tokensIn
    qint64 tokensReasoning = 0; ///< part of tokensOut; informational only

    static Usage fromRecord(const base::RequestRecord &record);
};

} // namespace switchyard::cost
