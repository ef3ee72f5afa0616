#pragma once

// The one place that knows how QHttpServer 6.4 differs from 6.8+.
// 6.4: handleRequest(request, QTcpSocket*), raw writes through responder.socket().
// 6.8: handleRequest(request, QHttpServerResponder&), write()/writeBeginChunked()/writeChunk().

#include "http/RequestHead.h"

#include <QAbstractHttpServer>
#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>

#include <functional>

#if QT_VERSION >= QT_VERSION_CHECK(6, 5, 0) && QT_VERSION < QT_VERSION_CHECK(6, 8, 0)
#error "Switchyard supports QtHttpServer 6.4 and 6.8 or newer"
#endif

namespace switchyard::http {

/// Writes one response through whichever API this Qt version offers.
class ResponseWriter final
{
public:
    ResponseWriter(QHttpServerResponder &&responder, QTcpSocket *socket);
    ResponseWriter(ResponseWriter &&) = default;
    ~ResponseWriter();

    bool socketAlive() const
    {
        return !m_socket.isNull() && m_socket->state() == QAbstractSocket::ConnectedState;
    }
    QTcpSocket *socket() const { return m_socket; }

    void writeComplete(int status, const base::HeaderList &headers, const QByteArray &body);
    void writeBeginChunked(int status, const base::HeaderList &headers);
    void writeChunk(const QByteArray &data);
    void writeEndChunked();

private:
    QHttpServerResponder m_responder;
    QPointer<QTcpSocket> m_socket;
};

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
