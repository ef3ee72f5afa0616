#pragma once

#include "endpoints/EndpointGroup.h"

#include <QObject>

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::services {
struct GatewayContext;
}

namespace switchyard::endpoints {

/// The model list (OpenAI's shape, or Anthropic's for Claude Code's picker), one model,
/// loading and unloading local models, and what a local server holds in memory.
class ModelEndpoints final : public QObject, public EndpointGroup
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelEndpoints)

public:
    explicit ModelEndpoints(const services::GatewayContext &context, QObject *parent = nullptr);

    void addRoutes(http::Router &router) override;

private:
    void handleList(http::HttpExchange *exchange);
    void handleRetrieve(http::HttpExchange *exchange);
    void handleLoad(http::HttpExchange *exchange);
    void handleLoaded(http::HttpExchange *exchange);
    /// When the model list says the models were created: when the gateway started.
    qint64 createdSecs() const;

    const services::GatewayContext &m_context;
};

} // namespace switchyard::endpoints
