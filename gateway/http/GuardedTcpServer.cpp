#include "GuardedTcpServer.h"

#include "http/ConnectionGuard.h"

#include <QLoggingCategory>
#include <QTcpSocket>

Q_LOGGING_CATEGORY(lcTcp, "switchyard.http.tcp")

namespace switchyard::http {

GuardedTcpServer::GuardedTcpServer(const config::HttpLimits &limits, QObject *parent)
    : QTcpServer(parent), m_limits(limits)
{
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
    addPendingConnection(socket);
}

} // namespace switchyard::http
