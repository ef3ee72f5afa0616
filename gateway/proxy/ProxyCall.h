#pragma once

#include "api/OpenAiValidation.h"
#include "api/UsageMeter.h"
#include "base/ApiError.h"
#include "base/RequestRecord.h"
#include "base/WireFormat.h"
#include "providers/ModelCatalog.h"
#include "proxy/AttemptLog.h"
#include "proxy/CacheSlot.h"
#include "proxy/StreamRelay.h"
#include "routing/HealthRegistry.h"
#include "routing/RoutingDecision.h"
#include "upstream/UpstreamTypes.h"

#include <QElapsedTimer>
#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::security {
class ConcurrencyLimiter;
}
namespace switchyard::routing {
class RoutingEngine;
}
namespace switchyard::upstream {
class UpstreamClient;
class UpstreamTransfer;
} // namespace switchyard::upstream

namespace switchyard::proxy {

/// One proxied OpenAI request: walks the routing decision's attempts, relays the answer
/// (buffered or streamed), falls back only while nothing has reached the client, and
/// reports every attempt's outcome to the routing engine. Deletes itself when done.
class ProxyCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyCall)

public:
    using RecordSink = std::function<void(const base::RequestRecord &)>;

    /// Proxies \a request (parsed once by its endpoint; its format is the client's API) along
    /// \a decision; errors go to the client in its API's shape.
    ProxyCall(http::HttpExchange *exchange, upstream::UpstreamClient *client,
              routing::RoutingEngine *engine, const config::Config *config,
              api::RequestContext request, routing::RoutingDecision decision, QObject *parent);
    ~ProxyCall() override;

    /// Bodies kept per request when a route logs them; longer ones are cut.
    static constexpr qsizetype kMaxLoggedBody = 1024 * 1024;

    void start();
    /// Receives the request's record when it is over (for the request log).
    void setRecordSink(RecordSink sink) { m_recordSink = std::move(sink); }

    /// Where a successful answer is kept for the route's response cache.
    using CacheSlot = proxy::CacheSlot;
    void setCache(CacheSlot slot) { m_cacheSlot = std::move(slot); }
    /// Keeps the request and answer bodies in the record (the route asked for it).
    void setLogBodies(bool on) { m_logBodies = on; }
    /// Per-provider caps on requests in flight (providers' max_concurrency).
    void setConcurrencyLimiter(security::ConcurrencyLimiter *limiter) { m_limiter = limiter; }

private:
    enum class Mode { Waiting, Buffer, Stream };
    using Attempt = AttemptLog::Attempt;

    void startAttempt(qsizetype index);
    /// Ends the current attempt in the health registry.
    void recordOutcome(routing::OutcomeKind kind, const QString &message = {});
    void onResponseStarted(int status, const base::HeaderList &headers);
    void onData(const QByteArray &data);
    void onFinished(upstream::TransferError error, const QString &message);
    /// The transfer of a streamed answer ended.
    void finishStream(upstream::TransferError error, const QString &message);
    /// Abandons the current transfer for a reason of our own (oversized answer…).
    void abandonTransfer(const QString &outcome, const QString &detail);
    void finishBuffered();
    /// An upstream error body turned into the client's format (status kept).
    QByteArray clientErrorBody(int status, const QByteArray &upstreamBody) const;
    /// The relay's first write: the client gets the response head.
    void commitStream(const base::HeaderList &streamHeaders);
    bool isCommitted() const { return m_relay && m_relay->isCommitted(); }
    /// Starts the upstream transfer of the current attempt (a concurrency slot is held).
    void launch(upstream::UpstreamRequestSpec spec);
    void releaseSlot();
    void endStreamWithError(const QString &message, const QString &code);
    void attemptFailed(Attempt attempt, routing::OutcomeKind kind);
    void failAll();
    void sendError(const base::ApiError &error);
    base::HeaderList decisionHeaders() const;
    const routing::PlannedAttempt &currentTarget() const { return m_decision.attempts.at(m_index); }
    QString currentId() const { return currentTarget().targetId; }
    /// The client asked for a route (or a rule picked one): answers name what it asked for.
    bool isAlias() const { return !m_decision.route.isEmpty(); }
    /// The model answers name: the route's for aliases, else the provider's.
    QString answerModel() const;
    void done();

    QPointer<http::HttpExchange> m_exchange;
    QPointer<upstream::UpstreamClient> m_client;
    QPointer<upstream::UpstreamTransfer> m_transfer;
    base::WireFormat m_inbound;
    base::WireFormat m_upstream = base::WireFormat::OpenAiChat;
    bool m_translate = false; ///< inbound and upstream formats differ for this attempt
    api::RequestContext m_request;
    routing::RoutingEngine *m_engine = nullptr;
    const config::Config *m_config = nullptr;
    routing::RoutingDecision m_decision;
    routing::HealthRegistry::AttemptId m_attemptId = 0;
    qint64 m_attemptStartMs = 0;
    int m_attemptsMade = 0;
    RecordSink m_recordSink;
    base::RequestRecord m_record;
    api::UsageMeter m_usage;
    CacheSlot m_cacheSlot;
    bool m_logBodies = false;
    security::ConcurrencyLimiter *m_limiter = nullptr; ///< owned by the gateway, outlives calls
    QString m_slotProvider; ///< holds one of this provider's concurrency slots
    QElapsedTimer m_clock;

    qsizetype m_index = -1;
    AttemptLog m_attempts;
    Mode m_mode = Mode::Waiting;
    int m_status = 0;
    qint64 m_ttftMs = -1;
    base::HeaderList m_upstreamHeaders;
    QByteArray m_buffer;
    std::unique_ptr<StreamRelay> m_relay; ///< the current attempt's, once it streams
    bool m_done = false;
};

} // namespace switchyard::proxy
