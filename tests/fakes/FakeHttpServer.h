#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QTcpServer>

#include <functional>
#include <utility>

class QTcpSocket;

namespace switchyard::fakes {

using Headers = QList<std::pair<QByteArray, QByteArray>>;

/// A request as the fake upstream received it, byte for byte.
struct FakeRequest
{
    QByteArray method;
    QByteArray path;
    QByteArray query;
    Headers headers;
    QByteArray body;
    QByteArray raw;

    QByteArray header(QByteArrayView name) const;
};

/// The answer to one request. Handlers may answer later (hold it in a QPointer):
/// that is how slow, hanging and dropping upstreams are scripted.
class FakeReply final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeReply)

public:
    FakeReply(QTcpSocket *socket, QObject *parent);

    void send(int status, const QByteArray &body, const Headers &headers = {});
    void sendJson(int status, const QByteArray &json);
    /// \a body as compact JSON, as upstreams write it, with \a headers after the Content-Type.
    void sendJson(int status, const QJsonObject &body, const Headers &headers = {});
    void beginChunked(int status, const Headers &headers = {});
    void chunk(const QByteArray &data);
    void endChunked();
    /// Raw bytes, no framing: for garbage and half responses.
    void sendRaw(const QByteArray &bytes);
    /// Close after what was written (FIN).
    void close();
    /// Drop the connection at once (RST).
    void reset();

    bool peerGone() const;

Q_SIGNALS:
    /// The gateway closed its side before we were done.
    void peerClosed();

private:
    QPointer<QTcpSocket> m_socket;
    bool m_done = false;
};

/// A scriptable HTTP/1.1 server on 127.0.0.1:0 for impersonating upstream providers.
class FakeHttpServer : public QTcpServer
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(FakeHttpServer)

public:
    using Handler = std::function<void(const FakeRequest &, FakeReply *)>;

    explicit FakeHttpServer(QObject *parent = nullptr);
    ~FakeHttpServer() override;

    /// Listens on a free loopback port and returns it.
    quint16 start();
    QByteArray baseUrl() const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }

    const QList<FakeRequest> &requests() const { return m_requests; }
    int connectionsAccepted() const { return m_accepted; }
    int openConnections() const;
    /// Connections the client closed while a reply was still pending.
    int clientAborts() const { return m_clientAborts; }

Q_SIGNALS:
    void requestReceived();

protected:
    void incomingConnection(qintptr handle) override;

private:
    void onReadyRead(QTcpSocket *socket);

    Handler m_handler;
    QList<FakeRequest> m_requests;
    int m_accepted = 0;
    int m_clientAborts = 0;
};

} // namespace switchyard::fakes
