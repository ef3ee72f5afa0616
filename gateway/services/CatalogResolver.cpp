#include "CatalogResolver.h"

#include "providers/ModelCatalog.h"
#include "services/DynamicProviders.h"

using namespace Qt::StringLiterals;

namespace switchyard::services {

CatalogResolver::CatalogResolver(const providers::ModelCatalog &catalog,
                                 const DynamicProviders *dynamic)
    : m_catalog(catalog), m_dynamic(dynamic)
{
}

std::variant<routing::ResolvedModel, base::ApiError>
CatalogResolver::resolve(const QString &model) const
{
    auto resolved = m_catalog.resolve(model);
    if (auto *error = std::get_if<base::ApiError>(&resolved))
        return std::move(*error);
    const providers::Target &target = std::get<providers::Resolution>(resolved).targets.first();
    return routing::ResolvedModel { target.provider->name, target.id() };
}

std::optional<base::ApiError> CatalogResolver::unavailable(const QString &provider) const
{
    if (m_dynamic && m_dynamic->isStale(provider))
        return base::ApiError::unavailable(
            u"The provider '%1' stopped sending heartbeats; it is skipped until it registers again."_s
                .arg(provider));
    return std::nullopt;
}

} // namespace switchyard::services
