#include "ProxyCall.h"

#include "UpstreamBody.h"
#include "base/DeleteSoon.h"
#include "http/HttpExchange.h"
#include "providers/ProviderAdapters.h"
#include "proxy/NewRecord.h"
#include "routing/Clock.h"
#include "routing/Outcome.h"
#include "routing/RoutingEngine.h"
#include "routing/Strategy.h"
#include "security/ConcurrencyLimiter.h"
#include "upstream/UpstreamClient.h"
#include "upstream/UpstreamTransfer.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>
#include <QTimer>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcProxy, "switchyard.proxy")

namespace switchyard::proxy {

namespace {

constexpr qsizetype kMaxBufferedBody = 256 * 1024 * 1024;

bool isRetriableStatus(int status)
{
    return status == 429 || status >= 500;
}

// The upstream's whole answer as a JSON object, or nothing when it is not one.
std::optional<QJsonObject> jsonObject(const QByteArray &body)
{
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject())
        return std::nullopt;
    return doc.object();
}

// Upstream headers worth passing to the client (rate-limit information mostly).
bool isForwardedHeader(QByteArrayView name)
{
    return name.startsWith("x-ratelimit-") || name.compare("retry-after", Qt::CaseInsensitive) == 0
        || name.compare("openai-processing-ms", Qt::CaseInsensitive) == 0;
}

} // namespace

ProxyCall::ProxyCall(http::HttpExchange *exchange, upstream::UpstreamClient *client,
                     routing::RoutingEngine *engine, const config::Config *config,
                     api::RequestContext request, routing::RoutingDecision decision,
                     QObject *parent)
    : QObject(parent), m_exchange(exchange), m_client(client), m_inbound(request.format),
      m_request(std::move(request)), m_engine(engine), m_config(config),
      m_decision(std::move(decision))
{
    connect(exchange, &http::HttpExchange::clientDisconnected, this, [this] {
        qCInfo(lcProxy) << "client went away; cancelling the upstream request";
        m_record.status = 499; // nginx's "client closed request"
        m_record.errorCode = u"client_closed"_s;
        recordOutcome(routing::OutcomeKind::Cancelled);
        done(); // cancels the transfer after marking us done, so its finished() is ignored
    });
    connect(exchange, &QObject::destroyed, this, [this] { done(); });
    m_clock.start();
    m_record = newRecord(*exchange, m_inbound, m_decision);
    m_record.strategy = routing::strategyName(m_decision.strategy);
    m_record.stream = m_request.stream;
    m_record.bytesIn = m_request.raw.size();
}

ProxyCall::~ProxyCall()
{
    recordOutcome(routing::OutcomeKind::Cancelled);
    releaseSlot();
    if (m_transfer)
        m_transfer->cancel();
}

void ProxyCall::start()
{
    if (m_decision.attempts.isEmpty()) {
        failAll();
        return;
    }
    qCDebug(lcProxy).noquote() << m_decision.summary();
    startAttempt(0);
}

void ProxyCall::recordOutcome(routing::OutcomeKind kind, const QString &message)
{
    releaseSlot(); // the attempt is over either way
    if (m_attemptId == 0 || !m_engine)
        return;
    routing::Outcome outcome;
    outcome.kind = kind;
    outcome.status = m_status;
    outcome.message = message;
    const qint64 now = m_engine->clock().nowMs();
    outcome.totalMs = now - m_attemptStartMs;
    if (m_ttftMs >= 0)
        outcome.ttftMs = m_ttftMs;
    if (kind == routing::OutcomeKind::Http429)
        outcome.retryAfterMs
            = routing::parseRetryAfterMs(base::headerValue(m_upstreamHeaders, "retry-after"));
    m_engine->health().endAttempt(m_attemptId, outcome);
    m_attemptId = 0;
}

