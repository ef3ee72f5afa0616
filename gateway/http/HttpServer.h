#pragma once

#include "base/Result.h"
#include "config/Config.h"
#include "http/QtServerBridge.h"

#include <QHostAddress>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

#include <functional>

namespace switchyard::http {

class HttpExchange;
class GuardedTcpServer;

/// Our HTTP server: QHttpServer behind a connection guard that adds limits, timeouts
/// and graceful shutdown. Lives in (and must be used from) one thread.
class HttpServer final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(HttpServer)

public:
    using Handler = std::function<void(HttpExchange *)>;

    HttpServer(const config::HttpLimits &limits, Handler handler, QObject *parent = nullptr);
    ~HttpServer() override;

    /// Starts listening; returns the bound port (useful with port 0).
    Result<quint16> listen(const QHostAddress &address, quint16 port);
    /// Stops accepting connections and closes idle ones; in-flight requests go on.
    void stopAccepting();

    quint16 port() const;
    int inFlight() const { return m_inFlight; }
    int openConnections() const;

Q_SIGNALS:
    /// Emitted after stopAccepting() once no request is in flight.
    void drained();

private:
    void dispatch(const QHttpServerRequest &request, ResponseWriter &&writer);

    config::HttpLimits m_limits;
    Handler m_handler;
    QPointer<GuardedTcpServer> m_tcp;
    QPointer<QtServerBridge> m_bridge;
    int m_inFlight = 0;
    bool m_stopping = false;
};

} // namespace switchyard::http
