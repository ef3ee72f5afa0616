#pragma once

#include "base/RequestRecord.h"

#include <QList>
#include <QObject>
#include <QPointer>
#include <QTimer>

namespace switchyard::http {
class HttpExchange;
}

namespace switchyard::services {

/// GET /v1/switchyard/events: live request summaries as Server-Sent Events for dashboards and
/// scripts. Each finished request becomes one `event: request` with RequestRecord's summary
/// JSON; a comment line every 15 s keeps proxies and idle timeouts from closing the stream.
class EventStream final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(EventStream)

public:
    static constexpr int kMaxSubscribers = 64;

    explicit EventStream(QObject *parent = nullptr);

    /// Starts the stream on \a exchange; answers 503 when too many are open.
    void subscribe(http::HttpExchange *exchange);
    void publish(const QList<base::RequestRecord> &records);
    /// Ends every stream (shutdown): clients see a clean end, the server can drain.
    void closeAll();
    int subscriberCount() const;

private:
    void prune();
    void broadcast(const QByteArray &chunk);

    QList<QPointer<http::HttpExchange>> m_subscribers;
    QTimer m_heartbeat;
};

} // namespace switchyard::services