void ProxyCall::startAttempt(qsizetype index)
{
    if (m_done)
        return;
    m_index = index;
    m_mode = Mode::Waiting;
    m_status = 0;
    m_ttftMs = -1;
    m_buffer.clear();
    m_upstreamHeaders.clear();
    m_relay.reset();
    ++m_attemptsMade;

    const routing::PlannedAttempt &attempt = currentTarget();
    const config::ProviderConfig *provider = m_config->provider(attempt.provider);
    if (!provider) {
        attemptFailed({ attempt.targetId, u"config"_s, u"is not a configured provider"_s },
                      routing::OutcomeKind::Connect);
        return;
    }
    const providers::ProviderAdapter &adapter = providers::adapterFor(provider->kind);
    m_upstream = adapter.upstreamFormat(m_inbound);
    m_usage.reset(m_upstream);
    m_translate = m_upstream != m_inbound;
    const Result<QByteArray> body
        = UpstreamBody::forAttempt(m_request, *provider, attempt, m_upstream);
    if (!body || body->isEmpty()) {
        attemptFailed(
            { attempt.targetId, u"unsupported"_s, body ? QString() : body.error().message },
            routing::OutcomeKind::Connect);
        return;
    }
    auto spec = adapter.buildRequest(*provider, m_upstream, *body, m_request.stream,
                                     m_exchange->request().headers);
    if (!spec) {
        attemptFailed({ attempt.targetId, u"config"_s, spec.error().message },
                      routing::OutcomeKind::Connect);
        return;
    }
    if (!m_client) {
        attemptFailed({ attempt.targetId, u"shutdown"_s, u"the gateway is shutting down"_s },
                      routing::OutcomeKind::Cancelled);
        return;
    }
    // A route's own time limits win over the provider's.
    if (m_decision.timeouts.firstByteMs > 0)
        spec->timeouts.firstByteMs = m_decision.timeouts.firstByteMs;
    if (m_decision.timeouts.totalMs > 0)
        spec->timeouts.totalMs = m_decision.timeouts.totalMs;
    if (m_limiter && provider->maxConcurrency > 0) {
        // The provider caps requests in flight: wait for a slot in its bounded queue.
        auto shared = std::make_shared<upstream::UpstreamRequestSpec>(std::move(*spec));
        m_limiter->acquire(
            attempt.provider, this, [this, shared, index](bool granted, const QString &reason) {
                if (m_done || m_index != index)
                    return;
                if (!granted) {
                    attemptFailed({ currentId(), u"queue"_s, u"is busy (%1)"_s.arg(reason) },
                                  routing::OutcomeKind::Cancelled);
                    return;
                }
                m_slotProvider = currentTarget().provider;
                launch(std::move(*shared));
            });
        return;
    }
    launch(std::move(*spec));
}

void ProxyCall::releaseSlot()
{
    if (m_limiter && !m_slotProvider.isEmpty())
        m_limiter->release(m_slotProvider);
    m_slotProvider.clear();
}

void ProxyCall::launch(upstream::UpstreamRequestSpec spec)
{
    if (!m_client) {
        releaseSlot();
        attemptFailed({ currentId(), u"shutdown"_s, u"the gateway is shutting down"_s },
                      routing::OutcomeKind::Cancelled);
        return;
    }
    if (m_engine) {
        m_attemptId = m_engine->health().beginAttempt(currentId());
        m_attemptStartMs = m_engine->clock().nowMs();
    }
    m_transfer = m_client->start(std::move(spec));
    connect(m_transfer, &upstream::UpstreamTransfer::responseStarted, this,
            &ProxyCall::onResponseStarted);
    connect(m_transfer, &upstream::UpstreamTransfer::dataReceived, this, &ProxyCall::onData);
    connect(m_transfer, &upstream::UpstreamTransfer::finished, this, &ProxyCall::onFinished);
}

