#pragma once

namespace switchyard::http {
class Router;
}

namespace switchyard::endpoints {

/// A set of related HTTP endpoints; the gateway adds each group's routes to its router.
class EndpointGroup
{
public:
    virtual ~EndpointGroup() = default;
    /// Adds this group's (method, path) → handler entries to \a router.
    virtual void addRoutes(http::Router &router) = 0;
};

} // namespace switchyard::endpoints
