#include "EventStream.h"

#include "base/ApiError.h"
#include "http/HttpExchange.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace switchyard::services {

EventStream::EventStream(QObject *parent) : QObject(parent)
{
    m_heartbeat.setInterval(15'000);
    connect(&m_heartbeat, &QTimer::timeout, this, [this] { broadcast(": keep-alive\n\n"); });
}

void EventStream::subscribe(http::HttpExchange *exchange)
{
    prune();
    if (m_subscribers.size() >= kMaxSubscribers) {
        const base::ApiError error = base::ApiError::unavailable(
            u"Too many event streams are open (%1); close one and retry."_s.arg(kMaxSubscribers));
        exchange->respondError(error, base::WireFormat::OpenAiChat);
        return;
    }
    exchange->beginStream(200,
                          { { QByteArrayLiteral("Content-Type"),
                              QByteArrayLiteral("text/event-stream; charset=utf-8") },
                            { QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") },
                            { QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no") } });
    // A first comment so clients know the stream is up before any request finishes.
    exchange->writeChunk(QByteArrayLiteral(": switchyard events\n\n"));
    m_subscribers.append(exchange);
    connect(exchange, &http::HttpExchange::clientDisconnected, this, [this] { prune(); });
    if (!m_heartbeat.isActive())
        m_heartbeat.start();
}

void EventStream::publish(const QList<base::RequestRecord> &records)
{
    if (m_subscribers.isEmpty())
        return;
    QByteArray chunk;
    for (const base::RequestRecord &record : records) {
        chunk += "event: request\ndata: ";
        chunk += QJsonDocument(record.toSummaryJson()).toJson(QJsonDocument::Compact);
        chunk += "\n\n";
    }
    broadcast(chunk);
}

void EventStream::closeAll()
{
    const QList<QPointer<http::HttpExchange>> subscribers = std::exchange(m_subscribers, {});
    for (const QPointer<http::HttpExchange> &exchange : subscribers) {
        if (exchange && !exchange->isFinished())
            exchange->endStream();
    }
    m_heartbeat.stop();
}

int EventStream::subscriberCount() const
{
    int n = 0;
    for (const auto &exchange : m_subscribers)
        n += exchange && exchange->isClientConnected() ? 1 : 0;
    return n;
}

void EventStream::prune()
{
    m_subscribers.removeIf([](const QPointer<http::HttpExchange> &exchange) {
        return !exchange || exchange->isFinished() || !exchange->isClientConnected();
    });
    if (m_subscribers.isEmpty())
        m_heartbeat.stop();
}

void EventStream::broadcast(const QByteArray &chunk)
{
    // A write may report a disconnect synchronously, and that prunes the list: walk a copy.
    const QList<QPointer<http::HttpExchange>> subscribers = m_subscribers;
    for (const QPointer<http::HttpExchange> &exchange : subscribers) {
        if (exchange && exchange->isClientConnected())
            exchange->writeChunk(chunk);
    }
    prune();
}

} // namespace switchyard::services
