#pragma once

#include "base/HeaderList.h"
#include "http/QtHttpCompat.h"

#include <QHttpServerResponder>
#include <QPointer>
#include <QTcpSocket>

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

} // namespace switchyard::http
