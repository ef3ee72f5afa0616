#include "Usage.h"

#include "base/RequestRecord.h"

namespace switchyard::cost {

Usage Usage::fromRecord(const base::RequestRecord &record)
{
    Usage usage;
    usage.tokensIn = record.tokensIn;
    usage.tokensOut = record.tokensOut;
    usage.tokensCached = record.tokensCached;
    usage.tokensCacheWrite = record.tokensCacheWrite;
    usage.tokensReasoning = record.tokensReasoning;
    return usage;
}

} // namespace switchyard::cost