void ProxyCall::onResponseStarted(int status, const base::HeaderList &headers)
{
    m_status = status;
    if (m_engine && !m_request.stream)
        m_ttftMs = m_engine->clock().nowMs() - m_attemptStartMs;
    m_upstreamHeaders = headers;
    const QByteArray type = base::headerValue(headers, "content-type").toLower();
    if (!(status >= 200 && status < 300 && m_request.stream
          && (type.startsWith("text/event-stream") || type.startsWith("application/x-ndjson")))) {
        m_mode = Mode::Buffer;
        return;
    }
    m_mode = Mode::Stream;
    StreamRelay::Options options;
    options.inbound = m_inbound;
    options.upstream = m_upstream;
    options.canonical = m_request.canonical ? &*m_request.canonical : nullptr;
    options.clientWantsUsage = m_request.clientWantsUsage;
    options.answerModel = answerModel();
    options.alias = isAlias();
    options.maxLoggedBody = m_logBodies ? kMaxLoggedBody : 0;
    if (m_cacheSlot.responses) {
        options.cache = m_cacheSlot;
        options.cacheSkeleton = m_cacheSlot.entry(
            m_inbound, 200, QByteArrayLiteral("text/event-stream; charset=utf-8"), currentTarget());
        options.cacheSkeleton.stream = true;
    }
    m_relay = std::make_unique<StreamRelay>(
        m_exchange, std::move(options), &m_usage,
        [this](const base::HeaderList &streamHeaders) { commitStream(streamHeaders); });
}

void ProxyCall::onData(const QByteArray &data)
{
    if (m_done)
        return;
    if (m_mode == Mode::Stream) {
        const QString oversized = m_relay->feed(data);
        if (!oversized.isEmpty())
            abandonTransfer(u"bad_response"_s, oversized);
        return;
    }
    m_buffer += data;
    if (m_buffer.size() > kMaxBufferedBody)
        abandonTransfer(u"bad_response"_s, u"sent a response larger than 256 MiB"_s);
}

void ProxyCall::abandonTransfer(const QString &outcome, const QString &detail)
{
    if (m_transfer) {
        disconnect(m_transfer, nullptr, this, nullptr);
        m_transfer->cancel();
        m_transfer.clear();
    }
    if (isCommitted()) {
        endStreamWithError(
            u"The upstream %1 %2; the answer is incomplete."_s.arg(currentId(), detail),
            u"upstream_stream_error"_s);
        return;
    }
    attemptFailed({ currentId(), outcome, detail, m_status }, routing::OutcomeKind::BadResponse);
}

void ProxyCall::onFinished(upstream::TransferError error, const QString &message)
{
    m_transfer.clear();
    if (m_done)
        return;
    if (error == upstream::TransferError::Cancelled) {
        // Not our doing: the gateway is shutting down.
        recordOutcome(routing::OutcomeKind::Cancelled);
        if (isCommitted())
            endStreamWithError(u"The gateway is shutting down; the answer is incomplete."_s,
                               u"shutting_down"_s);
        else
            sendError(base::ApiError::unavailable(u"The gateway is shutting down."_s));
        return;
    }
    if (m_mode == Mode::Stream) {
        finishStream(error, message);
        return;
    }
    if (error != upstream::TransferError::None) {
        attemptFailed(
            AttemptLog::transferFailed(currentId(), error, AttemptLog::describe(error), message),
            AttemptLog::outcomeFor(error));
        return;
    }
    finishBuffered();
}

void ProxyCall::finishStream(upstream::TransferError error, const QString &message)
{
    const QString target = currentId();
    if (!isCommitted()) {
        // Nothing reached the client yet: this attempt failed and the next may be tried.
        const QString why = error == upstream::TransferError::None
            ? u"ended the stream without sending an event"_s
            : AttemptLog::describe(error);
        attemptFailed(AttemptLog::transferFailed(target, error, why, message),
                      AttemptLog::outcomeFor(error));
        return;
    }
    if (error == upstream::TransferError::None && m_relay->isAtEventBoundary()) {
        m_relay->flush();
        recordOutcome(routing::OutcomeKind::Success);
        m_relay->complete();
        done();
        return;
    }
    const QString why = m_relay->overflowed()
        ? u"sent an oversized stream event"_s
        : (error == upstream::TransferError::None ? u"ended the stream mid-event"_s
                                                  : AttemptLog::describe(error));
    qCWarning(lcProxy).noquote() << target << "stream broke after data was sent:" << why << message;
    const bool timeout = AttemptLog::isTimeout(error);
    recordOutcome(timeout ? routing::OutcomeKind::Timeout : routing::OutcomeKind::BadResponse, why);
    endStreamWithError(
        u"The upstream %1 %2 after the response had started; the answer is incomplete."_s.arg(
            target, why),
        timeout ? u"upstream_timeout"_s : u"upstream_stream_error"_s);
}

