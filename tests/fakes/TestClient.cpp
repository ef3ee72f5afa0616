#include "TestClient.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QThread>

namespace switchyard::fakes {

QByteArray TestResponse::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

void spin(int ms)
{
    QDeadlineTimer deadline(ms);
    while (!deadline.hasExpired()) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        QThread::usleep(200);
    }
}

TestClient::TestClient(quint16 port) : m_port(port), m_socket(std::make_unique<QTcpSocket>()) { }

TestClient::~TestClient() = default;

bool TestClient::connectToServer(int timeoutMs)
{
    m_socket->connectToHost(QHostAddress::LocalHost, m_port);
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket->state() != QAbstractSocket::ConnectedState && !deadline.hasExpired()) {
        if (m_socket->state() == QAbstractSocket::UnconnectedState)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    return m_socket->state() == QAbstractSocket::ConnectedState;
}

void TestClient::sendRaw(const QByteArray &bytes)
{
    m_socket->write(bytes);
    m_socket->flush();
}

bool TestClient::tryParse(TestResponse &r)
{
    for (;;) {
        const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
        if (headEnd < 0)
            return false;
        const QList<QByteArray> lines = m_buffer.left(headEnd).split('\n');
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        const int status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : -1;
        if (status == 100) { // interim response: skip it
            r.raw += m_buffer.left(headEnd + 4);
            m_buffer.remove(0, headEnd + 4);
            continue;
        }
        r.status = status;
        r.headers.clear();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                r.headers.append({ line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
        }
        r.chunked = r.header("transfer-encoding").compare("chunked", Qt::CaseInsensitive) == 0;
        qsizetype pos = headEnd + 4;
        if (r.chunked) {
            QByteArray body;
            for (;;) {
                const qsizetype lineEnd = m_buffer.indexOf("\r\n", pos);
                if (lineEnd < 0)
                    return false;
                bool ok = false;
                const qint64 size = m_buffer.mid(pos, lineEnd - pos).toLongLong(&ok, 16);
                if (!ok)
                    return false;
                if (m_buffer.size() < lineEnd + 2 + size + 2)
                    return false;
                body += m_buffer.mid(lineEnd + 2, size);
                pos = lineEnd + 2 + size + 2;
                if (size == 0)
                    break;
            }
            r.body = body;
        } else if (!r.header("content-length").isEmpty()) {
            const qint64 length = r.header("content-length").toLongLong();
            if (m_buffer.size() < pos + length)
                return false;
            r.body = m_buffer.mid(pos, length);
            pos += length;
        } else {
            return false; // body until close
        }
        r.raw += m_buffer.left(pos);
        m_buffer.remove(0, pos);
        return true;
    }
}

TestResponse TestClient::readResponse(int timeoutMs)
{
    TestResponse r;
    QDeadlineTimer deadline(timeoutMs);
    for (;;) {
        m_buffer += m_socket->readAll();
        if (tryParse(r))
            return r;
        if (m_socket->state() == QAbstractSocket::UnconnectedState) {
            m_buffer += m_socket->readAll();
            if (tryParse(r))
                return r;
            // Body delimited by close, or nothing at all.
            r.closedByServer = true;
            const qsizetype headEnd = m_buffer.indexOf("\r\n\r\n");
            if (headEnd >= 0 && r.status == 0) {
                const QList<QByteArray> statusLine
                    = m_buffer.left(m_buffer.indexOf("\r\n")).split(' ');
                r.status = statusLine.size() >= 2 ? statusLine.at(1).toInt() : -1;
                r.body = m_buffer.mid(headEnd + 4);
            }
            r.raw += m_buffer;
            m_buffer.clear();
            return r;
        }
        if (deadline.hasExpired()) {
            r.raw += m_buffer;
            return r;
        }
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->waitForReadyRead(2);
    }
}

bool TestClient::waitForClose(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (m_socket->state() != QAbstractSocket::UnconnectedState && !deadline.hasExpired()) {
        m_buffer += m_socket->readAll();
        QCoreApplication::processEvents(QEventLoop::AllEvents, 5);
        if (m_socket->state() == QAbstractSocket::ConnectedState)
            m_socket->waitForDisconnected(2);
    }
    return m_socket->state() == QAbstractSocket::UnconnectedState;
}

TestResponse TestClient::request(quint16 port, const QByteArray &method, const QByteArray &path,
                                 const QByteArray &body,
                                 const QList<std::pair<QByteArray, QByteArray>> &headers,
                                 int timeoutMs)
{
    QByteArray out
        = method + ' ' + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + QByteArray::number(port) + "\r\n";
    bool hasType = false;
    for (const auto &[k, v] : headers) {
        out += k + ": " + v + "\r\n";
        hasType = hasType || k.compare("content-type", Qt::CaseInsensitive) == 0;
    }
    if (!body.isEmpty() && !hasType)
        out += "Content-Type: application/json\r\n";
    if (!body.isEmpty() || method == "POST")
        out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "\r\n" + body;
    return raw(port, out, timeoutMs);
}

TestResponse TestClient::raw(quint16 port, const QByteArray &bytes, int timeoutMs)
{
    TestClient client(port);
    if (!client.connectToServer())
        return {};
    client.sendRaw(bytes);
    return client.readResponse(timeoutMs);
}

} // namespace switchyard::fakes
