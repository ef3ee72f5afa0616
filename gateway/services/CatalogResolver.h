#pragma once

#include "routing/ModelResolver.h"

namespace switchyard::providers {
class ModelCatalog;
}

namespace switchyard::services {

class DynamicProviders;

/// Routing's view of the provider side: model names through the catalog, and providers that
/// registered over HTTP but stopped sending heartbeats.
class CatalogResolver final : public routing::ModelResolver
{
public:
    /// Neither is owned; \a dynamic may be null.
    CatalogResolver(const providers::ModelCatalog &catalog, const DynamicProviders *dynamic);

    std::variant<routing::ResolvedModel, base::ApiError>
    resolve(const QString &model) const override;
    std::optional<base::ApiError> unavailable(const QString &provider) const override;

private:
    const providers::ModelCatalog &m_catalog;
    const DynamicProviders *m_dynamic;
};

} // namespace switchyard::services
