#include "GuardedTcpServer.h"

#include "http/ConnectionGuard.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcTcp, "switchyard.http.tcp")

namespace switchyard::http {

GuardedTcpServer::GuardedTcpServer(const config::HttpLimits &limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
    // A quarter of the shortest timeout: a deadline fires at most 25 % late.
    const int shortest
        = std::min({ limits.headTimeoutMs, limits.bodyTimeoutMs, limits.idleTimeoutMs });
    m_sweep.setInterval(std::clamp(shortest / 4, 20, 1000));
    m_sweep.setTimerType(Qt::CoarseTimer);
    connect(&m_sweep, &QTimer::timeout, this, &GuardedTcpServer::sweep);
}

void GuardedTcpServer::sweep()
{
    if (m_sockets.isEmpty()) {
        m_sweep.stop();
        return;
    }
    const qint64 now = ConnectionGuard::nowMs();
    // Copy: a timeout may close a socket and so change the set.
    const QList<QTcpSocket *> sockets = m_sockets.values();
    for (QTcpSocket *socket : sockets) {
        if (ConnectionGuard *guard = guardFor(socket))
            guard->checkDeadline(now);
    }
}

ConnectionGuard *GuardedTcpServer::guardFor(QTcpSocket *socket) const
{
    if (!socket)
        return nullptr;
    return socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly);
}

QTcpSocket *GuardedTcpServer::socketForPeerPort(quint16 peerPort) const
{
    for (QTcpSocket *socket : m_sockets) {
        if (socket->peerPort() == peerPort)
            return socket;
    }
    return nullptr;
}

void GuardedTcpServer::incomingConnection(qintptr handle)
{
    // QHttpServer takes ownership via nextPendingConnection(); parenting to us keeps
    // sockets from leaking if it never does.
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        socket->deleteLater();
        return;
    }
    if (m_sockets.size() >= m_limits.maxConnections) {
        qCWarning(lcTcp) << "connection limit" << m_limits.maxConnections
                         << "reached; refusing a connection";
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        ConnectionGuard::rejectAndClose(socket, 503, "too many open connections");
        return;
    }
    m_sockets.insert(socket);
    connect(socket, &QObject::destroyed, this, [this, socket] { m_sockets.remove(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] { m_sockets.remove(socket); });
    new ConnectionGuard(socket, m_limits);
    if (!m_sweep.isActive())
        m_sweep.start();
    addPendingConnection(socket);
}

} // namespace switchyard::http
