#include "Gateway.h"

#include "api/ApiError.h"
#include "api/Router.h"
#include "core/RequestId.h"
#include "http/HttpExchange.h"
#include "http/HttpServer.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcGateway, "switchyard.gateway")

namespace switchyard::core {

namespace {
const QByteArray kJson = QByteArrayLiteral("application/json");
}

Gateway::Gateway(config::Config config, QObject *parent)
    : QObject(parent), m_config(std::move(config))
{
    m_router = std::make_unique<api::Router>(
        [this](http::HttpExchange *exchange, const api::ApiError &error) {
            sendError(exchange, error);
        });
    m_router->add("GET", "/health", [this](http::HttpExchange *e) { handleHealth(e); });
    m_router->add("HEAD", "/", [](http::HttpExchange *e) { e->respond(200, QByteArray()); });
    m_graceTimer.setSingleShot(true);
    connect(&m_graceTimer, &QTimer::timeout, this, [this] {
        qCWarning(lcGateway) << "grace period over with" << inFlight()
                             << "request(s) still in flight; closing them";
        if (!m_stopped) {
            m_stopped = true;
            Q_EMIT stopped();
        }
    });
}

Gateway::~Gateway() = default;

Result<quint16> Gateway::start()
{
    m_uptime.start();
    const QString &host = m_config.gateway.host;
    const QHostAddress address
        = host == u"localhost"_s ? QHostAddress(QHostAddress::LocalHost) : QHostAddress(host);
    m_server = new http::HttpServer(
        m_config.gateway.limits, [this](http::HttpExchange *e) { handle(e); }, this);
    auto port = m_server->listen(address, m_config.gateway.port);
    if (!port)
        return port.error();
    qCInfo(lcGateway).noquote() << "listening on"
                                << u"http://%1:%2"_s
                                       .arg(address.protocol() == QAbstractSocket::IPv6Protocol
                                                ? u'[' + host + u']'
                                                : host)
                                       .arg(*port);
    return *port;
}

void Gateway::shutdown(int graceMs)
{
    if (!m_server) {
        m_stopped = true;
        Q_EMIT stopped();
        return;
    }
    connect(m_server, &http::HttpServer::drained, this, [this] {
        m_graceTimer.stop();
        if (!m_stopped) {
            m_stopped = true;
            Q_EMIT stopped();
        }
    });
    if (m_server->inFlight() > 0)
        qCInfo(lcGateway) << "waiting up to" << graceMs << "ms for" << m_server->inFlight()
                          << "request(s) in flight";
    m_graceTimer.start(graceMs);
    m_server->stopAccepting();
}

quint16 Gateway::port() const
{
    return m_server ? m_server->port() : 0;
}

int Gateway::inFlight() const
{
    return m_server ? m_server->inFlight() : 0;
}

void Gateway::handle(http::HttpExchange *exchange)
{
    exchange->addResponseHeader(
        QByteArrayLiteral("x-request-id"),
        RequestId::fromClientOrNew(exchange->request().header("x-request-id")));
    m_router->dispatch(exchange);
}

void Gateway::sendJson(http::HttpExchange *exchange, int status, const QByteArray &json)
{
    exchange->respond(status, json, { { QByteArrayLiteral("Content-Type"), kJson } });
}

void Gateway::sendError(http::HttpExchange *exchange, const api::ApiError &error)
{
    sendJson(exchange, error.status, error.toOpenAiJson());
}

void Gateway::handleHealth(http::HttpExchange *exchange)
{
    const QJsonObject body { { u"status"_s, u"ok"_s },
                             { u"version"_s, QStringLiteral(SWITCHYARD_VERSION) },
                             { u"uptime_s"_s, double(m_uptime.elapsed() / 1000) },
                             { u"providers"_s, int(m_config.providers.size()) } };
    sendJson(exchange, 200, QJsonDocument(body).toJson(QJsonDocument::Compact));
}

} // namespace switchyard::core
