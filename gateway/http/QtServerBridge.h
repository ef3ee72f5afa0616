#pragma once

#include "http/QtHttpCompat.h"
#include "http/ResponseWriter.h"

#include <QAbstractHttpServer>

#include <functional>

class QTcpServer;

namespace switchyard::http {

/// QAbstractHttpServer that hands every request to one callback.
class QtServerBridge final : public QAbstractHttpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(QtServerBridge)

public:
    using Dispatch = std::function<void(const QHttpServerRequest &, ResponseWriter &&)>;
    /// \a findSocket maps a request to its socket where Qt does not tell us (6.8+).
    using FindSocket = std::function<QTcpSocket *(const QHttpServerRequest &)>;

    QtServerBridge(Dispatch dispatch, FindSocket findSocket, QObject *parent);

    /// Attaches a listening QTcpServer (ours, with the connection guard).
    bool attach(QTcpServer *server);

protected:
#if QT_VERSION >= QT_VERSION_CHECK(6, 8, 0)
    bool handleRequest(const QHttpServerRequest &request, QHttpServerResponder &responder) override;
    void missingHandler(const QHttpServerRequest &request,
                        QHttpServerResponder &responder) override;
#else
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;
#endif

private:
    Dispatch m_dispatch;
    FindSocket m_findSocket;
};

} // namespace switchyard::http
