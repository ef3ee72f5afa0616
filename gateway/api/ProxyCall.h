#pragma once

#include "api/ApiError.h"
#include "api/OpenAiValidation.h"
#include "api/SseParser.h"
#include "providers/ModelCatalog.h"
#include "upstream/UpstreamTypes.h"

#include <QObject>
#include <QPointer>

#include <functional>

namespace switchyard::http {
class HttpExchange;
}
namespace switchyard::upstream {
class UpstreamClient;
class UpstreamTransfer;
} // namespace switchyard::upstream

namespace switchyard::api {

/// One proxied OpenAI request: tries the resolved targets in order, relays the answer
/// (buffered or streamed) and falls back only while nothing has reached the client.
/// Deletes itself when done.
class ProxyCall final : public QObject
{
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ProxyCall)

public:
    using ErrorSink = std::function<void(http::HttpExchange *, const ApiError &)>;

    ProxyCall(http::HttpExchange *exchange, upstream::UpstreamClient *client,
              OpenAiEndpoint endpoint, ParsedRequest request, providers::Resolution resolution,
              ErrorSink errorSink, QObject *parent);
    ~ProxyCall() override;

    void start();

private:
    enum class Mode { Waiting, Buffer, Stream };

    /// Why one attempt failed, for the attempt list and the final error.
    struct Attempt
    {
        Attempt(QString target_, QString outcome_, QString detail_ = {}, int status_ = 0,
                QByteArray body_ = {}, http::HeaderList headers_ = {},
                upstream::TransferError error_ = upstream::TransferError::None)
            : target(std::move(target_)), outcome(std::move(outcome_)), detail(std::move(detail_)),
              status(status_), body(std::move(body_)), headers(std::move(headers_)), error(error_)
        {
        }

        QString target;
        QString outcome; ///< "200", "500", "connect_failed", ...
        QString detail;
        int status = 0;
        QByteArray body; ///< upstream error body, when it was JSON
        http::HeaderList headers;
        upstream::TransferError error = upstream::TransferError::None;
    };

    void startAttempt();
    void onResponseStarted(int status, const http::HeaderList &headers);
    void onData(const QByteArray &data);
    void onFinished(upstream::TransferError error, const QString &message);
    /// Abandons the current transfer for a reason of our own (oversized answer…).
    void abandonTransfer(const QString &outcome, const QString &detail);
    void finishBuffered();
    void relayEvents(const QList<SseEvent> &events);
    void commitStream();
    void endStreamWithError(const QString &message, const QString &code);
    void attemptFailed(Attempt attempt);
    void failAll();
    void sendError(const ApiError &error);
    http::HeaderList decisionHeaders() const;
    QByteArray attemptsHeader() const;
    const providers::Target &currentTarget() const { return m_resolution.targets.at(m_index); }
    void done();

    QPointer<http::HttpExchange> m_exchange;
    QPointer<upstream::UpstreamClient> m_client;
    QPointer<upstream::UpstreamTransfer> m_transfer;
    OpenAiEndpoint m_endpoint;
    ParsedRequest m_request;
    QByteArray m_clientBody;
    providers::Resolution m_resolution;
    ErrorSink m_errorSink;

    qsizetype m_index = -1;
    QList<Attempt> m_attempts;
    Mode m_mode = Mode::Waiting;
    int m_status = 0;
    http::HeaderList m_upstreamHeaders;
    QByteArray m_buffer;
    SseParser m_sse;
    bool m_committed = false;
    bool m_sawDone = false;
    bool m_done = false;
};

} // namespace switchyard::api
