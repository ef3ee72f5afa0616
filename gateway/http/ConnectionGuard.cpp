#include "ConnectionGuard.h"

#include "base/ApiError.h"
#include "base/ErrorWriter.h"
#include "base/RequestId.h"
#include "http/HttpHeadParser.h"
#include "http/HttpStatus.h"

#include <QLoggingCategory>
#include <QTcpSocket>

#include <chrono>

Q_LOGGING_CATEGORY(lcGuard, "switchyard.http.guard")

namespace switchyard::http {

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const config::HttpLimits &limits)
    : QObject(socket), m_socket(socket), m_limits(limits)
{
    // Connected before QHttpServer binds the socket, so we see every byte first.
    connect(socket, &QTcpSocket::readyRead, this, &ConnectionGuard::onReadyRead);
    armTimer();
}

std::optional<RequestHead> ConnectionGuard::takeHead()
{
    if (m_heads.empty())
        return std::nullopt;
    RequestHead head = std::move(m_heads.front());
    m_heads.pop_front();
    return head;
}

void ConnectionGuard::responseStarted()
{
    ++m_inFlight;
    armTimer();
}

void ConnectionGuard::responseFinished(bool keepAlive)
{
    m_inFlight = std::max(0, m_inFlight - 1);
    if (!m_socket)
        return;
    if (!keepAlive || ((m_closing || m_lastRequestClose) && m_inFlight == 0)) {
        m_socket->disconnectFromHost();
        return;
    }
    armTimer();
}

void ConnectionGuard::closeWhenIdle()
{
    m_closing = true;
    if (m_socket && m_inFlight == 0 && m_state == State::Head && m_head.isEmpty())
        m_socket->disconnectFromHost();
}

void ConnectionGuard::rejectAndClose(QTcpSocket *socket, int status, const QByteArray &message)
{
    const base::ApiError error { status,
                                 status >= 500 ? QStringLiteral("api_error")
                                               : QStringLiteral("invalid_request_error"),
                                 QString::fromLatin1(message),
                                 {},
                                 {} };
    const QByteArray body = base::ErrorWriter::body(error, base::WireFormat::OpenAiChat);
    const QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' '
        + reasonPhrase(status) + "\r\nContent-Type: application/json\r\nContent-Length: "
        + QByteArray::number(body.size()) + "\r\nx-request-id: " + base::RequestId::generate()
        + "\r\nConnection: close\r\n\r\n" + body;
    socket->write(response);
    socket->disconnectFromHost();
}

void ConnectionGuard::onReadyRead()
{
    if (!m_socket)
        return;
    if (m_state == State::Rejected) {
        m_socket->readAll(); // discard; the connection is closing
        return;
    }
    // QHttpServer reads everything after us, so each peek sees only bytes new to us.
    const QByteArray data = m_socket->peek(m_socket->bytesAvailable());
    consume(data);
    if (m_state == State::Rejected)
        m_socket->readAll(); // keep the rejected bytes away from QHttpServer
}

void ConnectionGuard::consume(QByteArrayView data)
{
    while (!data.isEmpty() && m_state != State::Rejected) {
        if (m_state == State::Body) {
            const qint64 take = std::min<qint64>(m_bodyRemaining, data.size());
            m_bodyRemaining -= take;
            data = data.sliced(take);
            if (m_bodyRemaining == 0) {
                m_state = State::Head;
                armTimer();
            }
            continue;
        }
        const bool wasEmpty = m_head.isEmpty();
        // Find the end of the head, allowing the CRLFCRLF to straddle two reads.
        const qsizetype scanFrom = std::max<qsizetype>(0, m_head.size() - 3);
        m_head.append(data.data(), data.size());
        const qsizetype end = m_head.indexOf("\r\n\r\n", scanFrom);
        if (end < 0) {
            if (m_head.size() > m_limits.maxHeadBytes) {
                reject(431,
                       "request head exceeds " + QByteArray::number(m_limits.maxHeadBytes)
                           + " bytes");
                return;
            }
            if (wasEmpty)
                armTimer(); // head timer runs from the first byte, not from the last
            return;
        }
        const qsizetype headSize = end + 4;
        const qsizetype consumedHere = data.size() - (m_head.size() - headSize);
        m_head.truncate(headSize);
        data = data.sliced(consumedHere);
        if (headSize > m_limits.maxHeadBytes) {
            reject(431,
                   "request head exceeds " + QByteArray::number(m_limits.maxHeadBytes) + " bytes");
            return;
        }
        headComplete();
    }
}

void ConnectionGuard::headComplete()
{
    auto parsed = HttpHeadParser::parse(m_head);
    m_head.clear();
    if (auto *error = std::get_if<HeadError>(&parsed)) {
        reject(error->status, error->message);
        return;
    }
    RequestHead head = std::move(std::get<RequestHead>(parsed));
    if (m_closing || m_lastRequestClose) {
        reject(503, "the connection is closing");
        return;
    }
    if (head.contentLength > m_limits.maxBodyBytes) {
        reject(413,
               "request body of " + QByteArray::number(head.contentLength)
                   + " bytes exceeds the limit of " + QByteArray::number(m_limits.maxBodyBytes)
                   + " bytes");
        return;
    }
    if (head.expectContinue && head.contentLength > 0)
        m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
    m_lastRequestClose = !head.keepAlive;
    m_bodyRemaining = head.contentLength;
    m_state = m_bodyRemaining > 0 ? State::Body : State::Head;
    m_heads.push_back(std::move(head));
    armTimer();
}

void ConnectionGuard::reject(int status, const QByteArray &message)
{
    m_state = State::Rejected;
    m_deadlineMs = 0;
    qCInfo(lcGuard) << "rejecting connection from" << m_socket->peerAddress().toString() << "with"
                    << status << message;
    if (m_inFlight > 0) {
        // A response is being written on this connection; an error would interleave with it.
        m_socket->abort();
        return;
    }
    rejectAndClose(m_socket, status, message);
}

void ConnectionGuard::armTimer()
{
    if (m_state == State::Rejected)
        return;
    if (m_state == State::Body)
        m_deadlineMs = nowMs() + m_limits.bodyTimeoutMs;
    else if (!m_head.isEmpty())
        m_deadlineMs = nowMs() + m_limits.headTimeoutMs;
    else if (m_inFlight > 0)
        m_deadlineMs = 0; // the gateway is working; upstream timeouts apply, not ours
    else
        m_deadlineMs = nowMs() + m_limits.idleTimeoutMs;
}

qint64 ConnectionGuard::nowMs()
{
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::steady_clock::now().time_since_epoch())
        .count();
}

void ConnectionGuard::checkDeadline(qint64 now)
{
    if (m_deadlineMs != 0 && now >= m_deadlineMs) {
        m_deadlineMs = 0;
        onTimeout();
    }
}

void ConnectionGuard::onTimeout()
{
    if (!m_socket)
        return;
    switch (m_state) {
    case State::Head:
        if (!m_head.isEmpty()) {
            reject(408, "timed out waiting for the request head");
        } else if (m_inFlight == 0) {
            m_state = State::Rejected;
            m_socket->disconnectFromHost(); // idle keep-alive connection: close quietly
        }
        break;
    case State::Body:
        reject(408, "timed out waiting for the request body");
        break;
    case State::Rejected:
        break;
    }
}

} // namespace switchyard::http
