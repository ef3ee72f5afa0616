#pragma once

#include "base/ApiError.h"

#include <QString>

#include <optional>
#include <variant>

namespace switchyard::routing {

/// A provider model the client named directly ("provider/model" or a bare model name that
/// one provider lists).
struct ResolvedModel
{
    QString provider;
    QString targetId; ///< "provider/model"
};

/// What routing asks about model names that are not routes: the provider side (the model
/// catalog, and which providers stopped sending heartbeats) sits above routing and is injected
/// through this interface.
class ModelResolver
{
public:
    virtual ~ModelResolver() = default;

    /// The provider model \a model names, or the error to answer when none does (with close
    /// matches in its message).
    virtual std::variant<ResolvedModel, base::ApiError> resolve(const QString &model) const = 0;
    /// Why \a provider cannot take requests now (e.g. a registration whose heartbeat lapsed),
    /// or nothing when it can.
    virtual std::optional<base::ApiError> unavailable(const QString &provider) const = 0;
};

} // namespace switchyard::routing
