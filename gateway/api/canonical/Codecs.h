#pragma once

#include "api/canonical/Codec.h"
#include "base/WireFormat.h"

namespace switchyard::api::canonical {

/// The codec for \a format, or nullptr for formats that are never translated
/// (completions, embeddings).
const Codec *codecFor(base::WireFormat format);

} // namespace switchyard::api::canonical
