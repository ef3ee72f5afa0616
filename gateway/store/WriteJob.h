#pragma once

#include "api/RequestRecord.h"
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
using WriteJob = std::variant<api::RequestRecord, CacheEntryRow, CacheRemoval>;

} // namespace switchyard::store
