#include "FakeHttpServer.h"

#include <QJsonDocument>
#include <QTcpSocket>

namespace switchyard::fakes {

namespace {
const char *kBuffer = "switchyard_fake_buffer";
const char *kPending = "switchyard_fake_pending";

QByteArray reason(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}
} // namespace

QByteArray FakeRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

FakeReply::FakeReply(QTcpSocket *socket, QObject *parent) : QObject(parent), m_socket(socket)
{
    connect(socket, &QTcpSocket::disconnected, this, [this] {
        if (!m_done)
            Q_EMIT peerClosed();
    });
}

bool FakeReply::peerGone() const
{
    return !m_socket || m_socket->state() != QAbstractSocket::ConnectedState;
}

void FakeReply::send(int status, const QByteArray &body, const Headers &headers)
{
    if (peerGone())
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    for (const auto &[k, v] : headers)
        out += k + ": " + v + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    m_socket->write(out);
    m_done = true;
    m_socket->setProperty(kPending, false);
}

void FakeReply::sendJson(int status, const QByteArray &json)
{
    send(status, json, { { "Content-Type", "application/json" } });
}

void FakeReply::sendJson(int status, const QJsonObject &body, const Headers &headers)
{
    send(status, QJsonDocument(body).toJson(QJsonDocument::Compact),
         Headers { { "Content-Type", "application/json" } } + headers);
}

void FakeReply::beginChunked(int status, const Headers &headers)
{
    if (peerGone())
        return;
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason(status) + "\r\n";
    for (const auto &[k, v] : headers)
        out += k + ": " + v + "\r\n";
    out += "Transfer-Encoding: chunked\r\n\r\n";
    m_socket->write(out);
}

void FakeReply::chunk(const QByteArray &data)
{
    if (peerGone() || data.isEmpty())
        return;
    m_socket->write(QByteArray::number(data.size(), 16) + "\r\n" + data + "\r\n");
    m_socket->flush();
}

void FakeReply::endChunked()
{
    if (peerGone())
        return;
    m_socket->write("0\r\n\r\n");
    m_done = true;
    m_socket->setProperty(kPending, false);
}

void FakeReply::sendRaw(const QByteArray &bytes)
{
    if (!peerGone())
        m_socket->write(bytes);
}

void FakeReply::close()
{
    m_done = true;
    if (m_socket)
        m_socket->disconnectFromHost();
}

void FakeReply::reset()
{
    m_done = true;
    if (m_socket)
        m_socket->abort();
}

FakeHttpServer::FakeHttpServer(QObject *parent) : QTcpServer(parent) { }

FakeHttpServer::~FakeHttpServer() = default;

quint16 FakeHttpServer::start()
{
    if (!isListening())
        listen(QHostAddress::LocalHost, 0);
    return serverPort();
}

QByteArray FakeHttpServer::baseUrl() const
{
    return "http://127.0.0.1:" + QByteArray::number(serverPort());
}

int FakeHttpServer::openConnections() const
{
    int n = 0;
    for (auto *socket : findChildren<QTcpSocket *>()) {
        if (socket->state() == QAbstractSocket::ConnectedState)
            ++n;
    }
    return n;
}

void FakeHttpServer::incomingConnection(qintptr handle)
{
    auto *socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(handle)) {
        delete socket;
        return;
    }
    ++m_accepted;
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onReadyRead(socket); });
    connect(socket, &QTcpSocket::disconnected, this, [this, socket] {
        if (socket->property(kPending).toBool())
            ++m_clientAborts;
        socket->deleteLater();
    });
}

void FakeHttpServer::onReadyRead(QTcpSocket *socket)
{
    QByteArray buffer = socket->property(kBuffer).toByteArray() + socket->readAll();
    for (;;) {
        const qsizetype headEnd = buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            break;
        FakeRequest request;
        const QList<QByteArray> lines = buffer.left(headEnd).split('\n');
        const QList<QByteArray> requestLine = lines.first().trimmed().split(' ');
        if (requestLine.size() < 2)
            break;
        request.method = requestLine.at(0);
        const QByteArray target = requestLine.at(1);
        const qsizetype q = target.indexOf('?');
        request.path = q < 0 ? target : target.left(q);
        request.query = q < 0 ? QByteArray() : target.mid(q + 1);
        qint64 length = 0;
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon <= 0)
                continue;
            const QByteArray name = line.left(colon).trimmed();
            const QByteArray value = line.mid(colon + 1).trimmed();
            request.headers.append({ name, value });
            if (name.compare("content-length", Qt::CaseInsensitive) == 0)
                length = value.toLongLong();
        }
        if (buffer.size() < headEnd + 4 + length)
            break;
        request.body = buffer.mid(headEnd + 4, length);
        request.raw = buffer.left(headEnd + 4 + length);
        buffer.remove(0, headEnd + 4 + length);
        m_requests.append(request);
        socket->setProperty(kPending, true);
        auto *reply = new FakeReply(socket, socket);
        Q_EMIT requestReceived();
        if (m_handler)
            m_handler(request, reply);
        else
            reply->sendJson(200, "{}");
    }
    socket->setProperty(kBuffer, buffer);
}

} // namespace switchyard::fakes