void ProxyCall::finishBuffered()
{
    const QString target = currentId();
    const std::optional<QJsonObject> answer = jsonObject(m_buffer);
    const bool json = answer.has_value();
    if (m_status >= 200 && m_status < 300) {
        if (!json) {
            attemptFailed(
                { target, u"bad_response"_s,
                  u"answered HTTP %1 with a body that is not a JSON object"_s.arg(m_status),
                  m_status },
                routing::OutcomeKind::BadResponse);
            return;
        }
        m_usage.addResponse(m_buffer);
        auto translated = UpstreamBody::clientResponse(m_buffer, *answer, m_inbound, m_upstream,
                                                       answerModel(), isAlias());
        if (auto *e = std::get_if<base::ApiError>(&translated)) {
            attemptFailed({ target, u"bad_response"_s,
                            u"answered with a response that cannot be read: %1"_s.arg(e->message),
                            m_status },
                          routing::OutcomeKind::BadResponse);
            return;
        }
        const QByteArray body = std::get<QByteArray>(std::move(translated));
        recordOutcome(routing::OutcomeKind::Success);
        m_attempts.append({ target, QString::number(m_status) });
        base::HeaderList headers = decisionHeaders();
        headers.append(
            { QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
        m_exchange->respond(m_status, body, headers);
        m_record.status = m_status;
        m_record.bytesOut = body.size();
        if (m_logBodies)
            m_record.responseBody = body.left(kMaxLoggedBody);
        if (m_cacheSlot.responses) {
            cache::CacheEntry entry = m_cacheSlot.entry(
                m_inbound, m_status, QByteArrayLiteral("application/json"), currentTarget());
            entry.body = body;
            m_cacheSlot.store(std::move(entry));
        }
        done();
        return;
    }
    const routing::OutcomeKind kind = routing::classifyHttpError(m_status, m_buffer);
    const bool mayRetry = kind != routing::OutcomeKind::Http4xx
        && m_engine->nextAttempt(m_decision, m_index, kind, m_attemptsMade) >= 0;
    if (isRetriableStatus(m_status) || mayRetry) {
        attemptFailed({ target,
                        kind == routing::OutcomeKind::ContextLength ? u"context_length"_s
                                                                    : QString::number(m_status),
                        u"answered HTTP %1"_s.arg(m_status), m_status,
                        json ? m_buffer : QByteArray(), m_upstreamHeaders },
                      kind);
        return;
    }
    // Any other error status is the client's problem: show them the provider's own words.
    recordOutcome(kind);
    if (!json) {
        m_attempts.append({ target, QString::number(m_status),
                            u"answered HTTP %1 with a body that is not JSON"_s.arg(m_status),
                            m_status });
        sendError(base::ApiError::badGateway(
            u"The upstream %1 answered HTTP %2 with a body that is not JSON."_s.arg(target).arg(
                m_status)));
        return;
    }
    m_attempts.append({ target, QString::number(m_status), {}, m_status });
    base::HeaderList headers = decisionHeaders();
    headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    m_exchange->respond(m_status, clientErrorBody(m_status, m_buffer), headers);
    m_record.status = m_status;
    m_record.bytesOut = m_buffer.size();
    done();
}

QByteArray ProxyCall::clientErrorBody(int status, const QByteArray &upstreamBody) const
{
    const config::ProviderConfig *provider = nullptr;
    if (m_index >= 0 && m_index < m_decision.attempts.size())
        provider = m_config->provider(currentTarget().provider);
    return UpstreamBody::clientError(status, upstreamBody, provider, m_inbound, m_upstream);
}

void ProxyCall::commitStream(const base::HeaderList &streamHeaders)
{
    if (m_engine)
        m_ttftMs = m_engine->clock().nowMs() - m_attemptStartMs;
    m_attempts.append({ currentId(), QString::number(m_status) });
    base::HeaderList headers = decisionHeaders();
    headers.append(streamHeaders);
    m_exchange->beginStream(200, headers);
    m_record.status = 200;
}

void ProxyCall::attemptFailed(Attempt attempt, routing::OutcomeKind kind)
{
    qCInfo(lcProxy).noquote() << "attempt" << attempt.target << "failed:" << attempt.outcome
                              << attempt.detail;
    recordOutcome(kind, attempt.detail);
    m_attempts.append(std::move(attempt));
    if (!m_exchange || !m_exchange->isClientConnected()) {
        done();
        return;
    }
    const qsizetype next = m_engine->nextAttempt(m_decision, m_index, kind, m_attemptsMade);
    if (next < 0) {
        failAll();
        return;
    }
    const int backoff = m_decision.retry.backoffMs();
    if (backoff <= 0) {
        startAttempt(next);
        return;
    }
    QTimer::singleShot(backoff, this, [this, next] { startAttempt(next); });
}

void ProxyCall::failAll()
{
    const AttemptLog::Failure failure = m_attempts.failure(m_decision.requestedModel);
    if (!failure.passThrough) {
        sendError(failure.error);
        return;
    }
    const Attempt &only = *failure.passThrough;
    base::HeaderList headers = decisionHeaders();
    for (const auto &[name, value] : only.headers) {
        if (isForwardedHeader(name.toLower()))
            headers.append({ name, value });
    }
    headers.append({ QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json") });
    m_exchange->respond(only.status, clientErrorBody(only.status, only.body), headers);
    m_record.status = only.status;
    m_record.bytesOut = only.body.size();
    done();
}

void ProxyCall::sendError(const base::ApiError &error)
{
    if (m_exchange) {
        for (const auto &[name, value] : decisionHeaders())
            m_exchange->addResponseHeader(name, value);
        m_exchange->respondError(error, m_inbound);
        m_record.status = error.status;
        m_record.errorCode = error.code;
    }
    done();
}

void ProxyCall::endStreamWithError(const QString &message, const QString &code)
{
    m_record.errorCode = code;
    m_relay->fail(message, code);
    done();
}

base::HeaderList ProxyCall::decisionHeaders() const
{
    base::HeaderList headers;
    if (m_index >= 0 && m_index < m_decision.attempts.size()) {
        const routing::PlannedAttempt &target = currentTarget();
        headers.append({ QByteArrayLiteral("x-switchyard-provider"), target.provider.toUtf8() });
        headers.append({ QByteArrayLiteral("x-switchyard-model"), target.model.toUtf8() });
        if (m_cacheSlot.responses)
            headers.append({ QByteArrayLiteral("x-switchyard-cache"), QByteArrayLiteral("miss") });
    }
    if (isAlias())
        headers.append({ QByteArrayLiteral("x-switchyard-route"), m_decision.route.toUtf8() });
    const QByteArray attempts = m_attempts.header();
    if (!attempts.isEmpty())
        headers.append({ QByteArrayLiteral("x-switchyard-attempts"), attempts });
    return headers;
}

QString ProxyCall::answerModel() const
{
    return isAlias() ? m_decision.requestedModel : currentTarget().model;
}

void ProxyCall::done()
{
    if (m_done)
        return;
    m_done = true;
    if (m_transfer)
        m_transfer->cancel();
    if (m_recordSink) {
        m_attempts.copyTo(m_record);
        if (m_index >= 0 && m_index < m_decision.attempts.size()) {
            m_record.provider = currentTarget().provider;
            m_record.model = currentTarget().model;
        }
        if (isCommitted()) {
            // A streamed answer's body went out through the relay.
            m_record.bytesOut = m_relay->bytesOut();
            if (m_logBodies)
                m_record.responseBody = m_relay->loggedBody();
        }
        m_record.latencyMs = m_clock.elapsed();
        m_record.ttftMs = m_ttftMs;
        m_usage.applyTo(m_record);
        if (m_logBodies)
            m_record.requestBody = m_request.raw.left(kMaxLoggedBody);
        m_recordSink(m_record);
    }
    base::deleteSoon(this);
}

} // namespace switchyard::proxy
