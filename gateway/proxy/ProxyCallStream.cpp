#include "ProxyCall.h"
#include "cache/ResponseCache.h"
#include "providers/ProviderRequest.h"
#include "security/SecretScrubber.h"

#include <QDateTime>

// ProxyCall, second part: what goes upstream (bodies, translation) and how an upstream's stream
// is relayed to the client (pass-through or translated event by event).

#include "api/JsonBody.h"
#include "api/canonical/Codecs.h"
#include "http/HttpExchange.h"
#include "providers/OpenAiAdapter.h"
#include "routing/Clock.h"
#include "routing/RoutingEngine.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

using namespace Qt::StringLiterals;

Q_DECLARE_LOGGING_CATEGORY(lcProxy)

namespace switchyard::proxy {

QByteArray ProxyCall::upstreamBody(const config::ProviderConfig &provider, QString *error)
{
    const QString &model = currentTarget().model;
    if (!m_translate) {
        if (m_inbound == base::WireFormat::AnthropicMessages)
            return api::JsonBody::setMember(m_clientBody, "model", api::JsonBody::quote(model));
        return providers::OpenAiAdapter::upstreamBody({ &provider, model }, m_request,
                                                      m_clientBody);
    }
    const api::canonical::Codec *inbound = api::canonical::codecFor(m_inbound);
    const api::canonical::Codec *upstream = api::canonical::codecFor(m_upstream);
    if (!inbound || !upstream) {
        *error = u"speaks %1, which cannot serve this endpoint"_s.arg(
            config::providerKindName(provider.kind));
        return {};
    }
    // Decoded once: by the endpoint's validation, or by the first translating attempt.
    if (!m_request.canonical) {
        auto decoded = inbound->decodeRequest(m_request.object);
        if (auto *e = std::get_if<base::ApiError>(&decoded)) {
            *error = e->message;
            return {};
        }
        m_request.canonical = std::get<api::canonical::Request>(std::move(decoded));
    }
    api::canonical::Request request = *m_request.canonical;
    request.model = model;
    request.stream = m_request.stream;
    if (m_upstream == base::WireFormat::OllamaChat) {
        if (currentTarget().contextLength)
            request.contextLength = int(*currentTarget().contextLength);
        // Clients that know they talk to Ollama may send keep_alive in an OpenAI body.
        const QJsonValue keepAlive = m_request.object.value(u"keep_alive"_s);
        if (keepAlive.isString())
            request.keepAlive = keepAlive.toString();
        else if (keepAlive.isDouble())
            request.keepAlive = QString::number(keepAlive.toInteger());
        // Ollama takes images only inline; it cannot fetch a URL. Say so rather than answer
        // as if the image had been seen.
        for (const api::canonical::Message &message : std::as_const(request.messages)) {
            for (const api::canonical::ContentBlock &block : message.content) {
                if (block.kind == api::canonical::ContentBlock::Kind::Image
                    && block.imageData.isEmpty()) {
                    *error = u"cannot fetch image URLs (Ollama takes images only as base64 data); "
                             "send the image inline as a data: URL"_s;
                    return {};
                }
            }
        }
    }
    return QJsonDocument(upstream->encodeRequest(request)).toJson(QJsonDocument::Compact);
}

QByteArray ProxyCall::clientErrorBody(int status, const QByteArray &upstreamBody) const
{
    // Some providers echo the key they were sent ("Incorrect API key provided: sk-…"): it
    // must not reach the client, whoever the client is.
    QList<QByteArray> secrets;
    if (m_index >= 0 && m_index < m_decision.attempts.size()) {
        if (const config::ProviderConfig *p = m_config->provider(currentTarget().provider)) {
            if (auto key = providers::providerKey(*p); key && !key->isEmpty())
                secrets.append(*key);
        }
    }
    const QByteArray body = security::SecretScrubber::scrub(upstreamBody, secrets);
    if (!m_translate)
        return body;
    base::ApiError error = api::canonical::codecFor(m_upstream)->decodeError(status, body);
    error.status = status;
    return api::canonical::codecFor(m_inbound)->encodeError(error);
}

void ProxyCall::writeCanonical(const QList<api::canonical::StreamEvent> &events)
{
    for (api::canonical::StreamEvent event : events) {
        if (!m_exchange)
            return;
        if (event.kind == api::canonical::StreamEvent::Kind::MessageStart)
            event.model = isAlias() ? m_decision.requestedModel : currentTarget().model;
        const QByteArray out = m_encoder->encode(event);
        if (out.isEmpty())
            continue;
        if (!m_committed)
            commitStream();
        writeClient(out);
    }
}

void ProxyCall::relayTranslated(const QList<api::SseEvent> &events)
{
    for (const api::SseEvent &event : events)
        writeCanonical(m_decoder->decode(event.event, event.data));
}

void ProxyCall::relayEvents(const QList<api::SseEvent> &events)
{
    for (const api::SseEvent &event : events)
        m_usage.addEvent(event.event, event.data);
    if (m_translate) {
        relayTranslated(events);
        return;
    }
    for (const api::SseEvent &event : events) {
        if (!m_exchange)
            return;
        QByteArray out;
        if (event.data == "[DONE]") {
            m_sawDone = true;
            out = event.raw;
        } else {
            QByteArray data = event.data;
            bool edited = false;
            if (m_inbound == base::WireFormat::AnthropicMessages) {
                // Same format both sides: bytes through; an alias only renames message_start's
                // model.
                if (isAlias() && event.event == "message_start") {
                    QJsonObject start = QJsonDocument::fromJson(data).object();
                    QJsonObject message = start.value(u"message"_s).toObject();
                    message.insert(u"model"_s, m_decision.requestedModel);
                    start.insert(u"message"_s, message);
                    out = "event: message_start\ndata: "
                        + QJsonDocument(start).toJson(QJsonDocument::Compact) + "\n\n";
                } else {
                    out = event.raw;
                }
                if (!m_committed)
                    commitStream();
                writeClient(out);
                continue;
            }
            // We asked for usage on the client's behalf: make the stream look as if we had
            // not (no usage-only chunk, no "usage": null members).
            if (!m_request.clientWantsUsage && data.contains("\"usage\"")) {
                const QJsonObject chunk = QJsonDocument::fromJson(data).object();
                if (chunk.value(u"usage"_s).isObject()
                    && chunk.value(u"choices"_s).toArray().isEmpty())
                    continue;
                data = api::JsonBody::removeMember(data, "usage");
                edited = true;
            }
            if (isAlias() && data.startsWith('{')) {
                data = api::JsonBody::setMember(data, "model",
                                                api::JsonBody::quote(m_decision.requestedModel));
                edited = true;
            }
            out = edited ? QByteArray("data: " + data + "\n\n") : event.raw;
        }
        if (!m_committed)
            commitStream();
        writeClient(out);
    }
}

void ProxyCall::commitStream()
{
    m_committed = true;
    if (m_engine)
        m_ttftMs = m_engine->clock().nowMs() - m_attemptStartMs;
    m_attempts.append({ currentId(), QString::number(m_status) });
    base::HeaderList headers = decisionHeaders();
    headers.append({ QByteArrayLiteral("Content-Type"),
                     QByteArrayLiteral("text/event-stream; charset=utf-8") });
    headers.append({ QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-cache") });
    headers.append({ QByteArrayLiteral("X-Accel-Buffering"), QByteArrayLiteral("no") });
    m_exchange->beginStream(200, headers);
    m_record.status = 200;
    if (m_cacheSlot.responses) {
        cache::CacheEntry skeleton;
        skeleton.key = m_cacheSlot.key;
        skeleton.inbound = m_inbound;
        skeleton.status = 200;
        skeleton.contentType = QByteArrayLiteral("text/event-stream; charset=utf-8");
        skeleton.stream = true;
        skeleton.model = currentTarget().model;
        skeleton.provider = currentTarget().provider;
        m_recorder.emplace(std::move(skeleton));
    }
}

void ProxyCall::writeClient(const QByteArray &bytes)
{
    m_exchange->writeChunk(bytes);
    m_record.bytesOut += bytes.size();
    if (m_recorder)
        m_recorder->append(bytes);
    if (m_logBodies && m_record.responseBody.size() < kMaxLoggedBody)
        m_record.responseBody += bytes.left(kMaxLoggedBody - m_record.responseBody.size());
}

void ProxyCall::streamCompleted()
{
    if (!m_recorder || !m_cacheSlot.responses)
        return;
    std::optional<cache::CacheEntry> entry = m_recorder->finish();
    m_recorder.reset();
    if (!entry)
        return;
    entry->createdMs = QDateTime::currentMSecsSinceEpoch();
    entry->expiresMs = entry->createdMs + qint64(m_cacheSlot.ttlSeconds) * 1000;
    m_cacheSlot.responses->insert(std::move(*entry));
}

} // namespace switchyard::proxy
