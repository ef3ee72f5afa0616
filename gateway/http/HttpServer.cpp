#include "HttpServer.h"

#include "http/ConnectionGuard.h"
#include "http/GuardedTcpServer.h"
#include "http/HttpExchange.h"

#include <QHttpServerRequest>
#include <QLoggingCategory>
#include <QTcpSocket>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcHttp, "switchyard.http")

namespace switchyard::http {

HttpServer::HttpServer(const config::HttpLimits &limits, Handler handler, QObject *parent)
    : QObject(parent), m_limits(limits), m_handler(std::move(handler))
{
}

HttpServer::~HttpServer()
{
    // Exchanges go first: they reference sockets and guards owned by the TCP server.
    qDeleteAll(findChildren<HttpExchange *>(QString(), Qt::FindDirectChildrenOnly));
}

Result<quint16> HttpServer::listen(const QHostAddress &address, quint16 port)
{
    auto *tcp = new GuardedTcpServer(m_limits, this);
    tcp->setMaxPendingConnections(std::max(30, m_limits.maxConnections));
    // Qt's default backlog of 50 drops SYNs when a tool opens many connections at once
    // (clients then stall for a 1 s SYN retransmit); the kernel caps this at somaxconn.
    tcp->setListenBacklogSize(std::clamp(m_limits.maxConnections, 128, 4096));
    if (!tcp->listen(address, port)) {
        const bool inUse = tcp->serverError() == QAbstractSocket::AddressInUseError;
        const QString message = inUse
            ? u"port %1 on %2 is already in use by another program. Stop that program or "
              "choose another port with --port or \"gateway\": {\"port\": N} in the config"_s
                  .arg(port)
                  .arg(address.toString())
            : u"cannot listen on %1:%2: %3"_s.arg(address.toString())
                  .arg(port)
                  .arg(tcp->errorString());
        delete tcp;
        return Error { inUse ? ErrorCode::AddressInUse : ErrorCode::Network, message };
    }
    m_tcp = tcp;
    m_bridge = new QtServerBridge(
        [this](const QHttpServerRequest &request, ResponseWriter &&writer) {
            dispatch(request, std::move(writer));
        },
        [this](const QHttpServerRequest &request) -> QTcpSocket * {
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
            return m_tcp ? m_tcp->socketForPeerPort(request.remotePort()) : nullptr;
#else
            Q_UNUSED(request);
            return nullptr;
#endif
        },
        this);
    if (!m_bridge->attach(tcp))
        return Error { ErrorCode::Internal, u"QHttpServer refused the listening socket"_s };
    return tcp->serverPort();
}

quint16 HttpServer::port() const
{
    return m_tcp ? m_tcp->serverPort() : 0;
}

int HttpServer::openConnections() const
{
    return m_tcp ? int(m_tcp->sockets().size()) : 0;
}

void HttpServer::stopAccepting()
{
    m_stopping = true;
    if (m_tcp) {
        m_tcp->close();
        const auto sockets = m_tcp->sockets();
        for (QTcpSocket *socket : sockets) {
            if (ConnectionGuard *guard = m_tcp->guardFor(socket))
                guard->closeWhenIdle();
        }
    }
    if (m_inFlight == 0)
        Q_EMIT drained();
}

void HttpServer::dispatch(const QHttpServerRequest &qtRequest, ResponseWriter &&writer)
{
    ConnectionGuard *guard = m_tcp ? m_tcp->guardFor(writer.socket()) : nullptr;
    std::optional<RequestHead> head = guard ? guard->takeHead() : std::nullopt;

    HttpRequest request;
    request.body = qtRequest.body();
    request.peerAddress = qtRequest.remoteAddress();
    if (writer.socket())
        request.peerPort = writer.socket()->peerPort();
    if (head) {
        request.method = head->method;
        const qsizetype q = head->target.indexOf('?');
        request.path = q < 0 ? head->target : head->target.left(q);
        request.query = q < 0 ? QByteArray() : head->target.mid(q + 1);
        request.headers = std::move(head->headers);
        request.versionMinor = head->versionMinor;
        request.keepAlive = head->keepAlive;
    } else {
        // The guard always sees the head first; this is a defensive fallback only.
        qCWarning(lcHttp) << "request without a guarded head; answering 400";
        request.method = QByteArrayLiteral("GET");
        request.path = qtRequest.url().path(QUrl::FullyEncoded).toLatin1();
        request.keepAlive = false;
    }

    auto *exchange = new HttpExchange(std::move(request), std::move(writer), guard, this);
    ++m_inFlight;
    connect(exchange, &QObject::destroyed, this, [this] {
        if (--m_inFlight == 0 && m_stopping)
            Q_EMIT drained();
    });
    if (!head) {
        exchange->respond(
            400,
            QByteArrayLiteral(
                "{\"error\":{\"message\":\"malformed "
                "request\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":null}}"),
            { { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") } });
        return;
    }
    m_handler(exchange);
}

} // namespace switchyard::http
