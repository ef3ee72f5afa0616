#pragma once

#include "config/Config.h"
#include "http/RequestHead.h"

#include <QObject>
#include <QPointer>

#include <deque>

class QTcpSocket;

namespace switchyard::http {

/// Watches one client connection before QHttpServer reads it: frames requests itself,
/// enforces head/body limits and timeouts, answers 100-continue, and rejects bad input
/// with a proper status before the body is buffered. Child of its socket.
class ConnectionGuard final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ConnectionGuard)

public:
    ConnectionGuard(QTcpSocket *socket, const config::HttpLimits &limits);

    /// Head of the oldest request that QHttpServer has not yet handed to us.
    std::optional<RequestHead> takeHead();

    /// The gateway began answering a request on this connection.
    void responseStarted();
    /// The gateway finished answering; \a keepAlive false closes the connection.
    void responseFinished(bool keepAlive);
    /// Stop taking requests: close now when idle, else after the current response.
    void closeWhenIdle();

    bool isBusy() const { return m_inFlight > 0; }
    /// Called periodically by the server: acts on an expired head/body/idle deadline.
    void checkDeadline(qint64 nowMs);
    /// Monotonic milliseconds, the clock deadlines are kept in.
    static qint64 nowMs();
    QTcpSocket *socket() const { return m_socket; }

    /// Writes a complete error response (plain JSON body) and closes the connection.
    static void rejectAndClose(QTcpSocket *socket, int status, const QByteArray &message);

private:
    enum class State { Head, Body, Rejected };

    void onReadyRead();
    void onTimeout();
    void consume(QByteArrayView data);
    void headComplete();
    void reject(int status, const QByteArray &message);
    void armTimer();

    QPointer<QTcpSocket> m_socket;
    config::HttpLimits m_limits;
    State m_state = State::Head;
    QByteArray m_head;
    qint64 m_bodyRemaining = 0;
    int m_inFlight = 0;
    bool m_closing = false;
    bool m_lastRequestClose = false;
    std::deque<RequestHead> m_heads;
    qint64 m_deadlineMs = 0; ///< 0: none. Timers per connection cost a registration per
                             ///< request; the server sweeps deadlines instead.
};

} // namespace switchyard::http
