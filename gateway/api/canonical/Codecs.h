#pragma once

#include "api/WireFormat.h"
#include "api/canonical/Codec.h"

namespace switchyard::api::canonical {

/// The codec for \a format, or nullptr for formats that are never translated
/// (completions, embeddings).
const Codec *codecFor(WireFormat format);

} // namespace switchyard::api::canonical
