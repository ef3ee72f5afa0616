#pragma once

#include "base/HeaderList.h"

namespace switchyard::cache {

/// The per-request decision whether the client lets the cache answer.
class CachePolicy final
{
public:
    /// True when the client asked for a fresh answer: Cache-Control no-cache or no-store (any
    /// position, any case, every Cache-Control header) or Pragma: no-cache. Then the cache is
    /// neither read nor written for the request.
    static bool bypass(const base::HeaderList &headers);
};

} // namespace switchyard::cache
