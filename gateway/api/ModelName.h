#pragma once

#include "base/ApiError.h"

#include <QString>

#include <optional>

namespace switchyard::api {

/// The longest model name a client may send, in UTF-8 bytes. Real names are far shorter; a
/// longer one is refused before routing, so it never reaches the catalog's suggestions, the
/// health registry, metrics labels or response headers.
constexpr qsizetype kMaxModelNameBytes = 256;

/// 400 with `param: "model"` when \a model is longer than kMaxModelNameBytes.
std::optional<base::ApiError> checkModelName(const QString &model);

} // namespace switchyard::api
