#pragma once

#include "config/ProviderKind.h"
#include "providers/ProviderAdapter.h"

namespace switchyard::providers {

/// The adapter for providers of \a kind (one shared, stateless instance per kind).
const ProviderAdapter &adapterFor(config::ProviderKind kind);

} // namespace switchyard::providers
