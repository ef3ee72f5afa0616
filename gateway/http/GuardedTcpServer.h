#pragma once

#include "config/Config.h"

#include <QSet>
#include <QTcpServer>
#include <QTimer>

namespace switchyard::http {

class ConnectionGuard;

/// QTcpServer that puts a ConnectionGuard on every socket before QHttpServer sees it,
/// and caps the number of open connections.
class GuardedTcpServer final : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GuardedTcpServer)

public:
    GuardedTcpServer(const config::HttpLimits &limits, QObject *parent);

    ConnectionGuard *guardFor(QTcpSocket *socket) const;
    /// The socket whose peer uses \a peerPort (Qt 6.8 hides the socket from handlers).
    QTcpSocket *socketForPeerPort(quint16 peerPort) const;
    const QSet<QTcpSocket *> &sockets() const { return m_sockets; }

protected:
    void incomingConnection(qintptr handle) override;

private:
    void sweep();

    config::HttpLimits m_limits;
    QSet<QTcpSocket *> m_sockets;
    QTimer m_sweep; ///< checks every connection's deadline; runs while any is open
};

} // namespace switchyard::http
