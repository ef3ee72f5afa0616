#include "ModelName.h"

using namespace Qt::StringLiterals;

namespace switchyard::api {

std::optional<base::ApiError> checkModelName(const QString &model)
{
    // Every UTF-16 unit is at least one UTF-8 byte: only short names need the exact count.
    const qsizetype bytes
        = model.size() > kMaxModelNameBytes ? model.size() : model.toUtf8().size();
    if (bytes <= kMaxModelNameBytes)
        return std::nullopt;
    return base::ApiError::invalidRequest(
        u"Invalid 'model': a model name has at most %1 bytes; this one has %2 or more."_s
            .arg(kMaxModelNameBytes)
            .arg(bytes),
        u"model"_s, u"invalid_value"_s);
}

} // namespace switchyard::api
