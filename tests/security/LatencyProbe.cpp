#include "LatencyProbe.h"

#include <QDeadlineTimer>
#include <QElapsedTimer>
#include <QTcpSocket>
#include <QThread>

#include <algorithm>
#include <cmath>

namespace switchyard::tests {

namespace {
constexpr int kAnswerTimeoutMs = 5000;
constexpr int kMaxErrors = 10;
} // namespace

double ProbeStats::percentile(QList<double> values, double p)
{
    if (values.isEmpty())
        return 0;
    std::sort(values.begin(), values.end());
    // Nearest rank: the smallest value with at least p of the samples at or below it.
    const auto rank = qsizetype(std::ceil(p * double(values.size())));
    return values.at(std::clamp<qsizetype>(rank - 1, 0, values.size() - 1));
}

LatencyProbe::LatencyProbe(quint16 port, QByteArray chatBody, int intervalMs)
    : m_port(port), m_chatBody(std::move(chatBody)), m_intervalMs(intervalMs)
{
}

LatencyProbe::~LatencyProbe()
{
    if (m_thread)
        (void)stop();
}

void LatencyProbe::start()
{
    m_stop = false;
    m_stats = {};
    m_thread.reset(QThread::create([this] { run(); }));
    m_thread->start();
}

ProbeStats LatencyProbe::stop()
{
    m_stop = true;
    if (m_thread) {
        m_thread->wait();
        m_thread.reset();
    }
    return m_stats;
}

void LatencyProbe::run()
{
    const QByteArray host = "Host: 127.0.0.1:" + QByteArray::number(m_port) + "\r\n";
    const QByteArray health = "GET /health HTTP/1.1\r\n" + host + "\r\n";
    const QByteArray chat = "POST /v1/chat/completions HTTP/1.1\r\n" + host
        + "Content-Type: application/json\r\nContent-Length: "
        + QByteArray::number(m_chatBody.size()) + "\r\n\r\n" + m_chatBody;
    QTcpSocket socket;
    while (!m_stop) {
        QDeadlineTimer next(m_intervalMs);
        exchange(socket, health, m_stats.healthMs);
        if (!m_chatBody.isEmpty())
            exchange(socket, chat, m_stats.chatMs);
        const qint64 left = next.remainingTime();
        if (left > 0)
            QThread::msleep(quint64(left));
    }
    socket.abort();
}

bool LatencyProbe::exchange(QTcpSocket &socket, const QByteArray &request, QList<double> &latencies)
{
    QElapsedTimer clock;
    clock.start();
    const auto fail = [&](const QString &why) {
        ++m_stats.failures;
        if (m_stats.errors.size() < kMaxErrors)
            m_stats.errors.append(why);
        socket.abort();
        return false;
    };
    if (socket.state() != QAbstractSocket::ConnectedState) {
        socket.abort();
        socket.connectToHost(QHostAddress::LocalHost, m_port);
        if (!socket.waitForConnected(kAnswerTimeoutMs))
            return fail(QStringLiteral("connect: ") + socket.errorString());
    }
    socket.write(request);
    while (socket.bytesToWrite() > 0) {
        if (!socket.waitForBytesWritten(kAnswerTimeoutMs))
            return fail(QStringLiteral("write: ") + socket.errorString());
    }
    QByteArray buffer;
    QDeadlineTimer deadline(kAnswerTimeoutMs);
    qsizetype headEnd = -1;
    qint64 length = -1;
    for (;;) {
        buffer += socket.readAll();
        if (headEnd < 0 && (headEnd = buffer.indexOf("\r\n\r\n")) >= 0) {
            const QByteArray head = buffer.left(headEnd).toLower();
            const qsizetype at = head.indexOf("\r\ncontent-length:");
            if (at < 0)
                return fail(QStringLiteral("no Content-Length: ")
                            + QString::fromLatin1(buffer.left(200)));
            const qsizetype lineEnd = head.indexOf('\r', at + 2);
            const QByteArray value
                = lineEnd < 0 ? head.mid(at + 17) : head.mid(at + 17, lineEnd - at - 17);
            length = value.trimmed().toLongLong();
        }
        if (headEnd >= 0 && buffer.size() >= headEnd + 4 + length)
            break;
        if (deadline.hasExpired() || socket.state() != QAbstractSocket::ConnectedState
            || !socket.waitForReadyRead(int(std::max<qint64>(1, deadline.remainingTime())))) {
            buffer += socket.readAll();
            if (headEnd < 0 || buffer.size() < headEnd + 4 + length)
                return fail(QStringLiteral("no complete answer after %1 ms (%2 bytes)")
                                .arg(clock.elapsed())
                                .arg(buffer.size()));
            break;
        }
    }
    const double ms = double(clock.nsecsElapsed()) / 1e6;
    if (!buffer.startsWith("HTTP/1.1 200 "))
        return fail(QStringLiteral("status: ") + QString::fromLatin1(buffer.left(60)));
    latencies.append(ms);
    if (buffer.toLower().contains("\r\nconnection: close"))
        socket.abort(); // reconnect next time
    return true;
}

} // namespace switchyard::tests
