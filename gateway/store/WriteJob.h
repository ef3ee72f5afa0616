#pragma once

#include "base/RequestRecord.h"
#include "store/CacheEntryRow.h"

#include <QString>

#include <variant>

namespace switchyard::store {

/// A cache entry to delete, queued behind earlier writes of the same key.
struct CacheRemoval
{
    QString key {};
};

/// One unit of work for the writer thread, in enqueue order.
using WriteJob = std::variant<base::RequestRecord, CacheEntryRow, CacheRemoval>;

} // namespace switchyard::store
